import { describe, expect, it } from "vitest";
import { initialState, transition } from "../../src/core/machine.ts";
import type { RunEffect, RunEvent, RunState } from "../../src/core/types.ts";
import { renderNotice } from "../../src/forges/github/notices.ts";
import { COMMENT_FLOOD } from "../fixtures/comment-flood.ts";
import { awaitingSelection, checklist, plan, reader, writer } from "./fixtures.ts";

const usage = { promptTokens: 100, completionTokens: 20 };
const analyzing: RunState = { ...initialState, phase: "analyzing" };
const command = (
  name: Extract<RunEvent, { type: "command" }>["command"],
  extra = {},
): RunEvent => ({
  type: "command",
  actor: writer,
  command: name,
  args: "",
  commentId: 5,
  checklist: null,
  ...extra,
});
/** What the run says, as the GitHub forge words it from the state it is said in. */
const replies = ({ state, effects }: { state: RunState; effects: RunEffect[] }) =>
  effects.flatMap((effect) =>
    effect.type === "notify" ? [renderNotice(effect.notice, state)] : [],
  );
const reactions = (effects: RunEffect[]) =>
  effects.flatMap((effect) => (effect.type === "acknowledge" ? [effect.ack] : []));

describe("analysis", () => {
  it("a new issue starts an analysis; a redelivery mid-analysis analyzes again, later ones do not", () => {
    const { state, effects } = transition(initialState, { type: "issue_opened", author: "a" });
    expect(state.phase).toBe("analyzing");
    expect(effects).toEqual([
      { type: "acknowledge", messageId: null, ack: "seen" },
      { type: "analyze" },
    ]);
    expect(transition(state, { type: "issue_opened", author: "a" }).effects).toEqual([
      { type: "analyze" },
    ]);
    expect(transition(awaitingSelection(), { type: "issue_opened", author: "a" }).effects).toEqual(
      [],
    );
  });

  it("small talk gets a friendly reply that says how to ask, and waits", () => {
    const { state, effects } = transition(analyzing, {
      type: "analysis_completed",
      verdict: { kind: "small_talk", reply: "Hi there!" },
      usage,
      inputNote: null,
    });
    expect(state).toMatchObject({ phase: "awaiting_reply", reason: "small_talk", tokens: usage });
    expect(replies({ state, effects })[0]).toMatch(/^Hi there!\n\nOpen an issue/);
  });

  it("clarifying questions are numbered; the author's answer re-analyzes, others' do not", () => {
    const { state, effects } = transition(analyzing, {
      type: "analysis_completed",
      verdict: { kind: "clarify", questions: ["Which language?", "What input format?"] },
      usage,
      inputNote: null,
    });
    expect(replies({ state, effects })[0]).toContain("1. Which language?\n2. What input format?");
    expect(state.phase).toBe("awaiting_reply");
    const other = transition(state, { type: "comment_added", author: "x", byIssueAuthor: false });
    expect(other).toEqual({ state, effects: [] });
    const answer = transition(state, { type: "comment_added", author: "a", byIssueAuthor: true });
    expect(answer.state.phase).toBe("analyzing");
    expect(answer.effects).toEqual([{ type: "analyze" }]);
    const edit = transition(state, { type: "issue_edited", author: "a", byIssueAuthor: true });
    expect(edit.effects).toEqual([{ type: "analyze" }]);
  });

  it("re-analyses on a writer's comment, never on a reader's who is not the author", () => {
    const waiting: RunState = {
      ...initialState,
      phase: "awaiting_reply",
      reason: "clarify",
      questions: [],
    };
    const at = "2026-01-05T10:00:00Z";
    const limit = { perHour: 5 };
    const byReader = transition(waiting, {
      type: "comment_added",
      author: "drive-by",
      byIssueAuthor: false,
      canWrite: false,
      reanalysis: { at, limit },
    });
    expect(byReader).toEqual({ state: waiting, effects: [] });
    const byWriter = transition(waiting, {
      type: "comment_added",
      author: "octocat",
      byIssueAuthor: false,
      canWrite: true,
      reanalysis: { at, limit },
    });
    expect(byWriter.effects).toEqual([{ type: "analyze" }]);
  });

  it("re-analyses an issue at most the operator's limit an hour, and says so once", () => {
    const limit = { perHour: 3 };
    let state: RunState = {
      ...initialState,
      phase: "awaiting_reply",
      reason: "small_talk",
      questions: [],
    };
    const outcomes: string[] = [];
    for (const at of COMMENT_FLOOD) {
      const step = transition(state, {
        type: "comment_added",
        author: "a",
        byIssueAuthor: true,
        reanalysis: { at, limit },
      });
      outcomes.push(step.effects.map((effect) => effect.type).join(",") || "none");
      state = step.state;
      if (state.phase === "analyzing") {
        state = transition(state, {
          type: "analysis_completed",
          verdict: { kind: "small_talk", reply: "Hi" },
          usage,
          inputNote: null,
        }).state;
      }
    }
    expect(outcomes).toEqual([
      "analyze",
      "analyze",
      "analyze",
      "notify",
      "none",
      "none",
      "none",
      "none",
      "none",
      "none",
    ]);
    const notice = transition(
      { ...state, analysisLimitNoticed: undefined },
      {
        type: "comment_added",
        author: "a",
        byIssueAuthor: true,
        reanalysis: { at: "2026-01-05T10:10:00Z", limit },
      },
    );
    expect(replies(notice)[0]).toMatch(/re-read 3 times in the last hour.*after 11:01 UTC/);
    const nextHour = transition(state, {
      type: "comment_added",
      author: "a",
      byIssueAuthor: true,
      reanalysis: { at: "2026-01-05T11:00:31Z", limit },
    });
    expect(nextHour.effects).toEqual([{ type: "analyze" }]);
  });

  it("a plan bumps the version and renders the plan comment, after any input note", () => {
    const { state, effects } = transition(analyzing, {
      type: "analysis_completed",
      verdict: { kind: "plan", plan },
      usage,
      inputNote: "Your issue is long; I read the first 20 KB.",
    });
    expect(state).toMatchObject({ phase: "awaiting_selection", version: 1, plan });
    expect(effects).toEqual([
      {
        type: "notify",
        notice: { kind: "said", text: "Your issue is long; I read the first 20 KB." },
      },
      { type: "render_plan", basedOnHash: null },
    ]);
  });

  it("a failed analysis is reported and /retry runs it again", () => {
    const failed = transition(analyzing, {
      type: "analysis_failed",
      error: "the model's answer was not valid JSON.",
      usage,
      inputNote: null,
    });
    expect(failed.state).toMatchObject({ phase: "analysis_failed", tokens: usage });
    expect(replies(failed)[0]).toContain("the model's answer was not valid JSON.");
    const retried = transition(failed.state, command("retry"));
    expect(retried.state.phase).toBe("analyzing");
    expect(retried.effects.map((e) => e.type)).toEqual(["acknowledge", "analyze", "acknowledge"]);
    expect(reactions(retried.effects)).toEqual(["seen", "done"]);
  });

  it("ignores late analysis results", () => {
    const state = awaitingSelection();
    const event: RunEvent = {
      type: "analysis_completed",
      verdict: { kind: "small_talk", reply: "hi" },
      usage,
      inputNote: null,
    };
    expect(transition(state, event)).toEqual({ state, effects: [] });
    expect(
      transition(state, { type: "analysis_failed", error: "x", usage, inputNote: null }).state,
    ).toBe(state);
  });

  it("records where the plan comment was written", () => {
    const comment = { id: 9, version: 2, hash: "abc" };
    expect(
      transition(awaitingSelection(), { type: "plan_rendered", comment }).state.planComment,
    ).toEqual(comment);
  });
});

