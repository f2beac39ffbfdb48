import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { PARSER_FILES, PLAN_ANSWER, REPORT_FILES, REPORT_FIX_RIGHT } from "./python-project.ts";

const docker = await dockerStatus();

/** `count` files under `folder`, numbered so they sort in order. */
function manyFiles(count: number, path: (n: string) => string): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [path(String(i).padStart(4, "0")), `# ${i}\n`]),
  );
}

const REPORT_RIGHT = {
  ...REPORT_FILES,
  files: [...REPORT_FIX_RIGHT.files, ...REPORT_FILES.files.slice(1)],
};

describe.skipIf(!docker.available)("a repository whose tree GitHub truncates", () => {
  // 300 vendored files sort before expenses/, so a truncated listing never reaches it.
  const { run, receive, opened, commented, modelAnswers, lastComment } = useRun({
    treeLimit: 100,
    files: { "README.md": "# big\n", ...manyFiles(300, (n) => `deps/lib${n}.txt`) },
  });

  it("hands the next module the files of the one before, and builds with them", async () => {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    const [, report] = modelAnswers(PARSER_FILES, REPORT_RIGHT);
    await receive(commented("/start"));
    // The parser's code reached the model that wrote the report...
    expect(JSON.stringify(report?.[0]?.messages)).toContain("row without an amount");
    // ...and the sandbox that tested it; both results end on the branch head.
    const head = run.github.head("codegen/issue-1");
    expect(
      run.github
        .checkRuns()
        .filter((check) => check.headSha === head)
        .map((check) => [check.name, check.conclusion]),
    ).toEqual([
      ["codegen / report", "success"],
      ["codegen / parser", "success"],
    ]);
    expect(lastComment()).toMatch(/^🏁 Done: 2 succeeded, 0 failed, 0 skipped/);
  });
});

describe.skipIf(!docker.available)("a module too spread out to read within the cap", () => {
  const legacy = manyFiles(201, (n) => `legacy/d${n}/code.py`);
  const { run, receive, opened, commented, lastComment } = useRun({
    treeLimit: 100,
    files: { "README.md": "# big\n", ...legacy },
  });

  it("fails that module with the reason instead of generating against part of it", async () => {
    const module = { ...PLAN_ANSWER.verdict.modules[0], files: Object.keys(legacy) };
    mockChat({ verdict: { ...PLAN_ANSWER.verdict, modules: [module] } });
    await receive(opened());
    await receive(commented("/start"));
    expect(lastComment()).toMatch(
      /^❌ I can't generate `parser`: Codertocat\/Hello-World at [0-9a-f]{7} is too large to read: GitHub truncated its file list, and the folders this step needs take more than 200 requests to list\./,
    );
    expect(run.github.commits("codegen/issue-1")).toHaveLength(1);
  });
});
