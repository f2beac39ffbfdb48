import type { StackRegistry } from "../../stacks/registry.ts";
import { UnsupportedLanguageError } from "./errors.ts";
import type { ExternalServer } from "./external-servers.ts";
import type { ServerTarget } from "./server-target.ts";

/**
 * The server for a module's language or framework, as the stack registry names it: a
 * configured server wins over a built-in one of the same language, so a team can swap in its
 * own; a framework routes to its stack.
 */
export function resolveTarget(
  languageOrFramework: string,
  builtinTransport: "memory" | "stdio",
  external: readonly ExternalServer[],
  stacks: Pick<StackRegistry, "find" | "languages">,
): ServerTarget {
  const stack = stacks.find(languageOrFramework);
  const server =
    stack?.source === "external"
      ? external.find((candidate) => candidate.language === stack.language)
      : undefined;
  if (server) return { kind: "external", server };
  if (stack?.profile)
    return { kind: "builtin", transport: builtinTransport, profile: stack.profile };
  throw new UnsupportedLanguageError(languageOrFramework, stacks.languages());
}
