import { describe, expect, it } from "vitest";
import { DEFAULT_REPO_CONFIG } from "../../../src/config/repo-config.ts";
import type { RunState } from "../../../src/core/types.ts";
import { conversationOf } from "../../../src/forges/local/conversation.ts";
import type { LocalEvent } from "../../../src/forges/local/events.ts";
import { createLocalForge } from "../../../src/forges/local/forge.ts";
import type { GitRepository } from "../../../src/forges/local/git.ts";
import { newRecord } from "../../../src/forges/local/run-record.ts";

const asking: RunState = {
  phase: "awaiting_reply",
  reason: "clarify",
  questions: ["Which delimiter?"],
  version: 1,
  tokens: { promptTokens: 0, completionTokens: 0 },
  planComment: null,
};

describe("the local forge's conversation", () => {
  it("keeps the questions it asked for the next analysis, once even when a step is replayed", async () => {
    const saved: number[] = [];
    const conversation = conversationOf(newRecord("Convert my CSV", "convert-my-csv", "dev"), {
      save: async (record) => void saved.push(record.thread.length),
    });
    const events: LocalEvent[] = [];
    const forge = createLocalForge({
      repo: {} as GitRepository,
      conversation,
      config: DEFAULT_REPO_CONFIG,
      emit: (event) => events.push(event),
      writeReport: null,
    });
    const notice = { kind: "questions" as const, questions: ["Which delimiter?"] };

    await forge.notify(notice, asking, { meta: { id: "s/0.1", replay: false } });
    await forge.notify(notice, asking, { meta: { id: "s/0.1", replay: true } });

    const { thread } = await forge.readRequest();
    expect(thread.map((entry) => [entry.author, entry.fromApp])).toEqual([
      ["dev", false],
      ["codegen", true],
    ]);
    expect(thread[1]?.body).toContain("1. Which delimiter?");
    expect(saved).toEqual([2]);
    // Said on the terminal both times: a replay may be the only time the person sees it.
    expect(events.filter((event) => event.type === "notice")).toHaveLength(2);
  });
});
