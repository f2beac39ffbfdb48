import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createSamplingHandler } from "../../../src/mcp/router/sampling-handler.ts";
import { createLanguageServer } from "../../../src/mcp/server/create-language-server.ts";
import type { LanguageProfile } from "../../../src/stacks/builtin.ts";
import { testLlm } from "./llm.ts";

export type TransportKind = "memory" | "stdio";

const CLI = fileURLToPath(new URL("../../../src/cli.ts", import.meta.url));

/**
 * A plain MCP client (not the router) on a built-in server: in this process over the SDK's
 * in-memory transport, or `node src/cli.ts mcp <id>` over stdio. With `sampling`, it declares
 * the capability and answers through the nock-mocked OpenAI endpoint.
 */
export async function connectClient(
  profile: LanguageProfile,
  transport: TransportKind,
  options: { sampling: boolean } = { sampling: true },
): Promise<Client> {
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    { capabilities: options.sampling ? { sampling: {} } : {} },
  );
  if (options.sampling) {
    client.setRequestHandler(
      CreateMessageRequestSchema,
      createSamplingHandler(testLlm(), () => {}),
    );
  }
  await client.connect(await openTransport(profile, transport));
  return client;
}

async function openTransport(profile: LanguageProfile, kind: TransportKind): Promise<Transport> {
  if (kind === "stdio") {
    return new StdioClientTransport({
      command: process.execPath,
      args: [CLI, "mcp", profile.id],
      env: getDefaultEnvironment(),
      stderr: "inherit",
    });
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createLanguageServer(profile).connect(serverSide);
  return clientSide;
}

/** The text of a tool result's first text block (where tool errors carry their message). */
export function resultText(result: unknown): string {
  const content =
    typeof result === "object" && result !== null && "content" in result ? result.content : [];
  const blocks: unknown[] = Array.isArray(content) ? content : [];
  const first = blocks.find(
    (block): block is { type: "text"; text: string } =>
      typeof block === "object" && block !== null && "type" in block && block.type === "text",
  );
  return first?.text ?? "";
}
