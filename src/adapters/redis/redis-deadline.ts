/** A Redis command that got no answer within our deadline (a frozen or partitioned Redis accepts commands and never answers). */
export class RedisDeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
    this.name = "RedisDeadlineError";
  }
}

/**
 * Runs one command under a deadline of ours. node-redis's own per-command `timeout` stops
 * counting once the command is written to the socket, so a Redis that accepts the connection and
 * never replies (SIGSTOP, a partition behind a proxy) would make the command wait forever. The
 * abort signal also drops a command still queued; one already written is abandoned: its late
 * reply, if any, resolves nothing that anyone waits on.
 */
export async function underDeadline<T>(timeoutMs: number, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RedisDeadlineError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  const sent = send(controller.signal);
  // The loser of the race must not surface as an unhandled rejection.
  sent.catch(() => {});
  try {
    return await Promise.race([sent, expired]);
  } finally {
    clearTimeout(timer);
  }
}