describe("plan edits", () => {
  it("applies unticks, reorders and descriptions, and re-renders", () => {
    const edited = checklist({
      modules: [
        { name: "report", description: "Prints a table of totals", checked: true },
        { name: "parser", description: "", checked: false },
      ],
    });
    const { state, effects } = transition(awaitingSelection(), {
      type: "plan_edited",
      actor: writer,
      checklist: edited,
    });
    expect(state.phase).toBe("awaiting_selection");
    expect(state.version).toBe(2);
    const modules = "plan" in state && state.plan ? state.plan.modules : [];
    expect(modules.map((m) => [m.name, m.selected, m.description])).toEqual([
      ["report", true, "Prints a table of totals"],
      ["parser", false, "Reads the CSV into expense records"],
    ]);
    expect(modules[0]?.files).toEqual(["expenses/report.py", "tests/test_report.py"]);
    expect(effects).toEqual([{ type: "render_plan", basedOnHash: "human" }]);
  });

  it("adds a module a human wrote, in the plan's language", () => {
    const edited = checklist({
      modules: [
        ...checklist().modules,
        { name: "Export JSON", description: "Writes totals as JSON", checked: true },
      ],
    });
    const { state } = transition(awaitingSelection(), {
      type: "plan_edited",
      actor: writer,
      checklist: edited,
    });
    const added = "plan" in state ? state.plan?.modules[2] : undefined;
    expect(added).toEqual({
      name: "export-json",
      description: "Writes totals as JSON",
      language: "python",
      files: [],
      dependsOn: [],
      acceptanceCriteria: [],
      selected: true,
    });
  });

  it("ticking Start freezes the selection and starts generation", () => {
    const { state, effects } = transition(awaitingSelection(), {
      type: "plan_edited",
      actor: writer,
      checklist: checklist({ startTicked: true }),
    });
    expect(state.phase).toBe("generating");
    expect(effects).toEqual([
      { type: "render_plan", basedOnHash: "human" },
      { type: "prepare_generation" },
    ]);
  });

  it("keeps the last good plan when the checklist is unusable", () => {
    const state = awaitingSelection();
    const cases = [
      {
        modules: [
          { name: "parser", description: "a", checked: false },
          { name: "report", description: "b", checked: false },
        ],
        problem: "No module is ticked",
      },
      {
        modules: [
          { name: "parser", description: "a", checked: true },
          { name: "Parser", description: "b", checked: true },
        ],
        problem: "The module `parser` appears twice",
      },
      { modules: [], problem: "no modules left" },
      {
        modules: [{ name: "9lives", description: "x", checked: true }],
        problem: "`9lives` is not a usable module name",
      },
      {
        modules: [...checklist().modules, { name: "cache", description: "", checked: true }],
        problem: "The new module `cache` needs a description",
      },
    ];
    for (const { modules, problem } of cases) {
      const result = transition(state, {
        type: "plan_edited",
        actor: writer,
        checklist: checklist({ modules, startTicked: true }),
      });
      expect(result.state).toBe(state);
      expect(replies(result)[0]).toContain(problem);
      expect(result.effects).toContainEqual({ type: "render_plan", basedOnHash: "human" });
    }
    const unreadable = transition(state, {
      type: "plan_edited",
      actor: writer,
      checklist: checklist({ unreadable: ["- [x]"] }),
    });
    expect(replies(unreadable)[0]).toContain("I could not read `- [x]`");
  });

  it("restores the plan when an edit was made on an older version", () => {
    const state = awaitingSelection({
      version: 3,
      planComment: { id: 77, version: 3, hash: "h3" },
    });
    const result = transition(state, {
      type: "plan_edited",
      actor: writer,
      checklist: checklist({ markerVersion: 2 }),
    });
    expect(result.state).toBe(state);
    expect(replies(result)[0]).toMatch(/plan changed while you were editing/);
  });

  it("accepts an edit on the version last written even if the state moved on unwritten", () => {
    const state = awaitingSelection({
      version: 3,
      planComment: { id: 77, version: 2, hash: "h2" },
    });
    const result = transition(state, {
      type: "plan_edited",
      actor: writer,
      checklist: checklist({ markerVersion: 2 }),
    });
    expect(result.state.version).toBe(4);
  });

  it("an edit whose marker was damaged is still applied", () => {
    const result = transition(awaitingSelection(), {
      type: "plan_edited",
      actor: writer,
      checklist: checklist({ markerVersion: null }),
    });
    expect(result.state.version).toBe(2);
  });

  it("restores the plan when someone without write access edits it", () => {
    const state = awaitingSelection();
    const result = transition(state, {
      type: "plan_edited",
      actor: reader,
      checklist: checklist(),
    });
    expect(result.state).toBe(state);
    expect(replies(result)[0]).toMatch(/Only people with write access/);
  });

  it("restores a frozen plan and ignores edits before there is a plan", () => {
    const generating = { ...awaitingSelection(), phase: "generating" } as RunState;
    const frozen = transition(generating, {
      type: "plan_edited",
      actor: writer,
      checklist: checklist(),
    });
    expect(frozen.state).toBe(generating);
    expect(replies(frozen)[0]).toMatch(/selection is frozen/);
    expect(
      transition(analyzing, { type: "plan_edited", actor: writer, checklist: checklist() }),
    ).toEqual({
      state: analyzing,
      effects: [],
    });
  });
});

