import { describe, expect, it } from "vitest";
import { type Sandbox, SandboxError } from "../../src/sandbox/index.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { type ChatRequest, mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { PARSER_FILES, PARSER_ONLY_PLAN } from "./python-project.ts";

const docker = await dockerStatus();
const BRANCH = "codegen/issue-1";
const HICCUP = "the container exited before the build started (Docker restarted)";

/** The real sandbox, except that while `broken` every session fails the way a Docker hiccup does. */
function flakySandbox() {
  const fault = { broken: true };
  const wrap = (sandbox: Sandbox): Sandbox => ({
    ...sandbox,
    async openSession(options) {
      if (fault.broken) throw new SandboxError("container", HICCUP);
      return sandbox.openSession(options);
    },
  });
  return { fault, wrap };
}

const parserFix = (attempt: number) => ({
  summary: `Attempt ${attempt}`,
  files: [
    {
      path: "expenses/parser.py",
      content: `# attempt ${attempt}\n${PARSER_FILES.files[1]?.content ?? ""}`,
    },
  ],
});

const prompt = (requests: ChatRequest[] | undefined) => JSON.stringify(requests?.[0]?.messages);

const flaky = flakySandbox();

describe.skipIf(!docker.available)("a sandbox failure after the code was generated", () => {
  const { run, receive, opened, commented, modelAnswers, lastComment } = useRun(
    {},
    {
      wrapSandbox: flaky.wrap,
    },
  );

  it("completes the module's check run, tells every later attempt what failed, and passes a /retry hint", async () => {
    flaky.fault.broken = true;
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    const [, ...fixes] = modelAnswers(PARSER_FILES, ...[2, 3, 4, 5].map(parserFix));
    await receive(commented("/start"));

    // Attempt 1's files, kept in the round's draft though no build ran, were fixed by attempts
    // 2–5, each told why the last failed; the failed round was committed once for people to see.
    expect(run.github.commits(BRANCH).map((commit) => commit.message.split("\n")[0])).toEqual([
      "codegen(parser): attempts 1–5, not passing yet",
      "Initial commit",
    ]);
    for (const fix of fixes) {
      expect(prompt(fix)).toContain("the sandbox could not build the module");
      expect(prompt(fix)).toContain(HICCUP);
      expect(prompt(fix)).toContain("expenses/parser.py");
    }
    expect(lastComment()).toContain("❌ `parser` failed 5 attempts.");
    // Nothing is left in progress: the round's result is a completed check run.
    expect(run.github.checkRuns().map((check) => [check.status, check.conclusion])).toEqual([
      ["completed", "failure"],
    ]);
    expect(run.github.checkRuns()[0]?.headSha).toBe(run.github.head(BRANCH));
    expect(run.github.checkRuns()[0]?.output.summary).toContain(HICCUP);

    // The hint reaches the model, and with the sandbox back the module passes.
    flaky.fault.broken = false;
    const [withHint] = modelAnswers(parserFix(6));
    await receive(commented("/retry keep the csv module"));
    expect(prompt(withHint)).toContain("keep the csv module");
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `parser` \| ✅ succeeded \| 6 \|/);
    expect(run.github.checkRuns().every((check) => check.status === "completed")).toBe(true);
  });

  it("a module whose generator never produced files is generated again with the reason and the hint", async () => {
    flaky.fault.broken = false;
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    // The model answers prose five times: no files, each a failed attempt.
    const prose = Array.from({ length: 10 }, () => "I cannot do that.");
    const answers = modelAnswers(...prose);
    await receive(commented("/start"));
    expect(lastComment()).toContain("❌ `parser` failed 5 attempts.");
    expect(run.github.checkRuns()).toEqual([]);
    // The second attempt's generate request says why the first produced nothing.
    expect(prompt(answers[2])).toMatch(/The previous attempt failed/);

    const [again] = modelAnswers(PARSER_FILES);
    await receive(commented("/retry write the three files of the plan"));
    expect(prompt(again)).toContain("write the three files of the plan");
    expect(run.github.pullRequests()[0]?.body).toMatch(/\| `parser` \| ✅ succeeded \| 6 \|/);
  });
});
