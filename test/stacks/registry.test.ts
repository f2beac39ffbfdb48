import { describe, expect, it } from "vitest";
import { PROFILES } from "../../src/stacks/builtin.ts";
import { createStackRegistry, type ExternalStack } from "../../src/stacks/registry.ts";
import { BASH_TOOLCHAIN } from "./bash-stack.ts";

function registry(external: ExternalStack[], answer: unknown = BASH_TOOLCHAIN) {
  const asked: string[] = [];
  const stacks = createStackRegistry({
    external,
    fetchToolchain: async (language) => {
      asked.push(language);
      return answer;
    },
  });
  return { stacks, asked };
}

const BASH: ExternalStack = { language: "bash", aliases: ["sh", "shell"] };

describe("the stack registry", () => {
  it("holds the built-ins and the operator's servers, in that order", () => {
    expect(registry([BASH]).stacks.languages()).toEqual(["python", "node", "java", "go", "bash"]);
    expect(registry([]).stacks.languages()).toEqual(["python", "node", "java", "go"]);
  });

  it("finds a stack by language, alias or a built-in's framework", () => {
    const { stacks } = registry([BASH]);

    expect(stacks.find("Shell")).toEqual({
      language: "bash",
      displayName: "bash",
      source: "external",
      profile: null,
    });
    expect(stacks.find("flask")).toMatchObject({ language: "python", source: "builtin" });
    expect(stacks.find("ts")).toMatchObject({ language: "node", source: "builtin" });
    expect(stacks.find("cobol")).toBeUndefined();
  });

  it("lets an operator's server replace a built-in stack, as routing does", () => {
    const { stacks } = registry([{ language: "python", aliases: [] }]);

    expect(stacks.find("django")).toEqual({
      language: "python",
      displayName: "Python",
      source: "external",
      profile: PROFILES.python,
    });
    expect(stacks.languages()).toEqual(["python", "node", "java", "go"]);
  });

  it("gives a built-in's own toolchain without asking any server", async () => {
    const { stacks, asked } = registry([BASH]);

    expect(await stacks.toolchain("golang")).toBe(PROFILES.go.toolchain);
    expect(asked).toEqual([]);
  });

  it("asks an external stack's server for its toolchain and checks it against the contract", async () => {
    const { stacks, asked } = registry([BASH]);

    expect(await stacks.toolchain("sh")).toEqual(BASH_TOOLCHAIN);
    expect(asked).toEqual(["bash"]);
  });

  it("refuses a toolchain that breaks the contract, naming what is wrong", async () => {
    const { dockerfile: _text, ...rest } = BASH_TOOLCHAIN;
    const { stacks } = registry([BASH], { ...rest, dockerfile: "bash.Dockerfile" });

    await expect(stacks.toolchain("bash")).rejects.toThrow(
      /^The bash server's toolchain breaks the stack contract: .*dockerfile/s,
    );
  });

  it("refuses a toolchain for another language", async () => {
    const { stacks } = registry([BASH], { ...BASH_TOOLCHAIN, language: "zsh" });

    await expect(stacks.toolchain("bash")).rejects.toThrow(
      `The bash server's toolchain breaks the stack contract: it is for "zsh", not "bash"`,
    );
  });

  it("names the known stacks when asked for an unknown one", async () => {
    await expect(registry([BASH]).stacks.toolchain("cobol")).rejects.toThrow(
      'No stack is registered for "cobol". Known: python, node, java, go, bash.',
    );
  });
});
