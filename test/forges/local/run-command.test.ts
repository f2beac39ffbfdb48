import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockModelAnswers } from "../../e2e/harness.ts";
import {
  PARSER_FILES,
  PLAN_ANSWER,
  REPORT_FILES,
  REQUEST,
  reportFixWrong,
  TEXT_PLAN,
  wordcountAttempt,
} from "../../e2e/python-project.ts";
import { dockerStatus } from "../../helpers/docker.ts";
import { startBridge } from "../../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../../helpers/llm.ts";
import { mockModelList, runCli } from "./cli-process.ts";
import { checkoutState, dirtyRepository, git } from "./git-repo.ts";

const docker = await dockerStatus();

/** Two attempts per module keep a failing module short. */
const CONFIG = { ".github/codegen.yml": "maxAttempts: 2\n" };

/**
 * `codegen run` end to end, as its own process in a temporary repository: the model faked at
 * its HTTP endpoint (through a bridge to this process), the real MCP servers and the real
 * Docker sandbox.
 */
describe.skipIf(!docker.available)("codegen run on a local repository", () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  beforeAll(async () => {
    bridge = await startBridge(new URL(LLM_BASE_URL).origin);
  });
  afterAll(() => bridge?.close());

  it("commits each module on codegen/<slug>, leaves the checkout alone and reports; 1 when a module failed", async () => {
    const repo = dirtyRepository(CONFIG);
    const before = checkoutState(repo);
    const report = join(repo, "..", `${repo.split("/").at(-1)}-report.md`);
    mockModelList();
    mockChat(PLAN_ANSWER);
    mockModelAnswers(PARSER_FILES, REPORT_FILES, reportFixWrong(2));

    const result = await runCli(
      [REQUEST, "--yes", "--on-failure", "continue", "--report", report],
      {
        cwd: repo,
        llmUrl: bridge.url,
      },
    );

    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const branch = "codegen/build-a-python-library-that-reads-a-csv";
    expect(git(repo, "log", "--format=%s", branch).trim().split("\n")).toEqual([
      "codegen(report): attempts 1–2, not passing yet",
      "codegen(parser): attempt 1, passed",
      "Initial commit",
    ]);
    expect(git(repo, "show", `${branch}:expenses/parser.py`)).toContain("csv");
    expect(checkoutState(repo)).toEqual(before);

    const written = readFileSync(report, "utf8");
    expect(written).toMatch(
      /\| `parser` \| ✅ succeeded \| 1 \| ✅ passed \| 2 passed, 0 failed \|/,
    );
    expect(written).toMatch(/\| `report` \| ⏭ skipped \| 2 \| ❌ test \|/);
    expect(written).toContain(`git switch ${branch}`);
    // The same report is printed.
    expect(result.stdout).toContain("| `report` | ⏭ skipped | 2 |");
    expect(result.stdout).toContain("Plan: A Python library that parses expense CSVs");
  });

  it("generates the modules --modules names with the --model model, and exits 0 when they all pass", async () => {
    const repo = dirtyRepository(CONFIG);
    mockModelList(["test-model", "coder-model"]);
    const analysis = mockChat(PLAN_ANSWER);
    const [code] = mockModelAnswers(PARSER_FILES);

    const result = await runCli(
      [REQUEST, "--modules", "parser", "--json", "--model", "coder-model"],
      {
        cwd: repo,
        llmUrl: bridge.url,
      },
    );

    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events.filter((event) => event.type === "module" && event.stage === null)).toEqual([
      expect.objectContaining({ module: "parser", status: "succeeded", attempt: 1 }),
    ]);
    expect(events.at(-1)).toEqual({
      type: "finished",
      exitCode: 0,
      phase: "completed",
      branch: "codegen/build-a-python-library-that-reads-a-csv",
    });
    expect([analysis[0]?.model, code?.[0]?.model]).toEqual(["coder-model", "coder-model"]);
    expect(git(repo, "log", "--format=%s", "codegen/build-a-python-library-that-reads-a-csv")).toBe(
      "codegen(parser): attempt 1, passed\nInitial commit\n",
    );
  });

  it("prints the analysis's questions and exits 3", async () => {
    const repo = dirtyRepository();
    mockModelList();
    mockChat({ verdict: { kind: "clarify", questions: ["Which columns does the CSV have?"] } });

    const result = await runCli(["Convert my CSV", "--yes"], { cwd: repo, llmUrl: bridge.url });

    expect(result.code).toBe(3);
    expect(result.stdout).toContain("1. Which columns does the CSV have?");
    expect(git(repo, "branch", "--list", "codegen/*")).toBe("");
  });

  it("aborts when a module's attempts run out by default, keeping its round on the branch; 1", async () => {
    const repo = dirtyRepository({ ".github/codegen.yml": "maxAttempts: 1\n" });
    const report = join(repo, "..", `${repo.split("/").at(-1)}-report.md`);
    mockModelList();
    mockChat(TEXT_PLAN);
    mockModelAnswers(wordcountAttempt(1));

    const result = await runCli(["Text tools", "--yes", "--report", report], {
      cwd: repo,
      llmUrl: bridge.url,
    });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Run aborted.");
    expect(git(repo, "log", "--format=%s", "codegen/text-tools")).toBe(
      "codegen(wordcount): attempt 1, not passing yet\nInitial commit\n",
    );
    const written = readFileSync(report, "utf8");
    expect(written).toMatch(/\| `wordcount` \| ❌ failed \| 1 \|/);
    expect(written).toMatch(/\| `slug` \| ⏳ queued \| 0 \|/);
  });

  it("exits 2 when --modules names a module the plan lacks, and a resumed plan still waits for a choice", async () => {
    const repo = dirtyRepository();
    mockModelList();
    mockChat(PLAN_ANSWER);
    const unknown = await runCli([REQUEST, "--modules", "parser,exporter"], {
      cwd: repo,
      llmUrl: bridge.url,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain(
      "--modules names exporter, which the plan does not have; it has parser, report.",
    );

    mockModelList();
    const waiting = await runCli(["--resume"], { cwd: repo, llmUrl: bridge.url });
    expect(waiting.code).toBe(2);
    expect(waiting.stdout).toContain("The plan waits for a choice: pass --yes");
    expect(git(repo, "branch", "--list", "codegen/*")).toBe("");
  });

  it("says the reply to small talk and exits 3, with nothing to generate", async () => {
    const repo = dirtyRepository();
    mockModelList();
    mockChat({ verdict: { kind: "small_talk", reply: "Hello! Tell me what to build." } });

    const result = await runCli(["hi there", "--yes"], { cwd: repo, llmUrl: bridge.url });

    expect(result.code).toBe(3);
    expect(result.stdout).toContain("Hello! Tell me what to build.");
    expect(git(repo, "branch", "--list", "codegen/*")).toBe("");
  });

  it("exits 2 with one line for a folder that is not a repository, a missing key, an endpoint down, a model it lacks or no Docker", async () => {
    const plain = mkdtempSync(join(tmpdir(), "codegen-plain-"));
    const outside = await runCli(["Anything", "--yes"], { cwd: plain, llmUrl: bridge.url });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toBe(
      `codegen: ${plain} is not a git repository: run codegen inside one (or pass --repo DIR), or create one with \`git init\` and a first commit\n`,
    );

    const repo = dirtyRepository();
    const noKey = await runCli(["Anything", "--yes"], { cwd: repo, env: { OPENAI_API_KEY: "" } });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr.trim().split("\n")).toHaveLength(1);
    expect(noKey.stderr).toContain("OPENAI_API_KEY is not set");

    const down = await runCli(["Anything", "--yes"], {
      cwd: repo,
      env: { OPENAI_BASE_URL: "http://127.0.0.1:1/v1" },
    });
    expect(down.code).toBe(2);
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
    expect(down.stderr).toMatch(
      /^codegen: the LLM endpoint http:\/\/127\.0\.0\.1:1\/v1 does not answer .*\n$/,
    );

    mockModelList();
    const lacking = await runCli(["Anything", "--yes", "--model", "no-such-model"], {
      cwd: repo,
      llmUrl: bridge.url,
    });
    expect(lacking.code).toBe(2);
    expect(lacking.stderr.trim().split("\n")).toHaveLength(1);
    expect(lacking.stderr).toContain("does not offer no-such-model (OPENAI_MODEL or --model)");

    mockModelList();
    const noDocker = await runCli(["Anything", "--yes"], {
      cwd: repo,
      llmUrl: bridge.url,
      env: { DOCKER_HOST: "tcp://127.0.0.1:1" },
    });
    expect(noDocker.code).toBe(2);
    expect(noDocker.stderr.trim().split("\n")).toHaveLength(1);
    expect(noDocker.stderr).toContain("the Docker engine at tcp://127.0.0.1:1 does not answer");
  });
});
