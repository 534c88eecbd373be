import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";

const SCHEMA = readFileSync(new URL("./junit.xsd", import.meta.url), "utf8");

/** Validates with libxml2 (compiled to WebAssembly) against test/support/junit.xsd; returns the errors. */
export async function junitSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: { fileName: "report.xml", contents: xml }, schema: { fileName: "junit.xsd", contents: SCHEMA } });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

export interface ParsedTestCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly error?: { readonly message: string; readonly type: string; readonly text: string };
  readonly systemOut?: string;
}

export interface ParsedJUnit {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly suiteName: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly cases: readonly ParsedTestCase[];
}

/** Reads a JUnit report back with a real XML parser (entities decoded), into what a CI shows. */
export function parseJUnit(xml: string): ParsedJUnit {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    textNodeName: "text",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  });
  const doc = parser.parse(xml, true) as any;
  const suites = doc.testsuites.testsuite as any[];
  if (suites.length !== 1) throw new Error(`expected one testsuite, got ${suites.length}`);
  const suite = suites[0];
  const outcome = (node: any) => (node === undefined ? undefined : { message: node.message ?? "", type: node.type ?? "", text: node.text ?? "" });
  return {
    tests: Number(suite.tests),
    failures: Number(suite.failures),
    errors: Number(suite.errors),
    suiteName: suite.name,
    properties: Object.fromEntries((suite.properties?.property ?? []).map((p: any) => [p.name, p.value])),
    cases: (suite.testcase ?? []).map((c: any) => ({
      classname: c.classname,
      name: c.name,
      failure: outcome(c.failure),
      error: outcome(c.error),
      systemOut: c["system-out"],
    })),
  };
}
