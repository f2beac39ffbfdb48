import type { Context } from "probot";
import { type OperatorPolicy, policyNoticesReply } from "../../config/operator-policy.ts";
import { configProblemsReply, type RepoConfig } from "../../config/repo-config.ts";
import type { AnalysisLimit, Checklist, RunState } from "../../core/types.ts";
import { branchRunTarget } from "./branch-run-target.ts";
import { parseCommand } from "./commands.ts";
import type { EventHandlers } from "./event-table.ts";
import { commentBody } from "./fit-body.ts";
import { hasWriteAccess } from "./permissions.ts";
import { isPlanComment, parseChecklist } from "./plan-comment.ts";
import { loadRepoConfig } from "./repo-config-loader.ts";
import type { Decide, RunStep, RunTarget } from "./run-step.ts";
import { APP_MARKER, type IssueRef, installationOf } from "./types.ts";

type IssueContext = Context<"issues" | "issue_comment">;

function targetOf(context: IssueContext, config?: RepoConfig): RunTarget {
  return {
    octokit: context.octokit,
    installationId: installationOf(context),
    stepId: context.id,
    issue: context.issue() as IssueRef,
    repoUrl: context.payload.repository.html_url,
    issueTitle: context.payload.issue.title,
    log: context.log,
    ...(config ? { config } : {}),
  };
}

export type IssueHandlerOptions = { analysisLimit: AnalysisLimit; policy: OperatorPolicy };

type IssueHandlers = Pick<
  EventHandlers,
  | "issues.opened"
  | "issues.labeled"
  | "issues.edited"
  | "issues.closed"
  | "issue_comment.edited"
  | "check_run.rerequested"
> & {
  /** `issue_comment.created` on an issue (not a pull request). */
  issueComment: EventHandlers["issue_comment.created"];
};

/** Webhooks about issues and their comments, turned into workflow events. */
export function issueEventHandlers(runStep: RunStep, options: IssueHandlerOptions): IssueHandlers {
  const { policy } = options;
  const run = (context: IssueContext, decide: Decide, config?: RepoConfig) =>
    runStep(targetOf(context, config), decide);

  const opened = async (context: Context<"issues.opened" | "issues.labeled">) => {
    if (context.isBot) return;
    const { config, problems, notices } = await loadRepoConfig(
      context.octokit,
      context.repo(),
      policy,
    );
    if (!triggers(config, context)) return;
    await run(
      context,
      async (state) => {
        if (state.phase !== "new") return null;
        const said = [
          ...(problems.length > 0 ? [configProblemsReply(problems)] : []),
          ...(notices.length > 0 ? [policyNoticesReply(notices)] : []),
        ];
        if (said.length > 0) {
          await context.octokit.rest.issues.createComment(
            context.issue({ body: commentBody(said.join("\n\n"), `\n\n${APP_MARKER}`) }),
          );
        }
        return { type: "issue_opened", author: context.payload.issue.user?.login ?? "" };
      },
      config,
    );
  };

  /** Whether a comment or an edit by someone other than the author may re-analyse. */
  const reanalysis = async (
    context: IssueContext,
    state: RunState,
    byIssueAuthor: boolean,
    at: string,
  ) => {
    const waiting = state.phase === "awaiting_reply" || state.phase === "analysis_failed";
    const canWrite =
      waiting && !byIssueAuthor
        ? await hasWriteAccess(context.octokit, context.repo(), context.payload.sender.login)
        : false;
    return { canWrite, reanalysis: { at, limit: options.analysisLimit } };
  };

  const edited = async (context: Context<"issues.edited">) => {
    if (context.isBot) return;
    const { issue, sender } = context.payload;
    const byIssueAuthor = sender.login === issue.user?.login;
    await run(context, async (state) => ({
      type: "issue_edited",
      author: sender.login,
      byIssueAuthor,
      ...(await reanalysis(context, state, byIssueAuthor, issue.updated_at)),
    }));
  };

  const closed = async (context: Context<"issues.closed">) => {
    await run(context, () => ({ type: "issue_closed" }));
  };

  const issueComment = async (context: Context<"issue_comment.created">) => {
    if (context.isBot) return;
    const { comment, issue, sender } = context.payload;
    const parsed = parseCommand(comment.body);
    if (parsed.kind === "none") {
      const byIssueAuthor = sender.login === issue.user?.login;
      await run(context, async (state) => ({
        type: "comment_added",
        author: sender.login,
        byIssueAuthor,
        ...(await reanalysis(context, state, byIssueAuthor, comment.created_at)),
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
        actor.canWrite && parsed.name === "start"
          ? await readLiveChecklist(context, state, policy.maxModules)
          : null;
      return {
        type: "command",
        actor,
        command: parsed.name,
        args: parsed.args,
        commentId: comment.id,
        checklist,
      };
    });
  };

  const commentEdited = async (context: Context<"issue_comment.edited">) => {
    const { comment, sender, changes } = context.payload;
    if (context.isBot || !isPlanComment(comment.body)) return;
    const actor = {
      login: sender.login,
      canWrite: await hasWriteAccess(context.octokit, context.repo(), sender.login),
    };
    await run(context, (state) => {
      if (state.planComment?.id !== comment.id) return null;
      return {
        type: "plan_edited",
        actor,
        checklist: parseChecklist(comment.body, changes.body?.from ?? null, policy.maxModules),
      };
    });
  };

  const checkRunRerequested = async (context: Context<"check_run.rerequested">) => {
    if (context.isBot) return;
    const { check_run: checkRun } = context.payload;
    const run = await branchRunTarget(context, checkRun.check_suite?.head_branch ?? "", policy);
    if (run === null) return;
    await runStep(run.target, () => ({
      type: "rerun_requested",
      actor: run.actor,
      resultId: checkRun.id,
    }));
  };

  return {
    "issues.opened": opened,
    "issues.labeled": opened,
    "issues.edited": edited,
    "issues.closed": closed,
    "issue_comment.edited": commentEdited,
    "check_run.rerequested": checkRunRerequested,
    issueComment,
  };
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
      if (context.payload.action === "labeled") {
        return context.payload.label?.name.toLowerCase() === wanted;
      }
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
  maxModules: number,
): Promise<Checklist | null> {
  if (state.phase !== "awaiting_selection" || state.planComment === null) return null;
  try {
    const { data } = await context.octokit.rest.issues.getComment(
      context.repo({ comment_id: state.planComment.id }),
    );
    return parseChecklist(data.body ?? "", null, maxModules);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}
