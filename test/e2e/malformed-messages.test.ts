/**
 * Raw bytes on the built server's stdin: what a buggy or hostile client can send. Every request
 * gets an answer (the client never waits for its timeout), nothing ends the session but the end
 * of stdin, and where the SDK decides the answer, the test pins what it does today (the README
 * says so too).
 */
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { spawnRecorded, type RecordedServer } from "../support/recorded-stdio.js";
import { startStubOctoPerf } from "../support/stub-octoperf-server.js";
import { SEED } from "../support/seed-ids.js";

const MiB = 1024 * 1024;
let server: RecordedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type ErrorAnswer = { jsonrpc: "2.0"; id?: string | number; error: { code: number; message: string } };
const isError = (m: JSONRPCMessage): m is ErrorAnswer => "error" in m;
/** Error answers that carry no id: the answers to requests whose id could not be read. */
const idless = (s: RecordedServer) => s.transport.received.filter((m) => isError(m) && !("id" in m)) as ErrorAnswer[];

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Writes one raw line and waits for the id-less error answer it must get. */
async function idlessAnswerTo(s: RecordedServer, line: string): Promise<ErrorAnswer> {
  const before = idless(s).length;
  await s.transport.writeLine(line);
  return until(`an answer to ${line.slice(0, 60)}`, () => idless(s)[before]);
}

const demo = () => spawnRecorded(["--demo"], {}, { label: "malformed" });

describe("malformed lines get a JSON-RPC error answer and the session goes on", () => {
  it("text that is not JSON: -32700 Parse error (no id can be read)", async () => {
    server = await demo();
    for (const line of ["{not json", "{", "hello", "\u0000\u0001"]) {
      const answer = await idlessAnswerTo(server, line);
      expect(answer.error.code).toBe(-32700);
      expect(answer.error.message).toMatch(/not valid JSON/);
    }
    await server.transport.writeRaw(Buffer.from([0xff, 0xfe, 0x80, 0x0a]));
    await until("an answer to invalid UTF-8", () => idless(server!)[4]);
    await server.client.ping();
  });

  it("a request with params: null, params: [] or an unknown member: -32600 Invalid Request with its id, saying what is wrong", async () => {
    server = await demo();
    const cases: [string | number, object, RegExp][] = [
      [101, { params: null, method: "tools/list" }, /"params" must be an object when present \(got null\)/],
      ["p-2", { params: [], method: "tools/list" }, /"params" must be an object when present \(got an array\)/],
      [103, { method: "tools/list", extra: true }, /unexpected member "extra"/],
      [104, { method: 7 }, /"method" must be a string/],
    ];
    for (const [id, rest, message] of cases) {
      await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id, ...rest }));
      const answer = (await server.transport.responseTo(id)) as ErrorAnswer;
      expect(answer.error.code, String(id)).toBe(-32600);
      expect(answer.error.message, String(id)).toMatch(message);
    }
    await server.client.ping();
  });

  it("odd ids (null, fractional, object, boolean, array, beyond 2^53): each request gets one -32600 answer without an id", async () => {
    server = await demo();
    for (const id of [null, 1.5, {}, true, [1], 1e300]) {
      const answer = await idlessAnswerTo(server, JSON.stringify({ jsonrpc: "2.0", id, method: "tools/list" }));
      expect(answer.error.code).toBe(-32600);
      expect(answer.error.message).toMatch(/"id" must be a string or an integer/);
    }
    // Odd but valid ids are answered as they came.
    for (const id of [-7, "", 0, "x".repeat(200)]) {
      await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id, method: "ping" }));
      expect(await server.transport.responseTo(id)).toMatchObject({ id, result: {} });
    }
  });

  it("a batch, a wrong jsonrpc version, a bare value: -32600", async () => {
    server = await demo();
    const batch = await idlessAnswerTo(server, JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "ping" }]));
    expect(batch.error).toMatchObject({ code: -32600, message: expect.stringMatching(/batches/) });
    expect((await idlessAnswerTo(server, "42")).error.code).toBe(-32600);
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "1.0", id: 5, method: "ping" }));
    expect(await server.transport.responseTo(5)).toMatchObject({ error: { code: -32600, message: expect.stringMatching(/"jsonrpc" must be "2.0"/) } });
    await server.transport.writeLine(JSON.stringify({ id: 6, method: "ping" }));
    expect(await server.transport.responseTo(6)).toMatchObject({ error: { code: -32600 } });
  });

  it("an invalid notification or response gets no answer (JSON-RPC never answers one) but a warning on stderr", async () => {
    server = await demo();
    const before = server.transport.received.length;
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized", params: null }));
    // Nor does a malformed response (an answer to an answer would make no sense).
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id: 77, result: "not an object" }));
    await server.client.ping();
    await until("the warnings", () =>
      /"problem":"an invalid notification: \\"params\\" must be an object/.test(server!.stderr()) && /"problem":"an invalid response/.test(server!.stderr())
        ? true
        : undefined,
    );
    expect(server.transport.received.length).toBe(before + 1); // the ping's answer only
  });

  it("CRLF line ends, a byte-order mark and blank lines are accepted", async () => {
    server = await demo();
    await server.transport.writeRaw(Buffer.from(`\r\n\n${JSON.stringify({ jsonrpc: "2.0", id: "crlf", method: "ping" })}\r\n`));
    await server.transport.writeLine(`\ufeff${JSON.stringify({ jsonrpc: "2.0", id: "bom", method: "ping" })}`);
    expect(await server.transport.responseTo("crlf")).toMatchObject({ result: {} });
    expect(await server.transport.responseTo("bom")).toMatchObject({ result: {} });
    expect(idless(server)).toEqual([]);
  });
});

