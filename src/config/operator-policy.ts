import { DEFAULT_PROTECTED_PATHS, type PathProtection } from "../core/protected-paths.ts";
import { stackLanguages } from "../stacks/registry.ts";
import { checkLanguages, type RepoConfig } from "./repo-config.ts";

/**
 * What the operator (environment) allows any repository to ask for. A repository's
 * `.github/codegen.yml` chooses within these bounds; values above them are clamped.
 */
export type OperatorPolicy = {
  sandbox: {
    maxCpus: number;
    maxMemoryMb: number;
    maxPids: number;
    maxTimeoutSec: number;
    /** Whether a repository may turn on `sandbox.allowInstallNetwork`. */
    installNetworkAllowed: boolean;
  };
  /** Models a repository may name in `models`; the first two are the operator's defaults. */
  allowedModels: readonly string[];
  /** Modules a plan may hold, from the analysis or a human's checklist edit. */
  maxModules: number;
  /**
   * Least time between two progress edits of the plan comment (a module started); decisions
   * and the end are always shown at once. Coalesces a fast run's edits.
   */
  planEditIntervalSec: number;
  /** The protected set: the defaults plus the operator's additions. */
  protectedPaths: readonly string[];
  /** Globs of protected paths a repository may take out with `unprotectedPaths`. */
  repoMayUnprotect: readonly string[];
  /** The stack registry's languages (built-ins and MCP_SERVERS): all a repository may name. */
  languages: readonly string[];
};

export const DEFAULT_MAX_MODULES = 20;
export const DEFAULT_PLAN_EDIT_INTERVAL_SEC = 10;

/** The sandbox ceilings as the sandbox takes them. */
export function sandboxCeilings(policy: OperatorPolicy) {
  const { maxCpus, maxMemoryMb, maxPids, maxTimeoutSec } = policy.sandbox;
  return { cpus: maxCpus, memoryMb: maxMemoryMb, pids: maxPids, phaseTimeoutSec: maxTimeoutSec };
}

export function defaultOperatorPolicy(
  models: { model: string; codeModel: string },
  hostCpus: number,
): OperatorPolicy {
  return {
    sandbox: {
      maxCpus: hostCpus,
      maxMemoryMb: 2048,
      maxPids: 512,
      maxTimeoutSec: 600,
      installNetworkAllowed: false,
    },
    allowedModels: [...new Set([models.model, models.codeModel])],
    maxModules: DEFAULT_MAX_MODULES,
    planEditIntervalSec: DEFAULT_PLAN_EDIT_INTERVAL_SEC,
    protectedPaths: DEFAULT_PROTECTED_PATHS,
    repoMayUnprotect: [],
    languages: stackLanguages([]),
  };
}

/**
 * The repository's config bounded by the operator's policy, and one line per value that was
 * changed, for the comment that tells the repository so. A model outside the allowed list is
 * dropped, so the run goes on with the operator's default model rather than stopping.
 */
export function applyOperatorPolicy(
  config: RepoConfig,
  policy: OperatorPolicy,
): { config: RepoConfig; notices: string[] } {
  const notices: string[] = [];
  const sandbox = { ...config.sandbox };
  const clamp = (key: "cpus" | "memoryMb" | "pids" | "timeoutSec", max: number) => {
    const asked = sandbox[key];
    if (asked === undefined || asked <= max) return;
    sandbox[key] = max;
    notices.push(`\`sandbox.${key}\`: ${asked} is above the operator's maximum, so I use ${max}.`);
  };
  clamp("cpus", policy.sandbox.maxCpus);
  clamp("memoryMb", policy.sandbox.maxMemoryMb);
  clamp("pids", policy.sandbox.maxPids);
  clamp("timeoutSec", policy.sandbox.maxTimeoutSec);
  if (sandbox.allowInstallNetwork && !policy.sandbox.installNetworkAllowed) {
    sandbox.allowInstallNetwork = false;
    notices.push(
      "`sandbox.allowInstallNetwork`: the operator does not allow network access during installs, so installs run offline.",
    );
  }

  const models = { ...config.models };
  for (const role of ["analysis", "code"] as const) {
    const asked = models[role];
    if (asked === undefined || policy.allowedModels.includes(asked)) continue;
    delete models[role];
    notices.push(
      `\`models.${role}\`: \`${asked}\` is not among the models the operator allows (${policy.allowedModels.map((m) => `\`${m}\``).join(", ")}), so I use the default.`,
    );
  }

  if (config.unprotectedPaths.length > 0 && policy.repoMayUnprotect.length === 0) {
    notices.push(
      "`unprotectedPaths`: the operator lets no repository write protected paths, so they stay protected.",
    );
  }
  const languages = checkLanguages(config, policy.languages);
  notices.push(...languages.notices);
  return { config: { ...languages.config, sandbox, models }, notices };
}

/** The protected paths a run judges generated files against. */
export function pathProtection(config: RepoConfig, policy: OperatorPolicy): PathProtection {
  return {
    operator: policy.protectedPaths,
    repository: config.protectedPaths,
    repositoryUnprotects: config.unprotectedPaths,
    operatorAllowsUnprotecting: policy.repoMayUnprotect,
  };
}

export function policyNoticesReply(notices: readonly string[]): string {
  return [
    "ℹ️ `.github/codegen.yml` asks for more than this app's operator allows, so I adjusted:",
    ...notices.map((notice) => `- ${notice}`),
  ].join("\n");
}
