import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../ports/clock-port.js";

/** The real clock. A pending sleep keeps the process alive: a script awaiting a wait must not exit early. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await delay(Math.max(0, ms), undefined, { signal });
  }

  alarm(at: number, onTime: () => void): () => void {
    const timer = setTimeout(onTime, Math.max(0, at - Date.now()));
    return () => clearTimeout(timer);
  }
}
