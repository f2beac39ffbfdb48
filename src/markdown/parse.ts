import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";

/**
 * Text read as GitHub renders it (GFM), so text inside code, HTML, quotes or comments is
 * never mistaken for a command or a checkbox.
 */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** The text a reader sees in a node (code spans keep their value, HTML is dropped). */
export function visibleText(node: Nodes): string {
  if (node.type === "html") return "";
  if ("value" in node) return node.value;
  if ("children" in node) return node.children.map((child) => visibleText(child)).join("");
  return "";
}
