import { measureColdStart } from "/work/wt/i21-edge/bench/cold-start.js";
import { preparePeers } from "/work/wt/i21-edge/bench/tool-surface.js";
const peers = await preparePeers();
try {
  const r = await measureColdStart(peers, Number(process.argv[2] ?? 15), 2);
  console.log(JSON.stringify({ toolsList: r.firstToolsList.median, floor: r.floor.median, bare: r.bareNode.median, ratioToFloor: r.firstToolsList.median / r.floor.median, init: r.initialize.median, everything: r.peerBundled.median }));
} finally { peers.close(); }
process.exit(0);
