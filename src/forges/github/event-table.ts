import type { Context, Probot } from "probot";

/**
 * Which issue's run an event belongs to, i.e. the job's key:
 * - `issue`: the issue itself (never a pull request);
 * - `issue_or_revised_pull_request`: an issue's own comment, or on a pull request a
 *   `/revise` comment, through the branch of that pull request;
 * - `pull_request_branch`, `check_suite_branch`: through the run's branch the event is on.
 */
export type KeyRule =
  | "issue"
  | "issue_or_revised_pull_request"
  | "pull_request_branch"
  | "check_suite_branch";

/**
 * The webhooks the app acts on: the ingress queues these (keyed by their rule) and drops the
 * rest; the worker registers exactly one handler for each; `app.yml` subscribes to their
 * events and no others (test/forges/github/event-table.test.ts holds the three together).
 */
export const EVENT_TABLE = {
  "issues.opened": "issue",
  "issues.labeled": "issue",
  "issues.edited": "issue",
  "issues.closed": "issue",
  "issue_comment.created": "issue_or_revised_pull_request",
  "issue_comment.edited": "issue",
  "pull_request_review.submitted": "pull_request_branch",
  "pull_request_review_comment.created": "pull_request_branch",
  "check_run.rerequested": "check_suite_branch",
} as const satisfies Record<string, KeyRule>;

export type HandledEvent = keyof typeof EVENT_TABLE;

export const HANDLED_EVENTS = Object.keys(EVENT_TABLE) as HandledEvent[];

export function isHandledEvent(name: string): name is HandledEvent {
  return Object.hasOwn(EVENT_TABLE, name);
}

/** One handler per handled event, typed by its payload. */
export type EventHandlers = { [E in HandledEvent]: (context: Context<E>) => Promise<void> };

/** Registers the processing app's handlers: the table's events, each once, nothing else. */
export function registerEventHandlers(app: Pick<Probot, "on">, handlers: EventHandlers): void {
  for (const name of HANDLED_EVENTS) {
    app.on(name, handlers[name] as (context: Context<HandledEvent>) => Promise<void>);
  }
}
