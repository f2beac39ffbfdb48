import { go } from "./go/profile.ts";
import { java } from "./java/profile.ts";
import { node } from "./node/profile.ts";
import { python } from "./python/profile.ts";
import type { LanguageId, LanguageProfile } from "./types.ts";

export const PROFILES: Readonly<Record<LanguageId, LanguageProfile>> = { python, node, java, go };

/** The profile whose id, alias or framework matches `name` (case-insensitive). */
export function findProfile(name: string): LanguageProfile | undefined {
  const wanted = name.trim().toLowerCase();
  return Object.values(PROFILES).find(
    (profile) =>
      profile.id === wanted ||
      profile.aliases.includes(wanted) ||
      profile.frameworks.includes(wanted),
  );
}

/** Languages a repository already uses, from marker files at its root. */
export function detectLanguages(rootFiles: readonly string[]): LanguageId[] {
  const present = new Set(rootFiles);
  return Object.values(PROFILES)
    .filter((profile) => profile.markers.some((marker) => present.has(marker)))
    .map((profile) => profile.id);
}

export type { LanguageId, LanguageProfile, Toolchain } from "./types.ts";
