#!/usr/bin/env node
import { existsSync } from "node:fs";
import { findProfile, PROFILES } from "./languages/index.ts";
import { serveOverStdio } from "./mcp/server/serve-stdio.ts";
import { serverModelFromEnvironment } from "./mcp/server/server-model.ts";
import { runDoctor } from "./preflight/doctor.ts";

const USAGE = `Usage: codegen mcp <language> [--allow-workflow-paths]
       codegen doctor

doctor checks what the app needs (settings, Docker engine and sandbox images, LLM endpoint,
key and models, database) and prints a table; it exits 1 when something is missing.

mcp serves the language's code-generation MCP server on stdin/stdout.
Languages: ${Object.values(PROFILES)
  .map((profile) => profile.id)
  .join(", ")} (aliases such as ts, py, golang work too).
Code is written by the client's model through MCP sampling when the client offers it;
otherwise by the server's own model: set OPENAI_API_KEY, OPENAI_CODE_MODEL (or OPENAI_MODEL)
and, for an endpoint other than OpenAI's, OPENAI_BASE_URL in the server's environment.`;

async function main(args: readonly string[]): Promise<number> {
  const [command, language, ...flags] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
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
  const unknownFlag = flags.find((flag) => flag !== "--allow-workflow-paths");
  if (unknownFlag) return usageError(`unknown option: ${unknownFlag}`);

  await serveOverStdio(profile, {
    allowWorkflowPaths: flags.includes("--allow-workflow-paths"),
    serverModel: serverModelFromEnvironment(process.env),
  });
  return 0;
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
