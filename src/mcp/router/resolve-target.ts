import { findProfile, PROFILES } from "../../stacks/builtin.ts";
import { UnsupportedLanguageError } from "./errors.ts";
import type { ExternalServer } from "./external-servers.ts";
import type { ServerTarget } from "./server-target.ts";

/**
 * The server for a module's language or framework. A configured server wins over a built-in
 * one of the same language, so a team can swap in its own; a framework routes to its stack.
 */
export function resolveTarget(
  languageOrFramework: string,
  builtinTransport: "memory" | "stdio",
  external: readonly ExternalServer[],
): ServerTarget {
  const wanted = languageOrFramework.trim().toLowerCase();
  const profile = findProfile(wanted);
  const configured = external.find(
    (server) =>
      server.language === wanted ||
      server.aliases.includes(wanted) ||
      server.language === profile?.id,
  );
  if (configured) return { kind: "external", server: configured };
  if (profile) return { kind: "builtin", transport: builtinTransport, profile };
  const supported = new Set([
    ...Object.values(PROFILES).map((builtin) => builtin.id),
    ...external.map((server) => server.language),
  ]);
  throw new UnsupportedLanguageError(languageOrFramework, [...supported]);
}
