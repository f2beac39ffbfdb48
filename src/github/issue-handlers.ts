import type { Context, Probot } from "probot";
import type { RepoConfig } from "../config/repo-config.ts";
import { configProblemsReply } from "../config/repo-config.ts";
import type { Llm } from "../llm/client.ts";
import { type RunStore, runKey } from "../store/run-store.ts";
import type { Checklist, RunEvent, RunState } from "../workflow/types.ts";
import { parseCommand } from "./commands.ts";
import { dispatch } from "./dispatch.ts";
import { createEffectRunner } from "./effects.ts";
import { hasWriteAccess } from "./permissions.ts";
import { isPlanComment, parseChecklist } from "./plan-comment.ts";
import { loadRepoConfig } from "./repo-config-loader.ts";
import { APP_MARKER, type IssueRef } from "./types.ts";

export type IssueHandlerDeps = {
  store: RunStore;
  llm: Llm;
  /** Serializes work per issue so two webhooks never race on one run. */
  serialize: <T>(key: string, task: () => Promise<T>) => Promise<T>;
};

type IssueContext = Context<"issues" | "issue_comment">;

/** Webhooks about issues and their comments, turned into workflow events. */
export function registerIssueHandlers(app: Probot, deps: IssueHandlerDeps): void {
  const run = (
    context: IssueContext,
    decide: (state: RunState) => Promise<RunEvent | null>,
    loadedConfig?: RepoConfig,
  ) => {
    const issue = context.issue() as IssueRef;
    const key = runKey(issue.owner, issue.repo, issue.issue_number);
    let config: Promise<RepoConfig> | undefined = loadedConfig && Promise.resolve(loadedConfig);
    const runEffect = createEffectRunner({
      octokit: context.octokit,
      issue,
      llm: deps.llm,
      config: () => {
        config ??= loadRepoConfig(context).then((result) => result.config);
        return config;
      },
      log: context.log,
    });
    return deps.serialize(key, () =>
      dispatch(deps.store, key, decide, runEffect).catch(async (error: unknown) => {
        context.log.error({ err: error, issue: key }, "run step failed");
        // Best effort: the author sees something went wrong even if comments cannot be written.
        await context.octokit.rest.reactions
          .createForIssue({ ...issue, content: "confused" })
          .catch(() => undefined);
        throw error;
      }),
    );
  };

  app.on(["issues.opened", "issues.labeled"], async (context) => {
    if (context.isBot) return;
    const { config, problems } = await loadRepoConfig(context);
    if (!triggers(config, context)) return;
    await run(
      context,
      async (state) => {
        if (state.phase !== "new") return null;
        if (problems.length > 0) {
          await context.octokit.rest.issues.createComment(
            context.issue({ body: `${configProblemsReply(problems)}\n\n${APP_MARKER}` }),
          );
        }
        return { type: "issue_opened", author: context.payload.issue.user?.login ?? "" };
      },
      config,
    );
  });

  app.on("issues.edited", async (context) => {
    if (context.isBot) return;
    const author = context.payload.issue.user?.login;
    await run(context, async () => ({
      type: "issue_edited",
      author: context.payload.sender.login,
      byIssueAuthor: context.payload.sender.login === author,
    }));
  });

  app.on("issue_comment.created", async (context) => {
    if (context.isBot || context.payload.issue.pull_request) return;
    const { comment, issue, sender } = context.payload;
    const parsed = parseCommand(comment.body);
    if (parsed.kind === "none") {
      await run(context, async () => ({
        type: "comment_added",
        author: sender.login,
        byIssueAuthor: sender.login === issue.user?.login,
      }));
      return;
    }
    const actor = {
      login: sender.login,
      canWrite: await hasWriteAccess(context.octokit, context.repo(), sender.login),
    };
    await run(context, async (state) => {
      if (parsed.kind === "unknown") {
        return {
          type: "unknown_command",
          actor,
          text: parsed.text,
          suggestion: parsed.suggestion,
          commentId: comment.id,
        };
      }
      const checklist =
        actor.canWrite && parsed.name === "start" ? await readLiveChecklist(context, state) : null;
      return {
        type: "command",
        actor,
        command: parsed.name,
        args: parsed.args,
        commentId: comment.id,
        checklist,
      };
    });
  });

  app.on("issue_comment.edited", async (context) => {
    const { comment, sender, changes } = context.payload;
    if (context.isBot || !isPlanComment(comment.body)) return;
    const actor = {
      login: sender.login,
      canWrite: await hasWriteAccess(context.octokit, context.repo(), sender.login),
    };
    await run(context, async (state) => {
      if (state.planComment?.id !== comment.id) return null;
      return {
        type: "plan_edited",
        actor,
        checklist: parseChecklist(comment.body, changes.body?.from ?? null),
      };
    });
  });
}

function triggers(
  config: RepoConfig,
  context: Context<"issues.opened" | "issues.labeled">,
): boolean {
  const { issue } = context.payload;
  switch (config.trigger.mode) {
    case "all":
      return context.payload.action === "opened";
    case "label": {
      const wanted = config.trigger.label.toLowerCase();
      if (context.payload.action === "labeled")
        return context.payload.label?.name.toLowerCase() === wanted;
      return (issue.labels ?? []).some((label) => label.name.toLowerCase() === wanted);
    }
    case "mention":
      return (
        context.payload.action === "opened" &&
        (issue.body ?? "").toLowerCase().includes(config.trigger.mention.toLowerCase())
      );
  }
}

/** The plan comment as it stands now, so a tick made just before `/start` counts. */
async function readLiveChecklist(
  context: IssueContext,
  state: RunState,
): Promise<Checklist | null> {
  if (state.phase !== "awaiting_selection" || state.planComment === null) return null;
  try {
    const { data } = await context.octokit.rest.issues.getComment(
      context.repo({ comment_id: state.planComment.id }),
    );
    return parseChecklist(data.body ?? "", null);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
