/** Every sandbox container carries these, so the reaper finds what a crash left behind. */
export const SANDBOX_LABEL = "issue-codegen.sandbox";
export const CREATED_AT_LABEL = "issue-codegen.created-at";
export const RUN_LABEL = "issue-codegen.run";

export function sandboxLabels(details: {
  run: string;
  module: string;
  language: string;
  role: "warm" | "install" | "proxy";
}): Record<string, string> {
  return {
    [SANDBOX_LABEL]: "1",
    [CREATED_AT_LABEL]: String(Date.now()),
    [RUN_LABEL]: details.run,
    "issue-codegen.module": details.module,
    "issue-codegen.language": details.language,
    "issue-codegen.role": details.role,
  };
}
