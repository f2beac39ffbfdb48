#!/usr/bin/env node
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { runCommand } from "./forges/local/run-command.ts";
import { RUN_USAGE } from "./forges/local/run-flags.ts";
import {
  type RunningHttpServer,
  serveOverHttp,
  UnsafeBindingError,
} from "./mcp/server/serve-http.ts";
import { serveOverStdio } from "./mcp/server/serve-stdio.ts";
import { serverModelFromEnvironment } from "./mcp/server/server-model.ts";
import { runDoctor } from "./preflight/doctor.ts";
import { findProfile, PROFILES } from "./stacks/builtin.ts";

const DEFAULT_PORT = 3917;

const USAGE = `${RUN_USAGE}

Usage: codegen mcp <language> [--allow-workflow-paths] [--http [--host H] [--port N] [--token T]]
       codegen doctor

doctor checks what the app needs (settings, Docker engine and sandbox images, LLM endpoint,
key and models, database) and prints a table; it exits 1 when something is missing.

mcp serves the language's code-generation MCP server on stdin/stdout, or with --http over
Streamable HTTP at http://<host>:<port>/mcp (default 127.0.0.1:${DEFAULT_PORT}). Beyond loopback a
bearer token is required: --token, or CODEGEN_MCP_TOKEN in the environment.
Languages: ${Object.values(PROFILES)
  .map((profile) => profile.id)
  .join(", ")} (aliases such as ts, py, golang work too).
Code is written by the client's model through MCP sampling when the client offers it;
otherwise by the server's own model: set OPENAI_API_KEY, OPENAI_CODE_MODEL (or OPENAI_MODEL)
and, for an endpoint other than OpenAI's, OPENAI_BASE_URL in the server's environment.`;

async function main(args: readonly string[]): Promise<number> {
  const [command, language, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "run") {
    return runCommand(args.slice(1), {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.cwd(),
    });
  }
  if (command === "doctor" && language === undefined) {
    // The app's own settings, as `npm start` reads them; the environment wins over .env.
    if (existsSync(".env")) process.loadEnvFile(".env");
    return runDoctor(process.env, (text) => process.stdout.write(text));
  }
  if (command !== "mcp" || language === undefined)
    return usageError(`unknown command: ${args.join(" ")}`);
  const profile = findProfile(language);
  if (!profile) return usageError(`unsupported language: ${language}`);
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(rest);
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const options = {
    allowWorkflowPaths: flags["allow-workflow-paths"] ?? false,
    serverModel: serverModelFromEnvironment(process.env),
  };
  if (!flags.http) {
    if (flags.host !== undefined || flags.port !== undefined || flags.token !== undefined)
      return usageError("--host, --port and --token need --http");
    await serveOverStdio(profile, options);
    return 0;
  }
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    return usageError(`--port must be a number from 0 to 65535, not ${flags.port}`);
  let running: RunningHttpServer;
  try {
    running = await serveOverHttp(
      profile,
      {
        host: flags.host ?? "127.0.0.1",
        port,
        token: flags.token ?? process.env.CODEGEN_MCP_TOKEN,
      },
      options,
    );
  } catch (error) {
    if (!(error instanceof UnsafeBindingError)) throw error;
    process.stderr.write(`codegen: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(`codegen-${profile.id} MCP server listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await running.close();
  return 0;
}

function parseFlags(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      "allow-workflow-paths": { type: "boolean" },
      http: { type: "boolean" },
      host: { type: "string" },
      port: { type: "string" },
      token: { type: "string" },
    },
  }).values;
}

function usageError(problem: string): number {
  // stdout belongs to the MCP protocol, so every message goes to stderr.
  process.stderr.write(`codegen: ${problem}\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `codegen: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
