import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

/**
 * A comment as GitHub renders it: GFM, raw HTML passed through (GitHub allows `<img>`,
 * `<details>` and the like; its sanitizer is not what keeps untrusted text inert).
 */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** The HTML with code blocks and code spans removed: where GitHub turns text into links. */
export function outsideCode(html: string): string {
  return html.replace(/<pre>[\s\S]*?<\/pre>/g, "").replace(/<code>[\s\S]*?<\/code>/g, "");
}

/** `@name` and `@org/team` mentions GitHub would link (and notify) in the rendered HTML. */
export function liveMentions(html: string): string[] {
  const text = outsideCode(html).replace(/<[^>]*>/g, " ");
  return [...text.matchAll(/(?<![\w`])@[A-Za-z0-9][\w-]*(?:\/[\w-]+)?/g)].map((m) => m[0]);
}

/** Cross-references `#123` GitHub would link in the rendered HTML. */
export function liveIssueReferences(html: string): string[] {
  const text = outsideCode(html).replace(/<[^>]*>/g, " ");
  return [...text.matchAll(/(?<![\w&])#\d+/g)].map((m) => m[0]);
}

/** Hrefs and image sources the HTML would load or link. */
export function linkTargets(html: string): { links: string[]; images: string[] } {
  return {
    links: [...html.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1] ?? ""),
    images: [...html.matchAll(/<img [^>]*src="([^"]*)"/g)].map((m) => m[1] ?? ""),
  };
}
