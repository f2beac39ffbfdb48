import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockModelAnswers } from "../../e2e/harness.ts";
import { passingPlan } from "../../e2e/python-project.ts";
import { dockerStatus } from "../../helpers/docker.ts";
import { startBridge } from "../../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../../helpers/llm.ts";
import { mockModelList, runCli } from "./cli-process.ts";
import { checkoutState, dirtyRepository, git } from "./git-repo.ts";

const docker = await dockerStatus();

type Event = { type: string; module?: string; stage?: string | null; [key: string]: unknown };

function events(stdout: string): Event[] {
  return stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Event);
}

/** The sandbox containers a run left, by the run label every container carries. */
function containersOf(run: string): string {
  return execFileSync("docker", ["ps", "-aq", "--filter", `label=issue-codegen.run=${run}`], {
    encoding: "utf8",
  }).trim();
}

describe.skipIf(!docker.available)("codegen run interrupted and resumed", () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  beforeAll(async () => {
    bridge = await startBridge(new URL(LLM_BASE_URL).origin);
  });
  afterAll(() => bridge?.close());

  it("stops cleanly on Ctrl-C mid-module and goes on from there with --resume", async () => {
    const repo = dirtyRepository();
    const before = checkoutState(repo);
    const { plan, answers } = passingPlan(2);
    mockModelList();
    mockChat(plan);
    mockModelAnswers(...answers);
    const branch = "codegen/two-units-to-interrupt";

    const first = runCli(["Two units to interrupt", "--yes", "--json"], {
      cwd: repo,
      llmUrl: bridge.url,
    });
    // Ctrl-C while the second module is being built and tested.
    let interrupted = false;
    let seen = "";
    first.child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (!interrupted && seen.includes('"module":"unit2","status":"running","stage":"building"')) {
        interrupted = true;
        first.child.kill("SIGINT");
      }
    });
    const stopped = await first;

    expect(interrupted).toBe(true);
    expect(stopped.code).toBe(130);
    expect(events(stopped.stdout).at(-1)).toMatchObject({
      type: "notice",
      text: expect.stringContaining("codegen run --resume"),
    });
    // The container is gone, the branch is as committed, the checkout untouched.
    const record = JSON.parse(
      readFileSync(join(repo, ".git", "codegen", "current-run.json"), "utf8"),
    ) as { key: string };
    expect(record.key).toMatch(/^local\/two-units-to-interrupt@/);
    expect(containersOf(record.key)).toBe("");
    expect(git(repo, "log", "--format=%s", branch)).toBe(
      "codegen(unit1): attempt 1, passed\nInitial commit\n",
    );
    expect(checkoutState(repo)).toEqual(before);

    // The model is not asked again: unit2's answer was saved before its build started.
    mockModelList();
    const resumed = await runCli(["--resume", "--json"], { cwd: repo, llmUrl: bridge.url });

    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(events(resumed.stdout).at(-1)).toEqual({
      type: "finished",
      exitCode: 0,
      phase: "completed",
      branch,
    });
    expect(git(repo, "log", "--format=%s", branch)).toBe(
      "codegen(unit2): attempt 1, passed\ncodegen(unit1): attempt 1, passed\nInitial commit\n",
    );
    expect(checkoutState(repo)).toEqual(before);

    // Finished: nothing is left to resume.
    const again = await runCli(["--resume", "--json"], { cwd: repo, llmUrl: bridge.url });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("no unfinished run");
  });

  it("after a process killed outright mid-module, --resume removes its container and finishes", async () => {
    const repo = dirtyRepository();
    const { plan, answers } = passingPlan(2);
    mockModelList();
    mockChat(plan);
    mockModelAnswers(...answers);
    const first = runCli(["Two units to kill", "--yes", "--json"], {
      cwd: repo,
      llmUrl: bridge.url,
    });
    let seen = "";
    const building = new Promise<void>((resolve) => {
      first.child.stdout?.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('"module":"unit2","status":"running","stage":"building"')) resolve();
      });
    });
    await building;
    const { key } = JSON.parse(
      readFileSync(join(repo, ".git", "codegen", "current-run.json"), "utf8"),
    ) as { key: string };
    // Killed once unit2's container runs: nothing of the process gets to clean up.
    while (containersOf(key) === "") await new Promise((resolve) => setTimeout(resolve, 200));
    first.child.kill("SIGKILL");
    expect((await first).code).toBeNull();
    expect(containersOf(key)).not.toBe("");

    mockModelList();
    const resumed = await runCli(["--resume", "--json"], { cwd: repo, llmUrl: bridge.url });

    expect(resumed.code).toBe(0);
    expect(containersOf(key)).toBe("");
    expect(git(repo, "log", "--format=%s", "codegen/two-units-to-kill")).toBe(
      "codegen(unit2): attempt 1, passed\ncodegen(unit1): attempt 1, passed\nInitial commit\n",
    );
  });
});
