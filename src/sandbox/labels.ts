import type { Owner } from "./owner.ts";

/** Every sandbox container carries these, so the reaper finds what a crash left behind. */
export const SANDBOX_LABEL = "issue-codegen.sandbox";
export const CREATED_AT_LABEL = "issue-codegen.created-at";
export const RUN_LABEL = "issue-codegen.run";
export const OWNER_HOST_LABEL = "issue-codegen.owner-host";
export const OWNER_PID_LABEL = "issue-codegen.owner-pid";
export const OWNER_STARTED_LABEL = "issue-codegen.owner-started";

export function sandboxLabels(details: {
  run: string;
  module: string;
  language: string;
  role: "warm" | "install" | "proxy";
  owner: Owner;
}): Record<string, string> {
  return {
    [SANDBOX_LABEL]: "1",
    [CREATED_AT_LABEL]: String(Date.now()),
    [RUN_LABEL]: details.run,
    "issue-codegen.module": details.module,
    "issue-codegen.language": details.language,
    "issue-codegen.role": details.role,
    [OWNER_HOST_LABEL]: details.owner.host,
    [OWNER_PID_LABEL]: String(details.owner.pid),
    [OWNER_STARTED_LABEL]: details.owner.started,
  };
}

/** The owner a container's labels name (fields missing on containers from older versions). */
export function ownerFromLabels(labels: Readonly<Record<string, string>>): Partial<Owner> {
  const pid = labels[OWNER_PID_LABEL];
  return {
    ...(labels[OWNER_HOST_LABEL] === undefined ? {} : { host: labels[OWNER_HOST_LABEL] }),
    ...(pid === undefined ? {} : { pid: Number(pid) }),
    ...(labels[OWNER_STARTED_LABEL] === undefined ? {} : { started: labels[OWNER_STARTED_LABEL] }),
  };
}
