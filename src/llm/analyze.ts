import { readFileSync } from "node:fs";
import { z } from "zod";
import { MODULE_NAME } from "../core/apply-checklist.ts";
import { checkGeneratedPath } from "../core/paths.ts";
import type { AnalysisVerdict, TokenUsage } from "../core/types.ts";
import type { StackRegistry } from "../stacks/registry.ts";
import type { ChatMessage, Llm } from "./client.ts";

const PROMPT = readFileSync(new URL("./prompts/analyze.md", import.meta.url), "utf8");

const moduleSchema = z.object({
  name: z.string(),
  description: z.string(),
  language: z.string(),
  files: z.array(z.string()),
  dependsOn: z.array(z.string()),
  acceptanceCriteria: z.array(z.string()),
});

// OpenAI's strict structured outputs want an object at the root; the union sits inside it.
export const analysisSchema = z.object({
  verdict: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("small_talk"), reply: z.string().min(1) }),
    z.object({ kind: z.literal("clarify"), questions: z.array(z.string().min(1)).min(1).max(8) }),
    z.object({
      kind: z.literal("plan"),
      summary: z.string().min(1),
      language: z.string().min(1),
      modules: z.array(moduleSchema).min(1),
    }),
  ]),
});

type AnalysisAnswer = z.infer<typeof analysisSchema>;

export type ThreadEntry = { author: string; fromApp: boolean; body: string };

export type AnalysisInput = {
  title: string;
  /** The issue body first, then comments in order; already stripped and capped. */
  thread: ThreadEntry[];
  allowedLanguages: readonly string[];
  /** Languages the repository already uses, from its root files. */
  repoLanguages: readonly string[];
  /** The registered stacks: a plan may name one by language, alias or framework. */
  stacks: Pick<StackRegistry, "find">;
  /** The repository's analysis model, if it chose one. */
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /** The operator's cap on modules per plan. */
  maxModules: number;
};

export async function analyzeRequest(
  llm: Llm,
  input: AnalysisInput,
): Promise<{ verdict: AnalysisVerdict; usage: TokenUsage }> {
  const { value, usage } = await llm.structured({
    schema: analysisSchema,
    name: "analysis",
    messages: buildMessages(input),
    check: (answer) => checkAnswer(answer, input),
    model: input.model,
    signal: input.signal,
  });
  return { verdict: toVerdict(value, input), usage };
}

function buildMessages(input: AnalysisInput): ChatMessage[] {
  const languages = input.allowedLanguages.map((language) => {
    const displayName = input.stacks.find(language)?.displayName ?? language;
    return displayName === language ? language : `${language} (${displayName})`;
  });
  const repository =
    input.repoLanguages.length > 0
      ? `The repository already contains code in: ${input.repoLanguages.join(", ")}. Prefer it unless the user asks otherwise.`
      : "The repository has no code yet that shows a language.";
  const system = PROMPT.replace("{{languages}}", languages.join(", "))
    .replace("{{repository}}", repository)
    .replace("{{maxModules}}", String(input.maxModules));
  const [opening, ...replies] = input.thread;
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    {
      role: "user",
      content: `Issue title: ${input.title}\n\n${opening?.body ?? ""}`,
    },
  ];
  for (const entry of replies) {
    messages.push(
      entry.fromApp
        ? { role: "assistant", content: entry.body }
        : { role: "user", content: `@${entry.author} commented:\n${entry.body}` },
    );
  }
  return messages;
}

function checkAnswer(answer: AnalysisAnswer, input: AnalysisInput): string[] {
  const { allowedLanguages: allowed, maxModules } = input;
  const verdict = answer.verdict;
  if (verdict.kind !== "plan") return [];
  const problems: string[] = [];
  if (verdict.modules.length > maxModules) {
    problems.push(
      `the plan has ${verdict.modules.length} modules, more than the limit of ${maxModules}: merge related modules`,
    );
  }
  const seen: string[] = [];
  for (const module of verdict.modules) {
    if (!MODULE_NAME.test(module.name)) {
      problems.push(`module name "${module.name}" must match ${MODULE_NAME.source}`);
    }
    if (seen.includes(module.name)) problems.push(`module name "${module.name}" is used twice`);
    const unknown = module.dependsOn.filter((name) => !seen.includes(name));
    if (unknown.length > 0) {
      problems.push(
        `module "${module.name}" depends on ${unknown.join(", ")}, which is not an earlier module`,
      );
    }
    const language = input.stacks.find(module.language)?.language;
    if (!language || !allowed.includes(language)) {
      problems.push(
        `module "${module.name}" has language "${module.language}"; use one of ${allowed.join(", ")}`,
      );
    }
    for (const file of module.files) {
      const valid = checkGeneratedPath(file);
      if (!valid.ok)
        problems.push(`module "${module.name}" lists the file "${file}": ${valid.reason}`);
    }
    seen.push(module.name);
  }
  return problems;
}

function toVerdict(answer: AnalysisAnswer, input: AnalysisInput): AnalysisVerdict {
  const verdict = answer.verdict;
  if (verdict.kind !== "plan") return verdict;
  return {
    kind: "plan",
    plan: {
      summary: verdict.summary,
      language:
        input.stacks.find(verdict.language)?.language ??
        input.allowedLanguages[0] ??
        verdict.language,
      modules: verdict.modules.map((module) => ({ ...module, selected: true })),
    },
  };
}
