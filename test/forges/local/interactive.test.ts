import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { mockModelAnswers } from "../../e2e/harness.ts";
import { slugAttempt, TEXT_PLAN } from "../../e2e/python-project.ts";
import { dockerStatus } from "../../helpers/docker.ts";
import { startBridge } from "../../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../../helpers/llm.ts";
import { mockModelList } from "./cli-process.ts";
import { checkoutState, dirtyRepository, git } from "./git-repo.ts";
import { KEY, terminalSession } from "./terminal-session.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("codegen run at a terminal", () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  const sessions: { kill(): void }[] = [];
  beforeAll(async () => {
    bridge = await startBridge(new URL(LLM_BASE_URL).origin);
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) session.kill();
  });
  afterAll(() => bridge?.close());

  it("edits the plan in $EDITOR and retries a failed module with the person's hint", async () => {
    const repo = dirtyRepository({ ".github/codegen.yml": "maxAttempts: 2\n" });
    const before = checkoutState(repo);
    // The person's editor: unticks `wordcount`, the way they would by hand.
    const editor = join(repo, "..", `${repo.split("/").at(-1)}-editor.sh`);
    writeFileSync(
      editor,
      `#!/bin/sh\nsed -i 's/^- \\[x\\] \`wordcount\`/- [ ] \`wordcount\`/' "$1"\n`,
    );
    chmodSync(editor, 0o755);
    mockModelList();
    mockChat(TEXT_PLAN);
    const [, , withHint] = mockModelAnswers(slugAttempt(1), slugAttempt(2), slugAttempt(3, true));

    const session = terminalSession(["Small text utilities"], {
      cwd: repo,
      llmUrl: bridge.url,
      env: { EDITOR: editor },
    });
    sessions.push(session);
    await session.waitFor("The plan:");
    session.type(KEY.down);
    await session.waitFor("Edit the plan");
    session.type(KEY.enter);

    await session.waitFor("slug needs your decision");
    session.type(KEY.enter); // Retry with a hint for the fixer
    await session.waitFor("Hint for the fixer");
    session.type(`join the words with hyphens${KEY.enter}`);

    await session.waitFor("Switch to codegen/small-text-utilities now");
    session.type(KEY.enter); // No: stay on main
    expect(await session.exited).toBe(0);

    // Only `slug` was generated: the edited plan's boxes were read back.
    expect(git(repo, "log", "--format=%s", "codegen/small-text-utilities")).toMatch(
      /^codegen\(slug\): .*\ncodegen\(slug\): .*\nInitial commit\n$/,
    );
    expect(git(repo, "show", "codegen/small-text-utilities:textstats/slug.py")).toContain(
      '"-".join',
    );
    expect(JSON.stringify(withHint?.[0]?.messages)).toContain("join the words with hyphens");
    expect(session.screen()).toContain("| `slug` | ✅ succeeded | 3 |");
    expect(checkoutState(repo)).toEqual(before);
  });

  it("picks modules at the prompt and switches to the branch when asked, carrying the work tree's changes", async () => {
    const repo = dirtyRepository();
    mockModelList();
    mockChat(TEXT_PLAN);
    mockModelAnswers(slugAttempt(1, true));

    const session = terminalSession(["Small text utilities"], { cwd: repo, llmUrl: bridge.url });
    sessions.push(session);
    await session.waitFor("The plan:");
    session.type(KEY.down + KEY.down);
    await session.waitFor("❯ Pick the modules here");
    session.type(KEY.enter);
    await session.waitFor("Modules to generate");
    session.type(" "); // untick wordcount, the first line
    await session.waitFor("◯ wordcount");
    session.type(KEY.enter);

    await session.waitFor("Switch to codegen/small-text-utilities now");
    session.type(`y${KEY.enter}`);
    expect(await session.exited).toBe(0);

    expect(session.screen()).toContain("Switched to codegen/small-text-utilities.");
    expect(git(repo, "symbolic-ref", "--short", "HEAD").trim()).toBe(
      "codegen/small-text-utilities",
    );
    expect(git(repo, "log", "--format=%s")).toBe(
      "codegen(slug): attempt 1, passed\nInitial commit\n",
    );
    // The person's uncommitted work came along, as git switch carries it.
    expect(git(repo, "status", "--porcelain=v1", "--untracked-files=all")).toBe(
      " M README.md\nM  notes.txt\n?? scratch.txt\n",
    );
  });
});
