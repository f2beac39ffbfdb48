import { createHash } from "node:crypto";
import type { ListItem, Nodes, Paragraph } from "mdast";
import type {
  Checklist,
  ChecklistLine,
  Generation,
  ModuleProgress,
  Plan,
  RunState,
} from "../../core/types.ts";
import { inertLine, inlineCode } from "./inert.ts";
import { parseMarkdown, visibleText } from "./markdown.ts";
import { moduleStatusLine } from "./notices.ts";
import { testsText } from "./tests-text.ts";

/**
 * The plan comment: rendered from the run state, parsed back from a human's edit. Hidden
 * markers, not visible text, identify the comment, each module box and the state version
 * (Renovate's Dependency Dashboard approach).
 */

const PLAN_MARKER = /<!--\s*codegen:plan\s+v=(\d+)\s*-->/;
const MODULE_MARKER = /<!--\s*codegen:module=([\w-]+)\s*-->/;
const START_MARKER = "<!-- codegen:start -->";

export function isPlanComment(body: string): boolean {
  return PLAN_MARKER.test(body);
}

/** Comparable form of a body: GitHub's editor sends CRLF, the API returns what was sent. */
export function normalizeBody(body: string): string {
  return body.replace(/\r\n?/g, "\n").trimEnd();
}

export function bodyHash(body: string): string {
  return createHash("sha256").update(normalizeBody(body)).digest("hex").slice(0, 16);
}

type RenderedState = Extract<RunState, { plan: Plan | null }>;

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
    return `- [${module.selected ? "x" : " "}] \`${module.name}\` — ${boxText(module.description)}${status} <!-- codegen:module=${module.name} -->`;
  });
  const start = `- [${frozen ? "x" : " "}] **Start generation** ${START_MARKER}`;
  return [...header, ...boxes, "", start, "", details(plan, generation)].join("\n");
}

function progressText(
  module: ModuleProgress,
  generation: Generation,
  repoUrl: string | null,
): string {
  const parts = [moduleStatusLine(module, generation.maxAttempts)];
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
): Checklist {
  const text = normalizeBody(body);
  const modules: ChecklistLine[] = [];
  const unreadable: string[] = [];
  let startChecked = false;
  for (const box of checkboxes(text)) {
    if (isStartLine(box.source)) {
      startChecked = box.checked;
      continue;
    }
    const module = parseModuleLine(box);
    if (module) modules.push({ ...module, checked: box.checked });
    else unreadable.push(box.line.trim());
  }
  const marker = PLAN_MARKER.exec(text);
  const ignored = Math.max(0, modules.length - maxModules);
  return {
    markerVersion: marker?.[1] ? Number(marker[1]) : null,
    modules: modules.slice(0, maxModules),
    ...(ignored > 0 ? { overCap: { ignored, max: maxModules } } : {}),
    startTicked: startChecked && !(previousBody !== null && startWasChecked(previousBody)),
    unreadable,
    bodyHash: bodyHash(body),
  };
}

type Checkbox = {
  checked: boolean;
  /** The item's first line as written, for the reply naming a line that can't be read. */
  line: string;
  /** The first line after the box, markers included. */
  source: string;
  /** What a reader sees there: escapes decoded, HTML dropped, code spans in backticks. */
  visible: string;
};

/**
 * The task list items of a comment, as GitHub renders them: a box inside a quote, a code
 * block or an HTML comment is not one. An item that looks like a box but has nothing after it
 * is kept too, so the reply can name it.
 */
function checkboxes(text: string): Checkbox[] {
  const found: Checkbox[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === "blockquote") return;
    if (node.type === "listItem") {
      const box = checkboxOf(text, node);
      if (box) found.push(box);
    }
    if ("children" in node) for (const child of node.children) walk(child);
  };
  walk(parseMarkdown(text));
  return found;
}

function checkboxOf(text: string, item: ListItem): Checkbox | null {
  const line = lineAt(text, item.position?.start.offset ?? 0);
  const paragraph = item.children[0]?.type === "paragraph" ? item.children[0] : null;
  if (typeof item.checked === "boolean" && paragraph) {
    return {
      checked: item.checked,
      line,
      source: lineAt(text, paragraph.position?.start.offset ?? 0),
      visible: firstLine(paragraph),
    };
  }
  const empty = /^\S+\s+\[([ xX])\]\s*$/.exec(line.trim());
  return empty?.[1] ? { checked: empty[1] !== " ", line, source: "", visible: "" } : null;
}

/** From `offset` to the end of its line. */
function lineAt(text: string, offset: number): string {
  const end = text.indexOf("\n", offset);
  return text.slice(offset, end === -1 ? text.length : end);
}

/** The paragraph's first line as a reader sees it; code spans keep their backticks. */
function firstLine(paragraph: Paragraph): string {
  let out = "";
  for (const child of paragraph.children) {
    if (child.type === "inlineCode") out += `\`${child.value}\``;
    else if (child.type === "strong") out += `**${visibleText(child)}**`;
    else out += visibleText(child);
    if (out.includes("\n")) break;
  }
  return out.split("\n")[0] ?? "";
}

function isStartLine(content: string): boolean {
  return content.includes("codegen:start") || /^\**\s*start generation\b/i.test(content.trim());
}

function startWasChecked(body: string): boolean {
  return checkboxes(normalizeBody(body)).some((box) => box.checked && isStartLine(box.source));
}

/** `name` — description, with the name in backticks, bold, or as the first word. */
function parseModuleLine(box: Checkbox): { name: string; description: string } | null {
  const markerName = MODULE_MARKER.exec(box.source)?.[1];
  // A marker a human damaged leaves a stray "<!--" fragment; drop it with the markers.
  const visible = box.visible.replace(/<!--.*$/, "").trim();
  const named =
    /^`([^`]+)`\s*(?:[—–:-]+\s*)?(.*)$/.exec(visible) ??
    /^\*\*([^*]+)\*\*\s*(?:[—–:-]+\s*)?(.*)$/.exec(visible) ??
    /^(\S+?)\s*(?:[—–:]|\s-\s|\s)\s*(.*)$/.exec(`${visible} `);
  const name = named?.[1]?.trim() || markerName;
  if (!name) return null;
  return { name, description: (named?.[2] ?? "").trim() };
}
