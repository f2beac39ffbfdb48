import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/forges/github/commands.ts";
import { HIDDEN_COMMANDS } from "../../fixtures/hidden-commands.ts";

describe("parseCommand", () => {
  it("reads each command and its arguments", () => {
    expect(parseCommand("/start")).toEqual({ kind: "command", name: "start", args: "" });
    expect(parseCommand("/retry  use a dict instead of a list  ")).toEqual({
      kind: "command",
      name: "retry",
      args: "use a dict instead of a list",
    });
    expect(parseCommand("Looks good.\r\n/Continue\r\n")).toEqual({
      kind: "command",
      name: "continue",
      args: "",
    });
    for (const name of ["abort", "status", "help", "revise"]) {
      expect(parseCommand(`/${name}`)).toMatchObject({ kind: "command", name });
    }
  });

  it("takes the first command line only", () => {
    expect(parseCommand("/status\n/abort")).toMatchObject({ name: "status" });
  });

  it("ignores commands in quotes, code blocks and indented code, and paths", () => {
    for (const body of [
      "> /abort",
      "```\n/abort\n```",
      "~~~sh\n/abort\n~~~",
      "    /abort",
      "see /usr/bin/env",
      "text /abort in a sentence",
      "",
    ]) {
      expect(parseCommand(body)).toEqual({ kind: "none" });
    }
    expect(parseCommand("```\n/abort\n```\n/status")).toMatchObject({ name: "status" });
  });

  it("suggests the nearest command for an unknown one", () => {
    expect(parseCommand("/strat")).toEqual({
      kind: "unknown",
      text: "/strat",
      suggestion: "start",
    });
    expect(parseCommand("/stat")).toEqual({ kind: "unknown", text: "/stat", suggestion: "start" });
    expect(parseCommand("/cont")).toEqual({
      kind: "unknown",
      text: "/cont",
      suggestion: "continue",
    });
    expect(parseCommand("/deploy now")).toEqual({
      kind: "unknown",
      text: "/deploy",
      suggestion: null,
    });
  });

  for (const [where, body] of Object.entries(HIDDEN_COMMANDS)) {
    it(`runs no command hidden in ${where}`, () => {
      expect(parseCommand(body)).toEqual({ kind: "none" });
      expect(parseCommand(`${body}\n\n/status`)).toMatchObject({ name: "status" });
    });
  }
});
