import { PassThrough } from "node:stream";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { REFUSAL_COUNT_EVERY_MS, REFUSALS_LOGGED_ONE_BY_ONE } from "../../../src/adapters/mcp/refusal-log.js";
import { LineStdioTransport, sniffRequestId } from "../../../src/adapters/mcp/stdio-transport.js";

describe("sniffRequestId (the id of a message too large to parse)", () => {
  it.each([
    ['{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{', 7],
    ['{ "id" : "abc-1" , "jsonrpc":"2.0"', "abc-1"],
    ['{"jsonrpc":"2.0","method":"x","id":-3,"params":', -3],
    ['{"jsonrpc":"2.0","method":"tools/call","params":{"id":5,"pad":"', null], // an id inside params is not the request's
    ['{"jsonrpc":"2.0","id":1.5,', null],
    ['{"jsonrpc":"2.0","id":99999999999999999999,', null],
    ["not json at all", null],
    ['{"jsonrpc":"2.0","id":"esc\\"aped",', 'esc"aped'],
  ])("%s → %s", (head, id) => {
    expect(sniffRequestId(head)).toBe(id);
  });
});

describe("LineStdioTransport over in-memory streams", () => {
  function setUp(maxMessageBytes = 64) {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const transport = new LineStdioTransport({ stdin, stdout, maxMessageBytes });
    const received: JSONRPCMessage[] = [];
    const sent: string[] = [];
    let closed = 0;
    transport.onmessage = (m) => void received.push(m);
    transport.onclose = () => void closed++;
    stdout.on("data", (d) => sent.push(...String(d).split("\n").filter(Boolean)));
    return { stdin, stdout, transport, received, sent, closed: () => closed };
  }
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it("reassembles messages split across chunks, multi-byte characters included", async () => {
    const t = setUp(1024);
    await t.transport.start();
    const bytes = Buffer.from(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { _meta: { note: "héllo ✓" } } })}\n`);
    for (const byte of bytes) t.stdin.write(Buffer.from([byte]));
    await tick();
    expect(t.received).toEqual([{ jsonrpc: "2.0", id: 1, method: "ping", params: { _meta: { note: "héllo ✓" } } }]);
  });

  it("an oversized line is answered once, skipped to its newline, and the next line is read", async () => {
    const t = setUp(64);
    await t.transport.start();
    t.stdin.write(`{"jsonrpc":"2.0","id":9,"method":"ping","params":{"pad":"${"x".repeat(40)}`);
    t.stdin.write(`${"y".repeat(200)}"}}\n${JSON.stringify({ jsonrpc: "2.0", id: 10, method: "ping" })}\n`);
    await tick();
    expect(t.sent.map((line): unknown => JSON.parse(line))).toEqual([
      { jsonrpc: "2.0", id: 9, error: { code: -32600, message: expect.stringMatching(/larger than .* and was dropped/) } },
    ]);
    expect(t.received).toEqual([{ jsonrpc: "2.0", id: 10, method: "ping" }]);
  });

  it("the end of stdin closes it once; sends after that are dropped, never thrown", async () => {
    const t = setUp();
    await t.transport.start();
    t.stdin.end();
    await tick();
    expect(t.closed()).toBe(1);
    await expect(t.transport.send({ jsonrpc: "2.0", id: 1, result: {} })).resolves.toBeUndefined();
    await t.transport.close();
    expect(t.closed()).toBe(1);
  });

  it("a broken stdout closes it instead of raising an unhandled 'error'", async () => {
    const t = setUp();
    const errors: Error[] = [];
    t.transport.onerror = (e) => void errors.push(e);
    await t.transport.start();
    t.stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(errors.map((e) => e.message)).toEqual(["write EPIPE"]);
    expect(t.closed()).toBe(1);
  });
});

describe("the warnings about refused messages are bounded", () => {
  it("a client sending garbage in a loop: every line answered, ten warnings one by one, then one count a minute and the rest at close", async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    let now = Date.parse("2026-11-24T09:00:00.000Z");
    const transport = new LineStdioTransport({
      stdin,
      stdout,
      logger: { log: (_level, message, fields) => void warnings.push({ message, fields }) },
      now: () => now,
    });
    let answers = 0;
    stdout.on("data", (d) => (answers += String(d).split("\n").filter(Boolean).length));
    await transport.start();

    stdin.write("not json\n".repeat(1_000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toHaveLength(REFUSALS_LOGGED_ONE_BY_ONE);
    expect(warnings.every((w) => w.message === "refused a message from the client")).toBe(true);
    expect(warnings.at(-1)!.fields).toMatchObject({ next: "further refused messages are counted, one line a minute at most" });

    now += REFUSAL_COUNT_EVERY_MS;
    stdin.write("still not json\n".repeat(5));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.slice(REFUSALS_LOGGED_ONE_BY_ONE)).toEqual([
      { message: "refused more messages from the client", fields: { count: 991, sinceSeconds: 60 } },
    ]);

    await transport.close();
    expect(warnings.at(-1)).toEqual({ message: "refused more messages from the client", fields: { count: 4, sinceSeconds: 0 } });
    expect(answers).toBe(1_005);
  });
});
