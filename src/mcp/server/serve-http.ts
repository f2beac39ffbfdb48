import { randomUUID } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createLanguageServer, type LanguageServerOptions } from "./create-language-server.ts";
import { isLoopback, rejectRequest } from "./http-guard.ts";
import type { ServerProfile } from "./server-profile.ts";

export type HttpOptions = {
  host: string;
  port: number;
  /** Required in every request as `Authorization: Bearer <token>` when set. */
  token?: string | undefined;
  /** Open sessions kept at most; beyond it the oldest is closed (clients that vanish leak none). */
  maxSessions?: number;
};

const DEFAULT_MAX_SESSIONS = 100;

export type RunningHttpServer = { url: string; close(): Promise<void> };

export class UnsafeBindingError extends Error {
  constructor(host: string) {
    super(
      `refusing to serve on ${host} without a token: anyone who can reach it could spend this server's model. Pass --token <secret> (or set CODEGEN_MCP_TOKEN), or bind to 127.0.0.1.`,
    );
    this.name = "UnsafeBindingError";
  }
}

/**
 * Serves one language's server over Streamable HTTP at /mcp, one MCP server per session:
 * sessions let a sampling request and the client's answer (a separate POST) meet.
 */
export async function serveOverHttp(
  profile: ServerProfile,
  http: HttpOptions,
  options: LanguageServerOptions = {},
): Promise<RunningHttpServer> {
  const loopback = isLoopback(http.host);
  const token = http.token || undefined;
  if (!loopback && token === undefined) throw new UnsafeBindingError(http.host);

  const maxSessions = http.maxSessions ?? DEFAULT_MAX_SESSIONS;
  // Insertion order is age: the first entry is the oldest session.
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer((request, response) => {
    if (new URL(request.url ?? "/", "http://x").pathname !== "/mcp") {
      return sendError(response, 404, "Not found: the MCP endpoint is /mcp");
    }
    const rejection = rejectRequest(request.headers, { loopback, token });
    if (rejection) return sendError(response, rejection.status, rejection.message);

    const sessionId = request.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const existing = sessions.get(sessionId);
      if (!existing) return sendError(response, 404, "Not found: unknown or expired session");
      void existing.handleRequest(request, response);
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
        if (sessions.size > maxSessions) {
          const [oldestId, oldest] = sessions.entries().next().value ?? [];
          if (oldestId !== undefined) sessions.delete(oldestId);
          void oldest?.close();
        }
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    void createLanguageServer(profile, options)
      .connect(transport)
      .then(() => transport.handleRequest(request, response))
      .catch((error: unknown) => {
        if (!response.headersSent) sendError(response, 500, `Internal error: ${String(error)}`);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(http.port, http.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = http.host.includes(":") ? `[${http.host}]` : http.host;
  return {
    url: `http://${shownHost}:${port}/mcp`,
    async close() {
      await Promise.allSettled([...sessions.values()].map((transport) => transport.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, {
      "content-type": "application/json",
      ...(status === 401 ? { "www-authenticate": "Bearer" } : {}),
    })
    .end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
