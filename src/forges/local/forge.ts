import { userInfo } from "node:os";
import { pathToFileURL } from "node:url";
import type { RepoConfig } from "../../config/repo-config.ts";
import type { Plan } from "../../core/types.ts";
import { bodyHash } from "../../markdown/checklist.ts";
import { testsText } from "../../markdown/tests-text.ts";
import type { Forge } from "../../run/ports.ts";
import { detectLanguages } from "../../stacks/builtin.ts";
import type { Conversation } from "./conversation.ts";
import type { Emit } from "./events.ts";
import type { GitRepository } from "./git.ts";
import { moduleLine, noticeText } from "./notices.ts";
import { renderReport } from "./report.ts";
import { terminalLine } from "./terminal-text.ts";

export type LocalForgeOptions = {
  repo: GitRepository;
  /** The run's request and conversation, kept beside the run state. */
  conversation: Conversation;
  config: RepoConfig;
  emit: Emit;
  /** Writes the report (Markdown) whenever the results change; null: nowhere. */
  writeReport: ((text: string) => Promise<void>) | null;
};

/** Who asks, as the conversation names them. */
export function localUser(): string {
  try {
    return userInfo().username || "you";
  } catch {
    return "you";
  }
}

/**
 * A run in a local repository: the terminal is its conversation, a local branch its code,
 * the report its change request. Plain words; the engine's ports are all there is.
 */
export function createLocalForge(options: LocalForgeOptions): Forge {
  const { repo, config, emit } = options;
  const { conversation } = options;
  const record = () => conversation.record();
  let nextResult = 1;

  return {
    reference: `Request: ${terminalLine(record().title)}`,
    config: async () => config,
    readRequest: async () => ({ title: record().title, thread: record().thread, note: null }),
    repositoryLanguages: async () => detectLanguages(await repo.rootNames()),

    async notify(notice, state, where = {}) {
      const text = noticeText(notice, state);
      // What the analysis said is part of the conversation it reads next time, as on GitHub;
      // a replayed step that had said it already does not add it twice.
      const said = record().thread.at(-1);
      const already = where.meta?.replay && said?.fromApp && said.body === text;
      if ((notice.kind === "questions" || notice.kind === "small_talk") && !already)
        await conversation.add({ author: "codegen", fromApp: true, body: text });
      emit({ type: "notice", kind: notice.kind, text });
    },
    // The terminal shows each step as it happens; there is nothing to mark.
    acknowledge: async () => undefined,

    async showPlan(state) {
      // The plan is shown while it is chosen; afterwards the module lines show progress.
      if (state.phase === "awaiting_selection") emit(planEvent(state.plan));
      return { id: 1, version: state.version, hash: bodyHash(JSON.stringify(state.plan)) };
    },

    branchName: (repoConfig) => `${repoConfig.branchPrefix}${record().slug}`,
    async prepareBranch(branch) {
      return { created: await repo.createBranch(branch) };
    },
    readFiles: (branch, paths) => repo.readFiles(branch, paths),
    async commit(branch, files, message) {
      const result = await repo.commit(branch, files, message);
      if (result.changed)
        emit({ type: "commit", branch, sha: result.sha, message: message.split("\n")[0] ?? "" });
      return result;
    },
    head: (branch) => repo.branchHead(branch),

    async reportModule(module, generation, sha) {
      emit({
        type: "module",
        module: module.name,
        status: module.status,
        stage: null,
        attempt: module.attempts,
        maxAttempts: generation.maxAttempts,
        tests: testsText(module.build),
        commit: sha,
        line: moduleLine(module, generation.maxAttempts),
      });
      return nextResult++;
    },

    async publishChangeRequest(state) {
      const report = renderReport(state, record().title);
      await options.writeReport?.(report);
      const event = state.generation.changeRequest ? "updated" : "created";
      return {
        changeRequest: {
          number: 0,
          id: `refs/heads/${state.generation.branch}`,
          url: pathToFileURL(repo.root).href,
          draft: state.phase !== "completed",
        },
        event,
      };
    },
    // The front door prints the report and how to switch to the branch.
    finishChangeRequest: async () => undefined,
    // Reviews happen on GitHub; a local run has none to answer.
    answerReview: async () => undefined,
  };
}

function planEvent(plan: Plan) {
  return {
    type: "plan" as const,
    summary: terminalLine(plan.summary),
    modules: plan.modules.map((module) => ({
      name: module.name,
      description: terminalLine(module.description),
      selected: module.selected,
    })),
  };
}
