import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CreateMessageRequest,
  CreateMessageRequestSchema,
  type CreateMessageResult,
} from "@modelcontextprotocol/sdk/types.js";
import { createLanguageServer } from "../src/mcp/server/create-language-server.ts";
import { ownFilesForFix } from "../src/mcp/server/fix-prompt-parts.ts";
import { PROFILES } from "../src/stacks/builtin.ts";
import { median } from "./median.ts";
import { BENCH_MODULES, type BenchModule } from "./module-fixtures.ts";

/**
 * Prompt sizes: each stack's real server over an in-memory MCP transport, its model scripted.
 * Per module, the characters of the first fix request (system prompt and messages) against
 * those of its first generate request. The goal: fix <= 0.5x generate (median).
 */

type Answer = (request: CreateMessageRequest["params"]) => string;

const textOf = (content: unknown): string =>
  typeof content === "object" && content !== null && "text" in content ? String(content.text) : "";

const requestChars = (params: CreateMessageRequest["params"]): number =>
  (params.systemPrompt?.length ?? 0) +
  params.messages.reduce((sum, message) => sum + textOf(message.content).length, 0);

const fence = (content: string): string =>
  "`".repeat(Math.max(3, ...(content.match(/`+/g) ?? []).map((run) => run.length + 1)));

/** The generate answer: the module's files as the model writes them. */
function generateAnswer(bench: BenchModule): string {
  const steps = bench.steps.map((step) => `- ${step}`).join("\n");
  const files = bench.files.map(
    (file) =>
      `### FILE: ${file.path}\n${fence(file.content)}\n${file.content}${fence(file.content)}`,
  );
  return `### STEPS\n${steps}\n\n${files.join("\n\n")}\n`;
}

/** The fix answer: one edit block adding a line, as a small real fix does. */
function fixAnswer(bench: BenchModule): string {
  const [first] = bench.files;
  const line = first?.content.split("\n")[0];
  if (!first || !line) throw new Error(`${bench.module.name} has no files`);
  return `### SUMMARY\nfixed\n\n### EDIT: ${first.path}\n<<<<<<< SEARCH\n${line}\n=======\n${line}\n\n>>>>>>> REPLACE\n`;
}

async function measure(bench: BenchModule): Promise<{ generate: number; fix: number }> {
  const sizes: number[] = [];
  let answer: Answer = () => "";
  const client = new Client(
    { name: "bench", version: "1.0.0" },
    { capabilities: { sampling: {} } },
  );
  client.setRequestHandler(
    CreateMessageRequestSchema,
    async (request): Promise<CreateMessageResult> => {
      sizes.push(requestChars(request.params));
      return {
        role: "assistant",
        model: "scripted",
        stopReason: "endTurn",
        content: { type: "text", text: answer(request.params) },
      };
    },
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createLanguageServer(PROFILES[bench.language]).connect(serverSide);
  await client.connect(clientSide);
  try {
    answer = () => generateAnswer(bench);
    const generated = await client.callTool({
      name: "generate_module",
      arguments: { module: bench.module, steps: bench.steps, files: [], context: bench.context },
    });
    if (generated.isError) throw new Error(`generate failed: ${JSON.stringify(generated)}`);
    const generate = sizes.at(-1) ?? 0;
    answer = () => fixAnswer(bench);
    const fixed = await client.callTool({
      name: "fix_module",
      arguments: {
        module: bench.module,
        files: bench.files,
        context: bench.context,
        failure: bench.failure,
      },
    });
    if (fixed.isError) throw new Error(`fix failed: ${JSON.stringify(fixed)}`);
    return { generate, fix: sizes.at(-1) ?? 0 };
  } finally {
    await client.close();
  }
}

export async function runPromptSizeBenchmark(): Promise<void> {
  console.log("\nPrompt sizes: first fix request vs first generate request, same module");
  const ratios: number[] = [];
  for (const bench of BENCH_MODULES) {
    const { generate, fix } = await measure(bench);
    const ratio = fix / generate;
    ratios.push(ratio);
    // The part no fix can do without: the module's own files as the fix prompt shows them.
    const own = ownFilesForFix(bench.files, bench.failure).length;
    console.log(
      `  ${bench.language.padEnd(7)} ${bench.module.name.padEnd(17)} generate ${String(generate).padStart(6)} chars, fix ${String(fix).padStart(6)} chars (its own files ${own}): ${ratio.toFixed(2)}x`,
    );
  }
  console.log(`  median fix/generate: ${median(ratios).toFixed(2)}x (goal <= 0.50x)`);
}
