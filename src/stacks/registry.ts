import { z } from "zod";
import { detectLanguages, PROFILES } from "./builtin.ts";
import { type Toolchain, toolchainSchema } from "./toolchain.ts";
import type { LanguageProfile } from "./types.ts";

/** An operator's MCP server as the registry sees it: the stack it serves (MCP_SERVERS). */
export type ExternalStack = { language: string; aliases: readonly string[] };

/** One registered stack: a built-in one, or one an operator's MCP server serves. */
export type Stack = {
  language: string;
  displayName: string;
  source: "builtin" | "external";
  /** The built-in profile; for a built-in language an external server replaces, still there. */
  profile: LanguageProfile | null;
};

export type StackRegistry = {
  /** Every registered language: the built-ins, then the external servers' in their order. */
  languages(): string[];
  /** The stack a plan, a config or a human names: language, alias, or a built-in's framework. */
  find(name: string): Stack | undefined;
  /** Languages a repository already uses, from its root files (the built-ins' markers). */
  detect(rootFiles: readonly string[]): string[];
  /**
   * How the sandbox builds and tests the stack: an external server's answer to its `toolchain`
   * tool, validated against the contract, or a built-in's own. Throws UnknownStackError, or
   * ToolchainError naming what is wrong with the server's answer.
   */
  toolchain(language: string): Promise<Toolchain>;
};

export class UnknownStackError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`No stack is registered for "${name}". Known: ${known.join(", ")}.`);
    this.name = "UnknownStackError";
  }
}

export class ToolchainError extends Error {
  constructor(language: string, problem: string) {
    super(`The ${language} server's toolchain breaks the stack contract: ${problem}`);
    this.name = "ToolchainError";
  }
}

export type StackRegistryOptions = {
  /** The operator's MCP servers; one for a built-in language replaces it, as routing does. */
  external: readonly ExternalStack[];
  /** Asks a language's server for its toolchain (the MCP router's `toolchain`). */
  fetchToolchain: (language: string) => Promise<unknown>;
};

/** Every language the registry of these external servers holds, built-ins first. */
export function stackLanguages(external: readonly ExternalStack[]): string[] {
  return [...new Set([...Object.keys(PROFILES), ...external.map((server) => server.language)])];
}

/** The one list of stacks, filled at start from the built-ins and the operator's servers. */
export function createStackRegistry(options: StackRegistryOptions): StackRegistry {
  const external = options.external.map((server) => ({
    language: server.language.trim().toLowerCase(),
    aliases: server.aliases.map((alias) => alias.trim().toLowerCase()),
  }));
  const languages = stackLanguages(external);

  function find(name: string): Stack | undefined {
    const wanted = name.trim().toLowerCase();
    const profile = Object.values(PROFILES).find(
      (builtin) =>
        builtin.id === wanted ||
        builtin.aliases.includes(wanted) ||
        builtin.frameworks.includes(wanted),
    );
    const server = external.find(
      (candidate) =>
        candidate.language === wanted ||
        candidate.aliases.includes(wanted) ||
        candidate.language === profile?.id,
    );
    if (server) {
      return {
        language: server.language,
        displayName: profile?.displayName ?? server.language,
        source: "external",
        profile: profile ?? null,
      };
    }
    if (profile) {
      return { language: profile.id, displayName: profile.displayName, source: "builtin", profile };
    }
    return undefined;
  }

  return {
    languages: () => [...languages],
    find,
    detect: (rootFiles) => detectLanguages(rootFiles),
    async toolchain(language) {
      const stack = find(language);
      if (stack === undefined) throw new UnknownStackError(language, languages);
      if (stack.source === "builtin" && stack.profile) return stack.profile.toolchain;
      const parsed = toolchainSchema.safeParse(await options.fetchToolchain(stack.language));
      if (!parsed.success) {
        throw new ToolchainError(stack.language, z.prettifyError(parsed.error));
      }
      if (parsed.data.language !== stack.language) {
        throw new ToolchainError(
          stack.language,
          `it is for "${parsed.data.language}", not "${stack.language}"`,
        );
      }
      return parsed.data;
    },
  };
}
