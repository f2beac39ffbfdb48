import { writeFile } from "node:fs/promises";
import { confirm } from "@inquirer/prompts";
import { simpleGit } from "simple-git";
import type { RunState } from "../../core/types.ts";
import type { Emit } from "./events.ts";
import { renderReport } from "./report.ts";

export type EndingOptions = {
  request: string;
  /** `--report FILE`: the whole report, build logs included. */
  reportPath: string | null;
  /** `--json`: tools get the whole report in the event; a terminal gets the table. */
  fullReportOnScreen: boolean;
  interactive: boolean;
  root: string;
  emit: Emit;
};

/** The report of a run that generated something, and the way to its branch. */
export async function showEnding(state: RunState, options: EndingOptions): Promise<void> {
  if (!("generation" in state && state.generation && "plan" in state && state.plan)) return;
  const { emit } = options;
  const say = (text: string) => emit({ type: "notice", kind: "said", text });
  const reported = { ...state, plan: state.plan, generation: state.generation };
  const report = renderReport(reported, options.request);
  if (options.reportPath) await writeFile(options.reportPath, report);
  emit({
    type: "report",
    path: options.reportPath,
    text: options.fullReportOnScreen ? report : renderReport(reported, options.request, false),
  });
  if (options.reportPath) say(`Report written to ${options.reportPath}.`);
  await offerSwitch(options.root, state.generation.branch, options.interactive, say);
}

async function offerSwitch(
  root: string,
  branch: string,
  interactive: boolean,
  say: (text: string) => void,
): Promise<void> {
  if (
    interactive &&
    (await confirm({ message: `Switch to ${branch} now (git switch)?`, default: false }))
  ) {
    try {
      await simpleGit({ baseDir: root }).raw(["switch", branch]);
      say(`Switched to ${branch}.`);
    } catch (error) {
      const reason = error instanceof Error ? error.message.trim() : String(error);
      say(`git switch ${branch} did not work: ${reason}`);
    }
    return;
  }
  say(`The code is on ${branch}: \`git switch ${branch}\` to check it out.`);
}