describe("a client sending garbage in a loop", () => {
  it("gets every line answered, while stderr holds ten warnings and then counts, not one line per message", { timeout: 30_000 }, async () => {
    server = await demo();
    const LINES = 5_000;
    await server.transport.writeRaw(Buffer.from("{not json\n".repeat(LINES)));
    await until("every answer", () => (idless(server!).length >= LINES ? true : undefined), 20_000);
    expect(idless(server).every((answer) => answer.error.code === -32700)).toBe(true);
    await server.client.ping();
    const refusedLines = () =>
      server!
        .stderr()
        .split("\n")
        .filter((line) => line.includes('"message":"refused a message from the client"'));
    // Before: one warning per message, 5,000 lines.
    expect(refusedLines()).toHaveLength(10);
    expect(refusedLines().at(-1)).toMatch(/"next":"further refused messages are counted, one line a minute at most"/);
    const status = await server.close();
    expect(status.code).toBe(0);
    expect(server.stderr()).toMatch(/"message":"refused more messages from the client","count":4990/);
  });
});

describe("a message over the 10 MiB limit", () => {
  it("is answered with -32600 and its id, dropped, and the session goes on; stderr says why; stdin's end still exits 0", { timeout: 30_000 }, async () => {
    server = await demo();
    const huge = `{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"octoperf_status","arguments":{"benchResultId":"${"a".repeat(11 * MiB)}"}}}\n`;
    // In 64 KiB writes, as a pipe delivers it.
    const bytes = Buffer.from(huge);
    for (let at = 0; at < bytes.length; at += 64 * 1024) await server.transport.writeRaw(bytes.subarray(at, at + 64 * 1024));
    const answer = (await server.transport.responseTo("big-1")) as ErrorAnswer;
    expect(answer.error.code).toBe(-32600);
    expect(answer.error.message).toMatch(/larger than 10 MiB \(10485760 bytes\) and was dropped; the session goes on/);
    expect(server.stderr()).toMatch(/"level":"warn","message":"refused a message over the size limit; the session goes on"/);

    // Its id after a big member cannot be read: the answer has none. A message just under the limit is served.
    const idLast = await idlessAnswerTo(server, `{"jsonrpc":"2.0","method":"ping","params":{"pad":"${"b".repeat(11 * MiB)}"},"id":"big-2"}`);
    expect(idLast.error.code).toBe(-32600);
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id: "near-limit", method: "ping", params: { _meta: { pad: "c".repeat(9 * MiB) } } }));
    expect(await server.transport.responseTo("near-limit", 20_000)).toMatchObject({ result: {} });

    const alive = await server.call("octoperf_status", { benchResultId: SEED.run.checkoutBaseline });
    expect(alive.isError).toBeFalsy();
    const status = await server.close();
    expect(status).toEqual({ code: 0, signal: null });
  });
});

