import { describe, expect, it } from "vitest";
import { parseRunKey, runKey } from "../../src/core/run-key.ts";

describe("the run key", () => {
  it("names an issue as owner/repo#number, and reads back the issue it names", () => {
    const key = runKey("Codertocat", "Hello-World.js", 12);
    expect(key).toBe("Codertocat/Hello-World.js#12");
    expect(parseRunKey(key)).toEqual({ owner: "Codertocat", repo: "Hello-World.js", number: 12 });
  });

  it.each([
    "",
    "Codertocat/Hello-World",
    "Codertocat#12",
    "Codertocat/Hello-World#",
    "Codertocat/Hello-World#0",
    "Codertocat/Hello-World#12x",
    "Codertocat/Hello/World#12",
    "resume:Codertocat/Hello-World#12:v3",
  ])("reads no issue from %j", (key) => {
    expect(parseRunKey(key)).toBeNull();
  });
});
