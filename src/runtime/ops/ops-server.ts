import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { OpsAddress } from "../../config/ops-address.ts";
import { errorMessage } from "../../sandbox/errors.ts";
import { type OpsDeps, opsHandler } from "./ops-routes.ts";

/** A listener of its own for the ops routes, apart from the webhook port (port 0: any free one). */
export async function startOpsServer(address: OpsAddress, deps: OpsDeps): Promise<Server> {
  const handle = opsHandler(deps);
  const server = createServer((request, response) => {
    handle(request, response)
      .then((handled) => {
        if (!handled) response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      })
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
        response.end(`${errorMessage(error)}\n`);
      });
  });
  server.listen(address.port, address.host);
  try {
    await once(server, "listening");
  } catch (error) {
    throw new Error(
      `The ops listener cannot listen on ${address.host}:${address.port} (${errorMessage(error)}); set OPS_HOST and OPS_PORT to a free address.`,
      { cause: error },
    );
  }
  return server;
}
