/**
 * A round-robin HTTP proxy on 127.0.0.1, as a load balancer without session affinity would be:
 * each request goes to the next upstream in turn (per request, not per connection, as nginx
 * does with keep-alive upstreams), and answers stream back as they come (SSE included).
 *
 * It records where each request went and what JSON-RPC message it carried, so that a test can
 * see (and steer, by sending one more request) which replica gets the next one. Upstreams can be
 * added once they listen (replicas that need the balancer's address first, as their public URL)
 * and removed, as a failing readiness probe does.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { listenOnLoopback, receive } from "./loopback-server.js";

export interface ProxiedRequest {
  /** Index of the upstream it went to, in the pool as it was then. */
  readonly upstream: number;
  /** Origin of the upstream it went to. */
  readonly target: string;
  readonly method: string;
  /** The JSON-RPC method of the body, when it has one. */
  readonly rpcMethod: string | undefined;
  /** The JSON-RPC id of the body (a request), or the requestId of a notifications/cancelled. */
  readonly rpcId: string | number | undefined;
  /** Status of the upstream's answer, once its headers came. */
  status?: number;
}

export interface RoundRobinProxy {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** http://127.0.0.1:PORT/mcp */
  readonly url: string;
  /** The origin of the upstream that got each request, in order (a live array). */
  readonly served: string[];
  add(upstream: string): void;
  remove(upstream: string): void;
  /** Every request so far, in arrival order (a live array). */
  readonly requests: ProxiedRequest[];
  /** The upstream the next request will go to. */
  nextUpstream(): number;
  /** Resolves with the first recorded request that matches, as soon as it is recorded (and answered when `answered`). */
  waitFor(match: (request: ProxiedRequest) => boolean, options?: { answered?: boolean; timeoutMs?: number }): Promise<ProxiedRequest>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

function rpcOf(body: string): { rpcMethod: string | undefined; rpcId: string | number | undefined } {
  try {
    const message = JSON.parse(body) as { method?: unknown; id?: unknown; params?: { requestId?: unknown } };
    const rpcMethod = typeof message.method === "string" ? message.method : undefined;
    const id = rpcMethod === "notifications/cancelled" ? message.params?.requestId : message.id;
    return { rpcMethod, rpcId: typeof id === "string" || typeof id === "number" ? id : undefined };
  } catch {
    return { rpcMethod: undefined, rpcId: undefined };
  }
}

export interface RoundRobinProxyOptions {
  /** Forward the client's Host header as it came (nginx's `proxy_set_header Host $host`), rather than the upstream's. */
  readonly keepHost?: boolean;
}

/** Starts the proxy in front of `upstreams` (origins such as http://127.0.0.1:PORT). */
export async function startRoundRobinProxy(upstreams: readonly string[], options: RoundRobinProxyOptions = {}): Promise<RoundRobinProxy> {
  const pool = [...upstreams];
  const requests: ProxiedRequest[] = [];
  const served: string[] = [];
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of [...changed]) listener();
  };
  let next = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const upstream = next % pool.length;
      const origin = pool[upstream]!;
      next = (upstream + 1) % pool.length;
      served.push(new URL(origin).origin);
      // The body is read before it is forwarded (MCP bodies are small), to record what it carries.
      const body = await receive(req);
      const record: ProxiedRequest = { upstream, target: new URL(origin).origin, method: req.method ?? "GET", ...rpcOf(body) };
      requests.push(record);
      notify();
      const target = new URL(req.url ?? "/", origin);
      const host = options.keepHost === true ? (req.headers.host ?? target.host) : target.host;
      const out = httpRequest(target, { method: req.method, headers: { ...forwardable(req.headers), host } }, (answer) => {
        record.status = answer.statusCode;
        notify();
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        // Each chunk as it comes: progress notifications must not wait in a buffer.
        answer.on("data", (chunk: Buffer) => res.write(chunk));
        answer.on("end", () => res.end());
        answer.on("error", () => res.destroy());
      });
      out.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      // The client hung up: so does the proxy, as a balancer would.
      res.on("close", () => out.destroy());
      out.end(body);
    })();
  });
  const { baseUrl, close } = await listenOnLoopback(server);
  return {
    origin: baseUrl,
    url: `${baseUrl}/mcp`,
    served,
    add: (upstream) => void pool.push(upstream),
    remove: (upstream) => {
      const index = pool.indexOf(upstream);
      if (index >= 0) pool.splice(index, 1);
    },
    requests,
    nextUpstream: () => next % pool.length,
    waitFor: (match, options = {}) =>
      new Promise((resolve, reject) => {
        const look = () => {
          const found = requests.find((r) => match(r) && (options.answered !== true || r.status !== undefined));
          if (found === undefined) return;
          changed.delete(look);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          changed.delete(look);
          reject(new Error(`the proxy saw no such request within ${options.timeoutMs ?? 10_000} ms: ${JSON.stringify(requests)}`));
        }, options.timeoutMs ?? 10_000);
        changed.add(look);
        look();
      }),
    close: async () => {
      server.closeAllConnections();
      await close();
    },
  };
}
