import { describe, expect, it } from "vitest";
import {
  generatedModuleReader,
  moduleFixReader,
  type Reading,
} from "../../../src/mcp/answers/module-answer.ts";
import type { SourceFile } from "../../../src/mcp/schemas.ts";
import type { ModelRequest } from "../../../src/mcp/server/ask-client-model.ts";
import { askForValidAnswer } from "../../../src/mcp/server/ask-for-valid-answer.ts";
import { SLUGIFY_FILES } from "../helpers/fixtures.ts";
import { CORPUS, type CorpusEntry } from "./corpus.ts";

const rules = { allowWorkflowPaths: false };

/** Plays the entry's replies as the model, recording each request it is sent. */
function scriptedModel(entry: CorpusEntry) {
  const requests: ModelRequest[] = [];
  const replies = [...entry.replies];
  const ask = async (request: ModelRequest) => {
    requests.push(request);
    const reply = replies.shift();
    if (!reply) throw new Error(`${entry.name}: the model was asked more often than scripted`);
    return { ...reply, model: "scripted" };
  };
  return { ask, requests, unused: () => replies.length };
}

async function run(entry: CorpusEntry) {
  const files: SourceFile[] = entry.files ?? SLUGIFY_FILES[entry.language];
  const owned = { files: entry.tool === "fix" ? files : [], readOnly: entry.context ?? [], rules };
  const read: (text: string) => Reading<{ files: SourceFile[] }> =
    entry.tool === "fix" ? moduleFixReader(owned) : generatedModuleReader(owned);
  const model = scriptedModel(entry);
  const notes: string[] = [];
  const outcome = await askForValidAnswer(model.ask, "system", "prompt", read, async (message) => {
    if (message.startsWith("Note: ")) notes.push(message);
  }).then(
    ({ value }) => ({ files: value.files }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  // Every follow-up is the last user turn of a request after the first.
  const followUps = model.requests.slice(1).map((request) => request.turns.at(-1)?.text ?? "");
  return { outcome, followUps, notes, unused: model.unused() };
}

describe("the answer corpus", () => {
  it("covers four stacks, each clean, messy, truncated and wrong, in at least 30 answers", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    for (const language of ["python", "node", "java", "go"] as const) {
      const kinds = new Set(CORPUS.filter((e) => e.language === language).map((e) => e.kind));
      expect([...kinds].sort(), language).toEqual(["clean", "messy", "truncated", "wrong"]);
    }
  });

  it.each(CORPUS.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    const { outcome, followUps, notes, unused } = await run(entry);

    expect(unused, "every scripted reply is used").toBe(0);
    expect(followUps).toHaveLength(entry.followUps?.length ?? 0);
    entry.followUps?.forEach((wanted, index) => {
      if (typeof wanted === "string") expect(followUps[index]).toContain(wanted);
      else expect(followUps[index]).toMatch(wanted);
    });
    if ("error" in entry.expect) {
      expect("error" in outcome && outcome.error).toMatch(entry.expect.error);
      return;
    }
    if (!("files" in outcome)) throw new Error(`${entry.name} failed: ${outcome.error}`);
    const got = Object.fromEntries(outcome.files.map((file) => [file.path, file.content]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(entry.expect.files).sort());
    for (const [path, wanted] of Object.entries(entry.expect.files)) {
      if (typeof wanted === "string") expect(got[path], path).toBe(wanted);
      else expect(got[path], path).toMatch(wanted);
    }
    for (const note of entry.expect.notes ?? []) {
      expect(
        notes.some((line) => note.test(line)),
        String(note),
      ).toBe(true);
    }
  });
});
