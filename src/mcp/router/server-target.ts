import type { LanguageProfile } from "../../stacks/builtin.ts";
import type { ExternalServer } from "./external-servers.ts";

/** Where a language's server lives and how to reach it. */
export type ServerTarget =
  | { kind: "builtin"; transport: "memory" | "stdio"; profile: LanguageProfile }
  | { kind: "external"; server: ExternalServer };

export function targetLanguage(target: ServerTarget): string {
  return target.kind === "builtin" ? target.profile.id : target.server.language;
}

/** Names the target in error messages: enough to find it in the config or the process list. */
export function describeTarget(target: ServerTarget): string {
  if (target.kind === "builtin")
    return `built-in ${target.profile.id} server (${target.transport})`;
  const { server } = target;
  return server.transport === "http"
    ? `${server.language} server at ${server.url}`
    : `${server.language} server \`${[server.command, ...server.args].join(" ")}\``;
}
