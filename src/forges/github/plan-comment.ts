import type { Generation, ModuleProgress, Plan, RunState } from "../../core/types.ts";
import {
  type ChecklistMarkers,
  checklistLine,
  parseChecklist as parseChecklistText,
  startLine,
} from "../../markdown/checklist.ts";
import { testsText } from "../../markdown/tests-text.ts";
import { inertLine, inlineCode } from "./inert.ts";
import { moduleStatusLine } from "./notices.ts";

export { bodyHash, normalizeBody } from "../../markdown/checklist.ts";

/**
 * The plan comment: rendered from the run state, parsed back from a human's edit with the
 * shared checklist reader. Hidden markers, not visible text, identify the comment, each
 * module box and the state version (Renovate's Dependency Dashboard approach).
 */

const PLAN_MARKER = /<!--\s*codegen:plan\s+v=(\d+)\s*-->/;
const MODULE_MARKER = /<!--\s*codegen:module=([\w-]+)\s*-->/;
const START_MARKER = "<!-- codegen:start -->";

const MARKERS: ChecklistMarkers = {
  version: (text) => {
    const version = PLAN_MARKER.exec(text)?.[1];
    return version ? Number(version) : null;
  },
  module: (source) => MODULE_MARKER.exec(source)?.[1] ?? null,
  isStart: (source) => source.includes("codegen:start"),
};

export function isPlanComment(body: string): boolean {
  return PLAN_MARKER.test(body);
}

type RenderedState = Extract<RunState, { plan: Plan | null }>;

/**
 * What a render shows of the run's progress: its phase and each module's status. A progress
 * render that would show the same is not worth an edit.
 */
export function shownProgress(state: RenderedState): string {
  const generation = "generation" in state ? state.generation : null;
  const modules = generation?.modules.map((module) => `${module.name}:${module.status}`) ?? [];
  return [state.phase, ...modules].join(" ");
}

/** `repoUrl` (e.g. https://github.com/owner/repo) turns commits and check runs into links. */
export function renderPlanComment(state: RenderedState, repoUrl: string | null = null): string {
  const plan = state.plan;
  if (!plan) return `<!-- codegen:plan v=${state.version} -->\n⏹ The run was aborted.`;
  const selected = plan.modules.filter((module) => module.selected).length;
  const frozen = state.phase !== "awaiting_selection";
  const header = [
    `<!-- codegen:plan v=${state.version} -->`,
    "## 📋 Plan",
    "",
    inertLine(plan.summary),
    "",
    `**Language:** ${inertLine(plan.language)} · **Modules:** ${selected} of ${plan.modules.length} ticked`,
    "",
    instruction(state),
    "",
  ];
  const generation = "generation" in state ? state.generation : null;
  const boxes = plan.modules.map((module) => {
    const progress = generation?.modules.find((m) => m.name === module.name);
    const status =
      progress && generation ? ` · ${progressText(progress, generation, repoUrl)}` : "";
    return checklistLine(
      module,
      boxText(module.description),
      `${status} <!-- codegen:module=${module.name} -->`,
    );
  });
  const start = startLine(frozen, ` ${START_MARKER}`);
  return [...header, ...boxes, "", start, "", details(plan, generation)].join("\n");
}

function progressText(
  module: ModuleProgress,
  generation: Generation,
  repoUrl: string | null,
): string {
  // The comment is edited when statuses change, not per attempt: a running module's attempt
  // would be stale in it (`/status` tells it).
  const parts = [
    module.status === "running" ? "🔨 running" : moduleStatusLine(module, generation.maxAttempts),
  ];
  const tests = testsText(module.build);
  if (tests) parts.push(`tests: ${tests}`);
  if (repoUrl && module.lastCommit)
    parts.push(`[${module.lastCommit.slice(0, 7)}](${repoUrl}/commit/${module.lastCommit})`);
  if (repoUrl && module.resultId) parts.push(`[check run](${repoUrl}/runs/${module.resultId})`);
  if (module.refused.length > 0)
    parts.push(`refused protected paths: ${module.refused.map((p) => inlineCode(p)).join(", ")}`);
  return parts.join(" · ");
}

function instruction(state: RenderedState): string {
  switch (state.phase) {
    case "awaiting_selection":
      return `Untick modules you don't want, reorder the lines, edit descriptions or add a line ${inlineCode("- [x] `name` — description")}; then tick **Start generation** (or comment \`/start\`).`;
    case "aborted":
      return "⏹ The run was aborted; the selection below is how it stood.";
    case "awaiting_decision":
      return "⏸ A module needs your decision: see the latest comment (`/retry [hint]`, `/continue` or `/abort`).";
    case "completed": {
      const pr = state.generation.changeRequest;
      return pr
        ? `🏁 Generation finished; [pull request #${pr.number}](${pr.url}) has the results.`
        : "🏁 Generation finished.";
    }
    default:
      return "🔨 Generation started with the ticked modules, in this order. Comment `/status` to see progress or `/abort` to stop.";
  }
}

/** Longest description a checklist line shows, so every box and Start fit in one comment. */
const MAX_BOX_TEXT = 300;

function boxText(description: string): string {
  const line = description.replace(/\s+/g, " ").trim();
  return inertLine(line.length <= MAX_BOX_TEXT ? line : `${line.slice(0, MAX_BOX_TEXT - 1)}…`);
}

function details(plan: Plan, generation: Generation | null): string {
  const sections = plan.modules.map((module) => {
    const steps = generation?.modules.find((m) => m.name === module.name)?.steps ?? [];
    const files =
      module.files.length > 0
        ? module.files.map((f) => inlineCode(f)).join(", ")
        : "decided when generating";
    const depends =
      module.dependsOn.length > 0 ? module.dependsOn.map((d) => inlineCode(d)).join(", ") : "—";
    const criteria = module.acceptanceCriteria.map((criterion) => `  * ${inertLine(criterion)}`);
    return [
      `**\`${module.name}\`** (${inertLine(module.language)}) · files: ${files} · depends on: ${depends}`,
      ...(criteria.length > 0 ? ["", "  Acceptance criteria:", ...criteria] : []),
      ...(steps.length > 0
        ? ["", "  Steps:", ...steps.map((step, i) => `  ${i + 1}. ${inertLine(step)}`)]
        : []),
    ].join("\n");
  });
  return [
    "<details><summary>Module details</summary>",
    "",
    ...sections.flatMap((s) => [s, ""]),
    "</details>",
  ].join("\n");
}

/**
 * Reads the checklist out of a plan comment body a human edited. Module lines past
 * `maxModules` are left out and counted, so a huge edit cannot make a huge plan.
 */
export function parseChecklist(
  body: string,
  previousBody: string | null = null,
  maxModules = Number.POSITIVE_INFINITY,
) {
  return parseChecklistText(body, { previousBody, maxModules, markers: MARKERS });
}
