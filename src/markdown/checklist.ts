import { createHash } from "node:crypto";
import type { ListItem, Nodes, Paragraph } from "mdast";
import type { Checklist, ChecklistLine } from "../core/types.ts";
import { parseMarkdown, visibleText } from "./parse.ts";

/**
 * The plan as a Markdown checklist, the same boxes wherever a human edits it (a GitHub
 * comment, a file in $EDITOR): one line per module, `- [x] \`name\` — description`, in the
 * order to generate, and a **Start generation** box. A human may untick, reorder, edit or
 * add lines; this reads them back.
 */

/** Hidden markers a forge writes beside the visible text, and how to read them back. */
export type ChecklistMarkers = {
  /** The plan version the text was written at, when it carries one. */
  version(text: string): number | null;
  /** The module a box's hidden marker names, when a human damaged the visible name. */
  module(source: string): string | null;
  /** Whether a box is the Start box by its marker. */
  isStart(source: string): boolean;
};

const NO_MARKERS: ChecklistMarkers = {
  version: () => null,
  module: () => null,
  isStart: () => false,
};

export const START_LABEL = "**Start generation**";

/** One module's box; `after` is what the forge adds on the line (status, a marker). */
export function checklistLine(
  module: { name: string; description: string; selected: boolean },
  description: string,
  after = "",
): string {
  return `- [${module.selected ? "x" : " "}] \`${module.name}\` — ${description}${after}`;
}

export function startLine(checked: boolean, after = ""): string {
  return `- [${checked ? "x" : " "}] ${START_LABEL}${after}`;
}

/** Comparable form of a body: editors send CRLF, the API returns what was sent. */
export function normalizeBody(body: string): string {
  return body.replace(/\r\n?/g, "\n").trimEnd();
}

export function bodyHash(body: string): string {
  return createHash("sha256").update(normalizeBody(body)).digest("hex").slice(0, 16);
}

export type ParseOptions = {
  /** The text before this edit: Start counts only when this edit ticked it. */
  previousBody?: string | null;
  /** Module lines past this are left out and counted, so a huge edit cannot make a huge plan. */
  maxModules?: number;
  markers?: ChecklistMarkers;
};

/** Reads the checklist out of a text a human edited. */
export function parseChecklist(body: string, options: ParseOptions = {}): Checklist {
  const { previousBody = null, maxModules = Number.POSITIVE_INFINITY } = options;
  const markers = options.markers ?? NO_MARKERS;
  const text = normalizeBody(body);
  const modules: ChecklistLine[] = [];
  const unreadable: string[] = [];
  let startChecked = false;
  for (const box of checkboxes(text)) {
    if (isStartLine(box, markers)) {
      startChecked = box.checked;
      continue;
    }
    const module = parseModuleLine(box, markers);
    if (module) modules.push({ ...module, checked: box.checked });
    else unreadable.push(box.line.trim());
  }
  const ignored = Math.max(0, modules.length - maxModules);
  return {
    markerVersion: markers.version(text),
    modules: modules.slice(0, maxModules),
    ...(ignored > 0 ? { overCap: { ignored, max: maxModules } } : {}),
    startTicked: startChecked && !(previousBody !== null && startWasChecked(previousBody, markers)),
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
 * The task list items of a text, as GitHub renders them: a box inside a quote, a code
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

function isStartLine(box: Checkbox, markers: ChecklistMarkers): boolean {
  return markers.isStart(box.source) || /^\**\s*start generation\b/i.test(box.visible.trim());
}

function startWasChecked(body: string, markers: ChecklistMarkers): boolean {
  return checkboxes(normalizeBody(body)).some((box) => box.checked && isStartLine(box, markers));
}

/** `name` — description, with the name in backticks, bold, or as the first word. */
function parseModuleLine(
  box: Checkbox,
  markers: ChecklistMarkers,
): { name: string; description: string } | null {
  const markerName = markers.module(box.source);
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
