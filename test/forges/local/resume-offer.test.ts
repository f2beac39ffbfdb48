import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_ANSWER } from "../../e2e/python-project.ts";
import { dockerStatus } from "../../helpers/docker.ts";
import { startBridge } from "../../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../../helpers/llm.ts";
import { mockModelList, runCli } from "./cli-process.ts";
import { dirtyRepository } from "./git-repo.ts";
import { KEY, terminalSession } from "./terminal-session.ts";

const docker = await dockerStatus();
const QUESTIONS = {
  verdict: { kind: "clarify", questions: ["Which delimiter does the CSV use?"] },
};

describe.skipIf(!docker.available)("an unfinished local run", () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  beforeAll(async () => {
    bridge = await startBridge(new URL(LLM_BASE_URL).origin);
  });
  afterAll(() => bridge?.close());

  it("is offered again at the terminal; once it ended, the same request starts afresh", async () => {
    const repo = dirtyRepository();
    mockModelList();
    mockChat(QUESTIONS);
    const asked = await runCli(["Convert my CSV", "--yes"], { cwd: repo, llmUrl: bridge.url });
    expect(asked.code).toBe(3);

    mockModelList();
    const analysed = mockChat(PLAN_ANSWER);
    const session = terminalSession([], { cwd: repo, llmUrl: bridge.url });
    try {
      await session.waitFor('An unfinished run is here ("Convert my CSV"). Resume it?');
      session.type(KEY.enter);
      await session.waitFor("1. Which delimiter does the CSV use?");
      session.type(`semicolons${KEY.enter}`);
      await session.waitFor("The plan:");
      session.type(KEY.down + KEY.down + KEY.down);
      await session.waitFor("❯ Abort");
      session.type(KEY.enter);
      expect(await session.exited).toBe(1);
    } finally {
      session.kill();
    }
    expect(JSON.stringify(analysed[0]?.messages)).toContain("semicolons");

    // The aborted run is over: the same request is a new run, analysed from its first words.
    mockModelList();
    const fresh = mockChat(QUESTIONS);
    const again = await runCli(["Convert my CSV", "--yes"], { cwd: repo, llmUrl: bridge.url });
    expect(again.code).toBe(3);
    expect(JSON.stringify(fresh[0]?.messages)).not.toContain("semicolons");
  });
});
