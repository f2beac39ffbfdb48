import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { type ChatRequest, mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import {
  PARSER_FILES,
  PLAN_ANSWER,
  passingPlan,
  REPORT_FILES,
  REPORT_FIX_RIGHT,
} from "./python-project.ts";

const docker = await dockerStatus();
const BRANCH = "codegen/issue-1";

const messages = (requests: ChatRequest[] | undefined) =>
  (requests?.[0]?.messages ?? []).map((message) => String(message.content)).join("\n");

/** The text of a prompt section, from its heading to the next one. */
function section(prompt: string, heading: string): string {
  const start = prompt.indexOf(heading);
  if (start < 0) return "";
  const next = prompt.indexOf("\n## ", start + heading.length);
  return prompt.slice(start, next < 0 ? undefined : next);
}

describe.skipIf(!docker.available)("module boundaries", () => {
  const { run, receive, opened, commented, modelAnswers, planComment } = useRun();

  it("a fixer edits its own module's files and sees the modules it depends on as read-only context", async () => {
    mockChat(PLAN_ANSWER);
    await receive(opened());
    const parserSource = PARSER_FILES.files[1]?.content ?? "";
    const rewritesParser = {
      ...REPORT_FIX_RIGHT,
      files: [...REPORT_FIX_RIGHT.files, { path: "expenses/parser.py", content: "# gone\n" }],
    };
    const [, reportGenerate, fix, repair] = modelAnswers(
      PARSER_FILES,
      REPORT_FILES,
      rewritesParser,
      REPORT_FIX_RIGHT,
    );
    await receive(commented("/start"));

    const generate = messages(reportGenerate);
    expect(section(generate, "## The module's files already in the branch")).not.toContain(
      "expenses/parser.py",
    );
    expect(section(generate, "## Files of the modules it depends on")).toContain(
      "### expenses/parser.py",
    );
    const fixPrompt = messages(fix);
    expect(section(fixPrompt, "## The module's files (yours to change)")).toContain(
      "### expenses/report.py",
    );
    expect(section(fixPrompt, "## The module's files (yours to change)")).not.toContain(
      "expenses/parser.py",
    );
    // The dependency is shown as an outline of what it offers, never its full text.
    const dependencies = section(fixPrompt, "## What the modules it depends on offer");
    expect(dependencies).toContain("### expenses/parser.py (outline)");
    expect(dependencies).toContain("def parse(text):");
    expect(dependencies).not.toContain("csv.DictReader");
    // Returning a dependency's file is refused by the server with one repair request.
    expect(JSON.stringify(repair?.[0]?.messages)).toContain(
      '\\"expenses/parser.py\\" belongs to another module and is read-only',
    );
    expect(run.github.file(BRANCH, "expenses/parser.py")).toBe(parserSource);
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `report` \| ✅ succeeded \| 2 \|/);
  });

  it("a module's write to another module's file is refused and never committed", async () => {
    const { plan, answers } = passingPlan(2);
    mockChat(plan);
    await receive(opened());
    const [first, second] = answers;
    const intruder = {
      ...second,
      files: [...(second?.files ?? []), { path: "unit1/__init__.py", content: "broken(\n" }],
    };
    modelAnswers(first, intruder);
    await receive(commented("/start"));

    expect(run.github.file(BRANCH, "unit1/__init__.py")).toBe(first?.files[0]?.content);
    expect(planComment()).toMatch(/refused[^\n]*`unit1\/__init__.py`/);
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `unit2` \| ✅ succeeded \| 1 \|/);
  });
});
