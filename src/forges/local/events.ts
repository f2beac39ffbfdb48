import type { ModuleStatus, Notice } from "../../core/types.ts";

/**
 * What a local run shows, as data: the terminal words it (live lines or plain lines) and
 * `--json` writes one per line for tools.
 */
export type LocalEvent =
  | { type: "notice"; kind: Notice["kind"]; text: string }
  | {
      type: "plan";
      summary: string;
      modules: { name: string; description: string; selected: boolean }[];
    }
  | { type: "commit"; branch: string; sha: string; message: string }
  | {
      type: "module";
      module: string;
      status: ModuleStatus;
      /** What a running module is doing now. */
      stage: "generating" | "building" | null;
      attempt: number;
      maxAttempts: number;
      tests: string | null;
      commit: string | null;
      line: string;
    }
  | { type: "report"; path: string | null; text: string }
  | { type: "finished"; exitCode: number; phase: string; branch: string | null };

export type Emit = (event: LocalEvent) => void;
