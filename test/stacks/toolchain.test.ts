import { describe, expect, it } from "vitest";
import { sandboxImageTag } from "../../src/sandbox/image.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";
import { toolchainSchema } from "../../src/stacks/toolchain.ts";
import { BASH_TOOLCHAIN } from "./bash-stack.ts";

const problems = (value: unknown): string[] => {
  const parsed = toolchainSchema.safeParse(value);
  return parsed.success ? [] : [...new Set(parsed.error.issues.map((i) => i.path.join(".")))];
};

describe("the stack contract", () => {
  it("accepts an external stack's toolchain: Dockerfile text, commands, a JUnit report path", () => {
    expect(toolchainSchema.parse(BASH_TOOLCHAIN)).toEqual(BASH_TOOLCHAIN);
    expect(problems({ ...BASH_TOOLCHAIN, testReport: { format: "exit-code" } })).toEqual([]);
    const { limits: _limits, ...withoutLimits } = BASH_TOOLCHAIN;
    expect(problems(withoutLimits)).toEqual([]);
  });

  it("describes every built-in stack by the same shape", () => {
    for (const profile of Object.values(PROFILES)) {
      expect(toolchainSchema.parse(profile.toolchain)).toEqual(profile.toolchain);
    }
  });

  it.each([
    [
      "a file name instead of the Dockerfile's text",
      { dockerfile: "bash.Dockerfile" },
      "dockerfile",
    ],
    [
      "a report path leaving the work dir",
      { testReport: { format: "junit", path: "../x.xml" } },
      "testReport.path",
    ],
    [
      "an absolute report path",
      { testReport: { format: "junit", path: "/tmp/r.xml" } },
      "testReport.path",
    ],
    [
      "a report path with shell characters",
      { testReport: { format: "junit", path: "r.xml;rm -rf ." } },
      "testReport.path",
    ],
    ["an unknown report format", { testReport: { format: "tap" } }, "testReport"],
    ["no test command", { test: "" }, "test"],
    ["a negative limit", { limits: { memoryMb: -1 } }, "limits.memoryMb"],
    ["an install output outside /sandbox", { installOutputs: ["/etc"] }, "installOutputs.0"],
    ["an unknown field", { image: "bash:5" }, ""],
  ])("refuses %s", (_name, change, path) => {
    expect(problems({ ...BASH_TOOLCHAIN, ...change })).toEqual([path]);
  });
});

describe("sandbox image tags", () => {
  it("follow the Dockerfile's text and base, so an unchanged one is never rebuilt", () => {
    const bash = { name: "bash", dockerfile: BASH_TOOLCHAIN.dockerfile };
    const tag = sandboxImageTag(bash);

    expect(tag).toMatch(/^issue-codegen-sandbox-bash:[0-9a-f]{16}$/);
    expect(sandboxImageTag({ ...bash })).toBe(tag);
    expect(sandboxImageTag({ ...bash, dockerfile: `${bash.dockerfile}RUN true\n` })).not.toBe(tag);
    expect(sandboxImageTag({ ...bash, baseImage: "debian:trixie-slim" })).not.toBe(tag);
  });

  it("make any stack name a valid image name", () => {
    expect(sandboxImageTag({ name: "C++ (GCC)", dockerfile: "FROM x\n" })).toMatch(
      /^issue-codegen-sandbox-c-gcc:[0-9a-f]{16}$/,
    );
  });
});
