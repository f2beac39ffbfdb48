import { once } from "node:events";
import { type AddressInfo, createServer, type Socket } from "node:net";

/**
 * A TCP server that accepts connections, reads requests and never answers: a host that is up
 * but dead, as GitHub or a model endpoint can be. `requests` counts the requests received,
 * `dropped` those whose connection the client closed since.
 */
export async function startSilentServer() {
  const sockets = new Set<Socket>();
  let requests = 0;
  let dropped = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    let asked = false;
    socket.once("data", () => {
      asked = true;
      requests++;
    });
    socket.on("close", () => {
      sockets.delete(socket);
      if (asked) dropped++;
    });
    socket.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
