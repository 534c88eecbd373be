import type { WaitProgress } from "../../domain/use-cases/wait-for-run.js";

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const BAR_WIDTH = 24;

/**
 * The run's progress on stderr. On a terminal, one line redrawn in place with a bar; in a CI
 * log (not a TTY), a plain line each time the state or the load moves, no control characters.
 */
export class ProgressLine {
  private last = "";
  private drawn = false;

  constructor(private readonly stream: ProgressStream) {}

  update(progress: WaitProgress): void {
    const percent = Math.round(progress.percent);
    const message = `${String(percent).padStart(3)}% ${progress.message}`;
    if (this.stream.isTTY) {
      const filled = Math.round((percent / 100) * BAR_WIDTH);
      const line = `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${message}`;
      const width = Math.max(20, (this.stream.columns ?? 80) - 1);
      this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
      this.drawn = true;
      return;
    }
    if (message === this.last) return;
    this.last = message;
    this.stream.write(`gate: ${message}\n`);
  }

  /** Ends the live line so what follows starts on its own line. */
  done(): void {
    if (this.drawn) this.stream.write("\n");
    this.drawn = false;
  }

  /** A line of its own, above the live bar. */
  say(text: string): void {
    this.done();
    this.stream.write(`gate: ${text}\n`);
  }
}
