/**
 * Writes to the process's stderr without ever throwing or raising an 'error' event that nobody
 * handles. When the reader of stderr goes away (the MCP client died, `2>&1 | head -1`), a write
 * fails with EPIPE; left alone, Node reports it as an uncaught exception, whose handler logs,
 * which fails again: a loop that once kept an orphaned server spinning at 100 % CPU. Here the
 * first failure marks stderr broken and every later write is dropped.
 */
let broken = false;
let watching = false;
const brokenListeners = new Set<(error: Error) => void>();

function markBroken(error: Error): void {
  if (broken) return;
  broken = true;
  for (const listener of brokenListeners) listener(error);
}

function watch(): void {
  if (watching) return;
  watching = true;
  process.stderr.on("error", markBroken);
}

/** Best effort: the text goes out, or it is dropped (never an exception). */
export function writeStderr(text: string): void {
  watch();
  if (broken || process.stderr.destroyed) return;
  try {
    process.stderr.write(text);
  } catch (error) {
    markBroken(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Whether a write to stderr has already failed (every later one is dropped). */
export function isStderrBroken(): boolean {
  return broken || process.stderr.destroyed;
}

/** Calls `listener` once, when stderr breaks (at once if it already has). Returns an unsubscribe. */
export function onStderrBroken(listener: (error: Error) => void): () => void {
  watch();
  if (broken) {
    listener(new Error("stderr is closed"));
    return () => {};
  }
  brokenListeners.add(listener);
  return () => brokenListeners.delete(listener);
}