describe("commands", () => {
  it("refuses every command from someone without write access, with one reply", () => {
    for (const name of ["start", "abort", "help", "status", "retry"] as const) {
      const state = awaitingSelection();
      const result = transition(state, command(name, { actor: reader }));
      expect(result.state).toBe(state);
      expect(result.effects).toEqual([
        { type: "notify", notice: { kind: "not_allowed", login: "drive-by" } },
      ]);
      expect(replies(result)[0]).toContain("Sorry @drive-by, only people with write access");
    }
  });

  it("/start freezes the selection read from the live comment", () => {
    const live = checklist({
      modules: [
        { name: "parser", description: "Reads the CSV into expense records", checked: true },
        { name: "report", description: "Prints totals per category", checked: false },
      ],
    });
    const { state, effects } = transition(
      awaitingSelection(),
      command("start", { checklist: live }),
    );
    expect(state.phase).toBe("generating");
    const selected = "plan" in state ? state.plan?.modules.filter((m) => m.selected) : [];
    expect(selected?.map((m) => m.name)).toEqual(["parser"]);
    expect(effects).toEqual([
      { type: "acknowledge", messageId: 5, ack: "seen" },
      { type: "render_plan", basedOnHash: "human" },
      { type: "prepare_generation" },
      { type: "acknowledge", messageId: 5, ack: "done" },
    ]);
  });

  it("/start with an unusable live checklist is refused with the problems", () => {
    const live = checklist({ modules: [{ name: "parser", description: "x", checked: false }] });
    const state = awaitingSelection();
    const result = transition(state, command("start", { checklist: live }));
    expect(result.state).toBe(state);
    expect(reactions(result.effects)).toEqual(["seen", "refused"]);
    expect(replies(result)[0]).toContain("No module is ticked");
  });

  it("/start, /retry and /continue outside their moment say why and react 😕", () => {
    for (const name of ["start", "retry", "continue"] as const) {
      const result = transition(analyzing, command(name));
      expect(result.state).toBe(analyzing);
      expect(reactions(result.effects)).toEqual(["seen", "refused"]);
      expect(replies(result)[0]).toBe(`Nothing to ${name} right now. 🔎 Reading the request.`);
    }
  });

  it("/abort stops an active run and re-renders the plan; twice is refused", () => {
    const aborted = transition(awaitingSelection(), command("abort"));
    expect(aborted.state.phase).toBe("aborted");
    expect(aborted.effects.map((e) => e.type)).toEqual([
      "acknowledge",
      "notify",
      "render_plan",
      "acknowledge",
    ]);
    const again = transition(aborted.state, command("abort"));
    expect(reactions(again.effects)).toEqual(["seen", "refused"]);
    const noPlan = transition(analyzing, command("abort"));
    expect(noPlan.effects.map((e) => e.type)).toEqual(["acknowledge", "notify", "acknowledge"]);
  });

  it("/status and /help answer in every phase", () => {
    const states: RunState[] = [
      initialState,
      analyzing,
      { ...initialState, phase: "awaiting_reply", reason: "clarify", questions: ["q"] },
      { ...initialState, phase: "awaiting_reply", reason: "small_talk", questions: [] },
      { ...initialState, phase: "analysis_failed", error: "boom." },
      awaitingSelection(),
      { ...awaitingSelection(), phase: "generating" } as RunState,
      { ...initialState, phase: "aborted", plan: null, generation: null },
    ];
    const statuses = states.map((state) => replies(transition(state, command("status")))[0]);
    expect(new Set(statuses).size).toBe(states.length);
    expect(statuses[5]).toBe(
      "📋 Plan ready: 2 of 2 modules ticked. Tick **Start generation** or comment `/start`.",
    );
    const help = replies(transition(initialState, command("help")))[0];
    for (const name of ["start", "retry", "continue", "abort", "status", "help", "revise"]) {
      expect(help).toContain(`/${name}`);
    }
  });

  it("/revise on an issue points to the pull request", () => {
    const result = transition(awaitingSelection(), command("revise"));
    expect(replies(result)[0]).toMatch(/works on the pull request/);
    expect(reactions(result.effects)).toEqual(["seen", "refused"]);
  });

  it("an unknown command gets did-you-mean and the help; non-writers get the refusal", () => {
    const event: RunEvent = {
      type: "unknown_command",
      actor: writer,
      text: "/strat",
      suggestion: "start",
      commentId: 5,
    };
    const result = transition(initialState, event);
    expect(result.state).toBe(initialState);
    expect(replies(result)[0]).toMatch(
      /I don't know the command `\/strat`. Did you mean `\/start`\?/,
    );
    expect(replies(transition(initialState, { ...event, actor: reader }))[0]).toMatch(/^Sorry/);
  });
});
