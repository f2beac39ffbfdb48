import type { Generation, ModuleProgress, Plan, RunState, TokenUsage } from "../../core/types.ts";
import {
  moduleTable,
  seconds,
  totalTokens as tokens,
  unfinishedModules,
} from "../../markdown/module-table.ts";
import { testsText } from "../../markdown/tests-text.ts";
import { codeBlock, inertLine, inertText, stripControls } from "./inert.ts";
import { moduleStatusLine, truncateTail } from "./notices.ts";

/** The pull request body and the check runs: how a run's results read on GitHub. */

const LOG_TAIL_CHARS = 2_500;

type Reported = { plan: Plan; generation: Generation; tokens: TokenUsage };

function testsCell(module: ModuleProgress): string {
  return testsText(module.build) ?? "—";
}

function linksCell(module: ModuleProgress, repoUrl: string | null): string {
  if (!repoUrl) return "—";
  const links = [
    ...(module.lastCommit
      ? [`[${module.lastCommit.slice(0, 7)}](${repoUrl}/commit/${module.lastCommit})`]
      : []),
    ...(module.resultId ? [`[check run](${repoUrl}/runs/${module.resultId})`] : []),
  ];
  return links.join(" · ") || "—";
}

/**
 * `repoUrl` (e.g. https://github.com/owner/repo) links each module's commit and check run.
 * `allowedThrough`: files this run wrote that the app protects by default (CI, Git and
 * GitHub settings), let through because the repository asked and the operator allows it.
 */
export function renderPullRequestBody(
  state: Reported & { phase: RunState["phase"] },
  issueNumber: number,
  repoUrl: string | null = null,
  allowedThrough: readonly string[] = [],
): string {
  const { generation } = state;
  const allSucceeded =
    state.phase === "completed" &&
    generation.modules.every((module) => module.status === "succeeded");
  const unfinished = unfinishedModules(generation.modules);
  const warning =
    unfinished.length > 0
      ? [
          `> [!WARNING]\n> ${unfinished.map((m) => `\`${m.name}\``).join(", ")} did not pass. Code and tests written for ${unfinished.length === 1 ? "it stay" : "them stay"} in this pull request and fail: remove or fix them before merging.`,
          "",
        ]
      : [];
  const logs = generation.modules
    .filter((module) => module.build)
    .map((module) =>
      [
        `<details><summary><code>${module.name}</code>: last build log</summary>`,
        "",
        codeBlock(truncateTail(module.build?.logTail ?? "", LOG_TAIL_CHARS)),
        "",
        "</details>",
      ].join("\n"),
    );
  const protectedNote =
    allowedThrough.length > 0
      ? [
          "> [!WARNING]",
          "> This pull request changes files that are protected by default, because CI, Git or GitHub act on them before review. The repository's `unprotectedPaths` asked for them and the operator allows it:",
          ...[...new Set(allowedThrough)].map((path) => `> - \`${path}\``),
          "",
        ]
      : [];
  return [
    `Generated from #${issueNumber}: ${inertLine(state.plan.summary)}`,
    "",
    ...warning,
    ...protectedNote,
    ...moduleTable(generation.modules, (module) => linksCell(module, repoUrl)),
    "",
    `Tokens used by the run: ${tokens(state.tokens)}.`,
    "",
    ...logs,
    "",
    allSucceeded ? `Closes #${issueNumber}` : `Part of #${issueNumber}`,
  ].join("\n");
}

export type CheckRunReport = {
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text: string;
  annotations: { path: string; line: number | null; message: string; title?: string }[];
};

export function checkRunReport(module: ModuleProgress, generation: Generation): CheckRunReport {
  const conclusion =
    module.status === "succeeded" ? "success" : module.status === "skipped" ? "neutral" : "failure";
  const build = module.build;
  const phases = (build?.phases ?? []).map(
    (phase) => `- ${phase.phase}: ${phase.status} in ${seconds(phase.durationMs)}`,
  );
  return {
    conclusion,
    title: `${module.name}: ${moduleStatusLine(module, generation.maxAttempts)}`,
    summary: [
      `Attempts: ${module.attempts} · tests: ${testsCell(module)} · tokens: ${tokens(module.tokens)}`,
      "",
      ...phases,
      ...(module.error ? ["", `Last error: ${inertText(module.error)}`] : []),
      ...attemptLines(module),
    ].join("\n"),
    text: build ? codeBlock(build.logTail) : "",
    annotations: (build?.errors ?? []).map((error) => ({
      path: error.file,
      line: error.line,
      message: stripControls(error.message),
      ...(error.test ? { title: stripControls(error.test) } : {}),
    })),
  };
}

const OUTCOME_ICON = { passed: "✅", failed: "❌", error: "⚠️" } as const;

/** Each attempt's commit and first error, so no attempt's failure is lost. */
function attemptLines(module: ModuleProgress): string[] {
  const history = module.history ?? [];
  if (history.length === 0) return [];
  const earlier = module.attempts - history.length;
  return [
    "",
    "Attempts:",
    ...(earlier > 0 ? [`- ${earlier} earlier attempts not listed`] : []),
    ...history.map((record) => {
      const commit = record.commit ? ` (${record.commit.slice(0, 7)})` : "";
      return `- ${record.attempt}${commit}: ${OUTCOME_ICON[record.outcome]} ${inertLine(record.detail)}`;
    }),
  ];
}
