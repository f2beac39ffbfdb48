import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { LanguageProfile } from "../../stacks/builtin.ts";
import { createLanguageServer, type LanguageServerOptions } from "./create-language-server.ts";

/** Serves one language's server on stdin/stdout until the client goes away. */
export async function serveOverStdio(
  profile: LanguageProfile,
  options: LanguageServerOptions = {},
): Promise<void> {
  const server = createLanguageServer(profile, options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  process.stdin.once("end", () => void server.close());
  await server.connect(transport);
  await closed;
}
