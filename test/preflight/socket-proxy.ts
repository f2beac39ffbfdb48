import { once } from "node:events";
import { connect, createServer, type Socket } from "node:net";

type Address = string | { host: string; port: number };

/**
 * A byte-for-byte proxy from a unix socket path or a loopback port to `target`: a server that
 * can go away (every connection cut) and come back at the same address.
 */
export function socketProxy(listenOn: string | number, target: Address) {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream =
      typeof target === "string" ? connect(target) : connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    async open() {
      if (typeof listenOn === "string") server.listen(listenOn);
      else server.listen(listenOn, "127.0.0.1");
      await once(server, "listening");
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
