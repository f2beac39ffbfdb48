import type { Generation, Plan, TokenUsage } from "../../core/types.ts";
import { moduleTable, totalTokens, unfinishedModules } from "../../markdown/module-table.ts";
import { tail, terminalLine, terminalSafe } from "./terminal-text.ts";

const LOG_TAIL_CHARS = 2_500;

type Reported = { plan: Plan; generation: Generation; tokens: TokenUsage };

/**
 * A local run's report, in Markdown: the pull request body's table, the commit of each
 * module and (`logs`, for the file) each module's last build log.
 */
export function renderReport(state: Reported, request: string, logs = true): string {
  const { generation } = state;
  const unfinished = unfinishedModules(generation.modules);
  const buildLogs = generation.modules
    .filter((module) => logs && module.build)
    .flatMap((module) => [
      `### \`${module.name}\`: last build log`,
      "",
      fenced(tail(module.build?.logTail ?? "", LOG_TAIL_CHARS)),
      "",
    ]);
  return [
    `# codegen: ${terminalLine(state.plan.summary)}`,
    "",
    `Request: ${terminalLine(request)}`,
    "",
    `Branch: \`${generation.branch}\` (see it with \`git log ${generation.branch}\`, check it out with \`git switch ${generation.branch}\`)`,
    "",
    ...(unfinished.length > 0
      ? [
          `> **Warning:** ${unfinished.map((m) => `\`${m.name}\``).join(", ")} did not pass. Code and tests written for ${unfinished.length === 1 ? "it stay" : "them stay"} on the branch and fail: remove or fix them before merging.`,
          "",
        ]
      : []),
    ...moduleTable(generation.modules, (module) =>
      module.lastCommit ? `commit ${module.lastCommit.slice(0, 10)}` : "—",
    ),
    "",
    `Tokens used by the run: ${totalTokens(state.tokens)}.`,
    "",
    ...(buildLogs.length > 0 ? ["## Build logs", "", ...buildLogs] : []),
  ].join("\n");
}

function fenced(text: string): string {
  const body = terminalSafe(text);
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${body}\n${fence}`;
}
