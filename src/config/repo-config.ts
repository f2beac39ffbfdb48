import { z } from "zod";

/** `.github/codegen.yml`: per-repository settings, every key optional. */
export const repoConfigSchema = z
  .object({
    trigger: z
      .object({
        /** all: every new issue; label: issues carrying `label`; mention: bodies mentioning `mention`. */
        mode: z.enum(["all", "label", "mention"]).default("all"),
        label: z.string().min(1).default("codegen"),
        mention: z.string().min(2).default("@issue-codegen"),
      })
      .strict()
      .default({ mode: "all", label: "codegen", mention: "@issue-codegen" }),
    /** Stacks plans may use; unset: every registered one. Checked against the registry. */
    languages: z.array(z.string().trim().toLowerCase().min(1)).min(1).optional(),
    maxAttempts: z.number().int().min(1).max(10).default(5),
    models: z
      .object({ analysis: z.string().min(1).optional(), code: z.string().min(1).optional() })
      .strict()
      .default({}),
    sandbox: z
      .object({
        cpus: z.number().positive().max(8).optional(),
        memoryMb: z.number().int().min(64).max(16_384).optional(),
        pids: z.number().int().min(16).max(4096).optional(),
        timeoutSec: z.number().int().min(5).max(3600).optional(),
        /** Let the dependency-install phase reach the network (build and test never do). */
        allowInstallNetwork: z.boolean().default(false),
      })
      .strict()
      .default({ allowInstallNetwork: false }),
    branchPrefix: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, "letters, digits, '.', '_', '-' and '/' only")
      .refine((prefix) => !prefix.includes(".."), "must not contain '..'")
      .default("codegen/"),
    /** Globs protected on top of the operator's set (`.github/**`, CI files: docs/security.md). */
    protectedPaths: z.array(z.string().min(1)).default([]),
    /** Globs of the operator's set to write anyway; only where the operator allows it. */
    unprotectedPaths: z.array(z.string().min(1)).default([]),
    /** Stop a run before it spends more LLM tokens than this (prompt + completion). */
    tokenBudget: z.number().int().positive().nullable().default(null),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

export const DEFAULT_REPO_CONFIG: RepoConfig = repoConfigSchema.parse({});

export type RepoConfigResult = { config: RepoConfig; problems: string[] };

/**
 * Validates the parsed YAML. A bad key is named in `problems` and defaults apply to the whole
 * file, so a typo never half-applies a config.
 */
export function parseRepoConfig(raw: unknown): RepoConfigResult {
  if (raw === null || raw === undefined) return { config: DEFAULT_REPO_CONFIG, problems: [] };
  const parsed = repoConfigSchema.safeParse(raw);
  if (parsed.success) return { config: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) => {
    const key = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      const where = key ? `${key}.` : "";
      return `unknown key ${issue.keys.map((k) => `\`${where}${k}\``).join(", ")}`;
    }
    return `\`${key || "(root)"}\`: ${issue.message}`;
  });
  return { config: DEFAULT_REPO_CONFIG, problems };
}

/**
 * The config with only the languages the stack registry knows (`known`), and a line naming
 * the others; with none left, every registered stack may be used.
 */
export function checkLanguages(
  config: RepoConfig,
  known: readonly string[],
): { config: RepoConfig; notices: string[] } {
  if (config.languages === undefined) return { config, notices: [] };
  const unknown = config.languages.filter((language) => !known.includes(language));
  if (unknown.length === 0) return { config, notices: [] };
  const kept = config.languages.filter((language) => known.includes(language));
  const { languages: _dropped, ...rest } = config;
  const names = (list: readonly string[]) => list.map((name) => `\`${name}\``).join(", ");
  return {
    config: kept.length > 0 ? { ...rest, languages: kept } : rest,
    notices: [
      `\`languages\`: no stack here is called ${names(unknown)} (the known ones are ${names(known)}), so ${kept.length > 0 ? `I use ${names(kept)}` : "every known stack may be used"}.`,
    ],
  };
}

export function configProblemsReply(problems: readonly string[]): string {
  return [
    "⚠️ `.github/codegen.yml` has problems, so I'm using the default settings:",
    ...problems.map((problem) => `- ${problem}`),
  ].join("\n");
}
