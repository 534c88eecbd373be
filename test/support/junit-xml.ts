import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { validateXML } from "xmllint-wasm";
import * as z from "zod";

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

/** The parts of a parsed report the tests read; anything else (or a wrong shape) fails loudly. */
const Outcome = z.object({ message: z.string().optional(), type: z.string().optional(), text: z.string().optional() });
const JUnitDocument = z.object({
  testsuites: z.object({
    testsuite: z.array(
      z.object({
        tests: z.string(),
        failures: z.string(),
        errors: z.string(),
        name: z.string(),
        properties: z.object({ property: z.array(z.object({ name: z.string(), value: z.string() })).optional() }).optional(),
        testcase: z
          .array(
            z.object({ classname: z.string(), name: z.string(), failure: Outcome.optional(), error: Outcome.optional(), "system-out": z.string().optional() }),
          )
          .optional(),
      }),
    ),
  }),
});

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
  const suites = JUnitDocument.parse(parser.parse(xml, true)).testsuites.testsuite;
  if (suites.length !== 1) throw new Error(`expected one testsuite, got ${suites.length}`);
  const suite = suites[0]!;
  const outcome = (node: z.infer<typeof Outcome> | undefined) =>
    node === undefined ? undefined : { message: node.message ?? "", type: node.type ?? "", text: node.text ?? "" };
  return {
    tests: Number(suite.tests),
    failures: Number(suite.failures),
    errors: Number(suite.errors),
    suiteName: suite.name,
    properties: Object.fromEntries((suite.properties?.property ?? []).map((p) => [p.name, p.value])),
    cases: (suite.testcase ?? []).map((c) => ({
      classname: c.classname,
      name: c.name,
      failure: outcome(c.failure),
      error: outcome(c.error),
      systemOut: c["system-out"],
    })),
  };
}
