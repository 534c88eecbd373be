import type { IncomingMessage } from "node:http";
import type { AddressInfo, Server, Socket } from "node:net";

/** A request's whole body, as text. */
export function receive(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Listens on a free port of 127.0.0.1. `close` destroys the connections still open (keep-alive
 * sockets, a request a test left hanging) so that it never waits for a client.
 */
export async function listenOnLoopback(server: Server): Promise<{ readonly baseUrl: string; readonly close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
