import { describeOctoPerfPortContract } from "../../ports/octoperf-port.contract.js";
import { RUN_DURATION_MS, startHarness } from "./http-harness.js";

describeOctoPerfPortContract("HttpOctoPerfAdapter over the stub OctoPerf server", async () => {
  const harness = await startHarness();
  return {
    port: harness.adapter,
    advance: (ms) => harness.clock.advance(ms),
    runDurationMs: RUN_DURATION_MS,
    close: () => harness.close(),
  };
});
