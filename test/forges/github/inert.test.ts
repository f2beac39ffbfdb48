import { describe, expect, it } from "vitest";
import { codeBlock, inertText, inlineCode } from "../../../src/forges/github/inert.ts";
import { commentKinds, REPO_URL } from "../../fixtures/comments.ts";
import { HOSTILE_LINE, HOSTILE_LOG } from "../../fixtures/hostile-text.ts";
import {
  linkTargets,
  liveIssueReferences,
  liveMentions,
  outsideCode,
  renderGfm,
} from "../../helpers/render-markdown.ts";

describe("untrusted text in the app's comments", () => {
  for (const { name, markdown } of commentKinds(true)) {
    it(`${name}: pings nobody, loads nothing, links only the app's own pages`, () => {
      const html = renderGfm(markdown);
      expect(liveMentions(html)).toEqual([]);
      expect(liveIssueReferences(html)).not.toContain("#1");
      const { links, images } = linkTargets(html);
      expect(images).toEqual([]);
      expect(links.filter((href) => !href.startsWith(REPO_URL))).toEqual([]);
      expect(outsideCode(html)).not.toMatch(/<img|<\/?details>\s*<img/);
      expect(html.includes("\u001b") || html.includes("\u0007")).toBe(false);
      const opened = html.match(/<details>/g)?.length ?? 0;
      expect(html.match(/<\/details>/g)?.length ?? 0).toBe(opened);
    });
  }
});

describe("inert Markdown", () => {
  it("keeps a log in one code block whatever fences it holds", () => {
    const html = renderGfm(codeBlock(HOSTILE_LOG));
    expect(html.match(/<pre>/g)).toHaveLength(1);
    expect(html).toContain("@octo-org/security-team please review");
    expect(html.trim().endsWith("</code></pre>")).toBe(true);
  });

  it("shows prose as the characters it holds", () => {
    const html = renderGfm(inertText(HOSTILE_LINE));
    const text = html
      .replace(/<[^>]*>/g, "")
      .replaceAll("\u200b", "")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .trim();
    expect(text).toBe(HOSTILE_LINE);
  });

  it("makes a code span longer than any backtick run, and splits no table cell", () => {
    expect(renderGfm(inlineCode("a `` b"))).toContain("<code>a `` b</code>");
    const table = renderGfm(`| a |\n| --- |\n| ${inlineCode("x | y", { inTable: true })} |`);
    expect(table).toContain("<td><code>x | y</code></td>");
  });
});
