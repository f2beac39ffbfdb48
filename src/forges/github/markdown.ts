import type { Paragraph, PhrasingContent } from "mdast";

export type SourceLine = { text: string; start: number };

/**
 * The source lines of a paragraph that start as visible text: a line that begins inside
 * inline HTML (a comment), a code span or a link is left out.
 */
export function paragraphLines(source: string, paragraph: Paragraph): SourceLine[] {
  const from = paragraph.position?.start.offset ?? 0;
  const to = paragraph.position?.end.offset ?? source.length;
  const hidden = paragraph.children
    .filter((child) => child.type !== "text" && child.type !== "break")
    .map(span);
  const lines: SourceLine[] = [];
  let start = source.lastIndexOf("\n", from - 1) + 1;
  while (start <= to) {
    const end = source.indexOf("\n", start);
    const stop = end === -1 ? source.length : end;
    if (!hidden.some(([a, b]) => start > a && start < b)) {
      lines.push({ text: source.slice(start, stop), start });
    }
    if (end === -1) break;
    start = end + 1;
  }
  return lines;
}

function span(node: PhrasingContent): [number, number] {
  return [node.position?.start.offset ?? 0, node.position?.end.offset ?? 0];
}
