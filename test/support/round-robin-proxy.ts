import { createServer, request as httpRequest } from "node:http";
import { listenOnLoopback } from "./loopback-server.js";

/**
 * A load balancer on 127.0.0.1 in front of replicas, as nginx with `proxy_set_header Host $host`:
 * each request goes to the next target in turn (no affinity), the Host header kept. Targets are
 * added once they listen (the replicas need the balancer's address first, as their public URL);
 * `remove` takes one out of the pool, as a failing readiness probe does.
 */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<{
  readonly origin: string;
  /** Which target answered each request, in order. */
  readonly served: string[];
  add(target: string): void;
  remove(target: string): void;
  close(): Promise<void>;
}> {
  const pool = [...targets];
  const served: string[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(pool[next++ % pool.length]!);
    served.push(target.origin);
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    origin: baseUrl,
    served,
    add: (target) => void pool.push(target),
    remove: (target) => {
      const index = pool.indexOf(target);
      if (index >= 0) pool.splice(index, 1);
    },
    close: async () => {
      server.closeAllConnections();
      await close();
    },
  };
}
