import { InMemoryRunCoordination } from "../../../src/adapters/memory/in-memory-run-coordination.js";
import { describeRunCoordinationContract } from "../../ports/run-coordination-port.contract.js";
import { ManualClock } from "../../support/manual-clock.js";

describeRunCoordinationContract("in memory", async () => {
  const clock = new ManualClock();
  const store = new InMemoryRunCoordination(clock);
  return {
    store,
    sameStoreElsewhere: store,
    now: () => clock.now(),
    advance: async (ms) => clock.advance(ms),
  };
});