describe("resources/read errors", () => {
  it("a malformed run id or an unknown run is the caller's mistake: -32602 with the tool's words", async () => {
    server = await demo();
    const read = (uri: string) =>
      server!.client.readResource({ uri }).then(
        () => null,
        (e: unknown) => e as { code: number; message: string },
      );
    const bad = await read("octoperf://runs/bad%20id!");
    expect(bad).toMatchObject({ code: -32602, message: expect.stringMatching(/benchResultId may only contain letters, digits.*Fix the arguments/) });
    const missing = await read("octoperf://runs/noSuchRun0000000001");
    expect(missing).toMatchObject({ code: -32602, message: expect.stringMatching(/noSuchRun0000000001/) });
    const unknownKind = await read("octoperf://nothing/here");
    expect(unknownKind).toMatchObject({ code: -32602 }); // the SDK's own "Resource … not found"
  });

  it("OctoPerf unavailable while reading a run: -32603 with what to do, and the server goes on", async () => {
    const KEY = "res0urce-err0-4e7a-b1d2-0000000000ab";
    const stub = await startStubOctoPerf({ apiKey: KEY });
    try {
      server = await spawnRecorded([], { OCTOPERF_API_KEY: KEY, OCTOPERF_BASE_URL: stub.baseUrl, OCTOPERF_MAX_RETRIES: "0" }, { label: "resource 503" });
      stub.script("GET", /^\/runtime\/bench-results\//, [{ status: 503 }]);
      const error = await server.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" }).then(
        () => null,
        (e: unknown) => e as { code: number; message: string },
      );
      expect(error).toMatchObject({ code: -32603, message: expect.stringMatching(/try again in a minute/) });
      const again = await server.client.readResource({ uri: "octoperf://runs/checkoutRunBase00001" });
      expect(again.contents).toHaveLength(1);
    } finally {
      await server?.close();
      server = undefined;
      await stub.close();
    }
  });

  it('pinned SDK behaviour: a uri that is not a URL is -32603 "Invalid URL"', async () => {
    server = await demo();
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id: "sdk-1", method: "resources/read", params: { uri: "not a uri" } }));
    expect(await server.transport.responseTo("sdk-1")).toMatchObject({ error: { code: -32603, message: "Invalid URL" } });
  });
});

describe("params of the wrong shape for a method the server serves", () => {
  it("-32602 Invalid params naming the field, with the request's id (the SDK alone answered -32603 and a schema dump)", async () => {
    server = await demo();
    const cases: [string, string, object, RegExp][] = [
      ["shape-1", "tools/call", {}, /^Invalid params: params\.name: .*expected string/],
      ["shape-2", "tools/call", { name: "octoperf_status", arguments: "../x" }, /params\.arguments/],
      ["shape-3", "resources/read", { uri: 5 }, /params\.uri/],
      ["shape-4", "prompts/get", { name: ["load-test"] }, /params\.name/],
    ];
    for (const [id, method, params, message] of cases) {
      await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      expect(await server.transport.responseTo(id), id).toMatchObject({ error: { code: -32602, message: expect.stringMatching(message) } });
    }
    // A method the server does not serve is still the SDK's "Method not found", whatever its params.
    await server.transport.writeLine(JSON.stringify({ jsonrpc: "2.0", id: "shape-5", method: "tasks/get", params: {} }));
    expect(await server.transport.responseTo("shape-5")).toMatchObject({ error: { code: -32601 } });
    await server.client.ping();
  });
});
