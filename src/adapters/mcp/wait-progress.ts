import type { WaitProgress } from "../../domain/use-cases/wait-for-run.js";
import type { ToolContext } from "./define-tool.js";

/**
 * Turns a wait's progress into MCP progress notifications. The spec requires each notification's
 * progress to be larger than the last, and clients use each one as a keep-alive, so a poll that
 * saw no change still nudges the number up by a hair; the message carries the true state.
 */
export function progressNotifier(ctx: Pick<ToolContext, "progress">): (progress: WaitProgress) => Promise<void> {
  let last = 0;
  return async ({ percent, message }) => {
    const next = percent >= 100 ? 100 : Math.min(99.9, Math.max(percent, last + 0.01));
    if (next <= last) return;
    last = next;
    await ctx.progress({ progress: Math.round(next * 100) / 100, total: 100, message });
  };
}
