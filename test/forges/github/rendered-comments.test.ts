import { describe, expect, it } from "vitest";
import { type CommentKind, commentKinds, PR_URL, REPO_URL } from "../../fixtures/comments.ts";
import { linkTargets, outsideCode, renderGfm } from "../../helpers/render-markdown.ts";

/** Each comment the app writes, as GitHub's Markdown renders it (see scripts/render-comments.ts). */
const rendered = new Map(
  commentKinds(false).map(({ name, markdown }: CommentKind) => [name, renderGfm(markdown)]),
);
const html = (name: string): string => {
  const found = rendered.get(name);
  if (found === undefined) throw new Error(`no comment kind ${name}`);
  return found;
};
const text = (fragment: string) => fragment.replace(/<[^>]*>/g, "");

describe("comments as GitHub renders them", () => {
  for (const [name, page] of rendered) {
    it(`${name}: no backtick or Markdown syntax left over as text`, () => {
      const visible = text(outsideCode(page));
      expect(visible).not.toContain("`");
      expect(visible).not.toMatch(/\*\*|\]\(/);
    });
  }

  it("the plan's instruction shows the line to add as one piece of code", () => {
    expect(html("plan-awaiting-selection")).toContain("<code>- [x] `name` — description</code>");
  });

  it("a checklist problem shows the line to write as one piece of code", () => {
    expect(html("checklist-problems")).toContain("<code>- [x] `name` — description</code>");
  });

  it("the finished plan and the summary link the pull request", () => {
    expect(linkTargets(html("plan-completed")).links).toContain(PR_URL);
    expect(linkTargets(html("final-summary")).links).toContain(PR_URL);
  });

  it("the decision's example hint is about the failing module, and a second round says so", () => {
    expect(html("decision-round-1")).toContain(
      "<code>/retry test_totals should &lt;what you expect&gt;</code>",
    );
    expect(html("decision-round-1")).not.toMatch(/round totals half up|Round \d/);
    const second = html("decision-round-2");
    expect(text(second)).toMatch(
      /Round 2: attempts 6 to 10\. The fixer had your hint round half up/,
    );
    expect(second).toContain("<code>round half up</code>");
  });

  it("/continue warns that the skipped module's code and tests stay in the pull request", () => {
    expect(text(html("decision-round-1"))).toMatch(
      /\/continue: skip report .*failing code and tests stay on the branch and in the pull request/,
    );
    expect(text(html("skipped"))).toMatch(/report stay in the pull request and fail/);
    expect(text(html("pull-request-body"))).toMatch(
      /report did not pass\. Code and tests .* stay in this pull request/,
    );
    expect(text(html("final-summary"))).toMatch(/report stay in the pull request and fail/);
  });

  it("the pull request's table links each module's commit and check run", () => {
    const rows = html("pull-request-body").match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    const parser = rows.find((row) => row.includes("<code>parser</code>")) ?? "";
    const report = rows.find((row) => row.includes("<code>report</code>")) ?? "";
    expect(linkTargets(parser).links).toEqual([
      `${REPO_URL}/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678`,
      `${REPO_URL}/runs/4001`,
    ]);
    expect(linkTargets(report).links).toEqual([
      `${REPO_URL}/commit/b2c3d4e5f60718293a4b5c6d7e8f901234567890`,
      `${REPO_URL}/runs/4002`,
    ]);
  });

  it("a log's summary names its module in code, not in literal backticks", () => {
    expect(html("pull-request-body")).toContain(
      "<summary><code>report</code>: last build log</summary>",
    );
  });
});
