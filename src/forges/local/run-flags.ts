import { resolve } from "node:path";
import { parseArgs } from "node:util";

export const RUN_USAGE = `Usage: codegen run "what to build" [--repo DIR] [--model M] [--report FILE]
                  [--yes | --modules a,b] [--on-failure continue|abort] [--json] [--resume]

Plans the request, then generates, builds and tests each module in the Docker sandbox and
commits it on a local branch codegen/<slug>; the branch you are on and your work tree are
left alone. In a terminal it asks; otherwise (or with --json) --yes or --modules picks the
plan and --on-failure decides when a module's attempts run out (abort by default).
Exit codes: 0 every selected module passed; 1 some did not, or the run was aborted;
2 usage or configuration error; 3 the analysis asks questions (or found nothing to
plan); 130 interrupted.
Settings: OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_CODE_MODEL, DOCKER_HOST and
the repository's .github/codegen.yml (as committed).`;

/** The command line cannot be used as given; the message says why. */
export class UsageError extends Error {}

export type Flags = {
  request: string | null;
  repo: string;
  yes: boolean;
  modules: string[] | null;
  onFailure: "continue" | "abort";
  report: string | null;
  json: boolean;
  resume: boolean;
  model: string | null;
};

export function parseFlags(args: readonly string[], cwd: string): Flags {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      repo: { type: "string" },
      yes: { type: "boolean", short: "y" },
      modules: { type: "string" },
      "on-failure": { type: "string" },
      report: { type: "string" },
      json: { type: "boolean" },
      resume: { type: "boolean" },
      model: { type: "string" },
    },
  });
  const onFailure = values["on-failure"] ?? "abort";
  if (onFailure !== "continue" && onFailure !== "abort")
    throw new UsageError(`--on-failure takes continue or abort, not ${onFailure}`);
  const modules = values.modules
    ?.split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (modules !== undefined && modules.length === 0)
    throw new UsageError("--modules names no module");
  if (values.yes && modules) throw new UsageError("--yes and --modules: give one of them");
  const request = positionals.join(" ").trim();
  return {
    request: request === "" ? null : request,
    repo: resolve(cwd, values.repo ?? "."),
    yes: values.yes ?? false,
    modules: modules ?? null,
    onFailure,
    report: values.report ? resolve(cwd, values.report) : null,
    json: values.json ?? false,
    resume: values.resume ?? false,
    model: values.model?.trim() || null,
  };
}
