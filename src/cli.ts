#!/usr/bin/env node
import { existsSync } from "node:fs";
import { findProfile, PROFILES } from "./languages/index.ts";
import { serveOverStdio } from "./mcp/server/serve-stdio.ts";
import { runDoctor } from "./preflight/doctor.ts";

const USAGE = `Usage: codegen mcp <language> [--allow-workflow-paths]
       codegen doctor

doctor checks what the app needs (settings, Docker engine and sandbox images, LLM endpoint,
key and models, database) and prints a table; it exits 1 when something is missing.

mcp serves the language's code-generation MCP server on stdin/stdout.
Languages: ${Object.values(PROFILES)
  .map((profile) => profile.id)
  .join(", ")} (aliases such as ts, py, golang work too).
The client must support MCP sampling: the server writes code with the client's model.`;

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

  await serveOverStdio(profile, { allowWorkflowPaths: flags.includes("--allow-workflow-paths") });
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
