import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  getDefaultEnvironment,
  StdioClientTransport,
  type StdioServerParameters,
} from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  type CreateMessageRequest,
  CreateMessageRequestSchema,
  type CreateMessageResult,
} from "@modelcontextprotocol/sdk/types.js";
import { createLanguageServer, SERVER_VERSION } from "../server/create-language-server.ts";
import { McpServerUnreachableError } from "./errors.ts";
import { describeTarget, type ServerTarget, targetLanguage } from "./server-target.ts";

type SamplingHandler = (
  request: CreateMessageRequest,
  extra: Parameters<Parameters<Client["setRequestHandler"]>[1]>[1],
) => Promise<CreateMessageResult>;

export type ConnectOptions = {
  answerSampling: SamplingHandler;
  timeoutMs: number;
  allowWorkflowPaths: boolean;
};

/** The built-in servers' command line: this checkout's cli, as .ts from src/ or .js from dist/. */
const CLI_PATH = new URL(
  `../../cli.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`,
  import.meta.url,
);

/**
 * Starts or reaches the target's server and completes the MCP handshake as a client that
 * answers sampling, within `timeoutMs`; otherwise fails with McpServerUnreachableError.
 */
export async function connectToServer(
  target: ServerTarget,
  options: ConnectOptions,
): Promise<Client> {
  const client = new Client(
    { name: "issue-codegen", version: SERVER_VERSION },
    { capabilities: { sampling: {} } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, options.answerSampling);
  const stderr = { tail: "" };
  let timer: NodeJS.Timeout | undefined;
  try {
    const transport = await openTransport(target, options, stderr);
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    await Promise.race([client.connect(transport, { timeout: options.timeoutMs }), timedOut]);
    return client;
  } catch (error) {
    await client.close().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    const output = stderr.tail.trim() ? `\nIts error output ends with:\n${stderr.tail.trim()}` : "";
    throw new McpServerUnreachableError(
      targetLanguage(target),
      `Could not connect to the ${describeTarget(target)}: ${reason}.${output}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function openTransport(
  target: ServerTarget,
  options: ConnectOptions,
  stderr: { tail: string },
): Promise<Transport> {
  if (target.kind === "builtin" && target.transport === "memory") {
    const server = createLanguageServer(target.profile, {
      allowWorkflowPaths: options.allowWorkflowPaths,
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    return clientSide;
  }
  if (target.kind === "external" && target.server.transport === "http") {
    return new StreamableHTTPClientTransport(new URL(target.server.url));
  }
  const transport = new StdioClientTransport({
    ...stdioCommand(target, options.allowWorkflowPaths),
    stderr: "pipe",
  });
  // Keep the end of the child's stderr for error messages; reading it also keeps the pipe flowing.
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr.tail = (stderr.tail + chunk.toString("utf8")).slice(-2000);
  });
  return transport;
}

function stdioCommand(target: ServerTarget, allowWorkflowPaths: boolean): StdioServerParameters {
  if (target.kind === "builtin") {
    return {
      command: process.execPath,
      args: [
        fileURLToPath(CLI_PATH),
        "mcp",
        target.profile.id,
        ...(allowWorkflowPaths ? ["--allow-workflow-paths"] : []),
      ],
      env: getDefaultEnvironment(),
    };
  }
  const { server } = target;
  if (server.transport !== "stdio") throw new Error(`${server.language}: not a stdio server`);
  return {
    command: server.command,
    args: server.args,
    env: { ...getDefaultEnvironment(), ...server.env },
  };
}
