/**
 * Callers of a per-user team server that each bring a key never sent before (a crowd of users,
 * or one stranger trying keys): `octoperf_get_current_user_workspaces` as a bare JSON-RPC POST,
 * `concurrency` at a time. What the server keeps per distinct key shows in its memory afterwards.
 */
export class DistinctKeyCallers {
  /** Keys sent so far. */
  sent = 0;
  /** HTTP statuses answered, by count. */
  readonly statuses = new Map<number, number>();

  constructor(
    private readonly url: string,
    private readonly keyOf: (serial: number) => string,
    private readonly onAnswer: (key: string, body: string) => void = () => {},
    private readonly concurrency = 8,
  ) {}

  async send(count: number): Promise<void> {
    let left = count;
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          this.sent += 1;
          const key = this.keyOf(this.sent);
          const response = await fetch(this.url, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json", accept: "application/json, text/event-stream" },
            body: JSON.stringify({
              jsonrpc: "2.0",
              id: this.sent,
              method: "tools/call",
              params: { name: "octoperf_get_current_user_workspaces", arguments: {} },
            }),
          });
          this.onAnswer(key, await response.text());
          this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
  }
}
