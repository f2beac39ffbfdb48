import { readFile } from "node:fs/promises";
import type { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HANDLED_EVENTS } from "../../../src/forges/github/event-table.ts";
import type { EnqueueRequest } from "../../../src/persistence/queue/queue.ts";
import { createApp } from "../../../src/runtime/app.ts";
import { createIngress } from "../../../src/runtime/ingress.ts";
import { createFakeGitHub } from "../../helpers/fake-github/index.ts";
import { testProbot } from "../../helpers/probot.ts";
import { webhookEvent } from "../../helpers/webhooks.ts";

const ISSUE_KEY = "Codertocat/Hello-World#1";

/** The processing app loaded onto a stand-in that records what it registers, and fails on anything else. */
function registeredEvents(): string[] {
  const names: string[] = [];
  const recorder = new Proxy(
    {
      on(events: string | string[]) {
        names.push(...(Array.isArray(events) ? events : [events]));
      },
    },
    {
      get(target, property) {
        if (property === "on") return target.on;
        throw new Error(
          `the processing app used app.${String(property)}: register through the event table`,
        );
      },
    },
  );
  const { app } = createApp({} as Parameters<typeof createApp>[0]);
  app(recorder as unknown as Probot, {} as Parameters<typeof app>[1]);
  return names;
}

/** The ingress on a real Probot, over the GitHub double, with a queue that records. */
function ingress() {
  const queued: EnqueueRequest[] = [];
  const queue = {
    async enqueue(request: EnqueueRequest) {
      queued.push(request);
      return "accepted" as const;
    },
    async blockedKeys() {
      return [];
    },
    async unblock() {
      return true;
    },
  };
  const probot = testProbot(createIngress(queue));
  const receive = (event: { id: string; name: string; payload: unknown }) =>
    probot.receive(event as Parameters<Probot["receive"]>[0]);
  return { queued, receive };
}

/**
 * A real example payload of each handled event, on the run of issue 1 (branch `branch`) of
 * the double's repository. The examples have no `issues.closed`: it is `issues.opened` closed.
 */
function onTheRun(name: (typeof HANDLED_EVENTS)[number], branch = "codegen/issue-1") {
  const example = name === "issues.closed" ? "issues.opened" : name;
  const event = webhookEvent(example, (payload) => {
    Object.assign(payload.repository, { name: "Hello-World", full_name: "Codertocat/Hello-World" });
    Object.assign(payload.repository.owner, { login: "Codertocat" });
    if ("pull_request" in payload && payload.pull_request) payload.pull_request.head.ref = branch;
    if ("check_run" in payload && payload.check_run.check_suite) {
      payload.check_run.check_suite.head_branch = branch;
    }
    if ("issue" in payload && payload.issue) payload.issue.number = 1;
  });
  if (name === "issues.closed") Object.assign(event.payload, { action: "closed" });
  return event;
}

describe("the event table", () => {
  it("app.yml subscribes to exactly the events the table handles", async () => {
    const manifest = parse(
      await readFile(new URL("../../../app.yml", import.meta.url), "utf8"),
    ) as {
      default_events: string[];
    };
    const tableEvents = new Set(HANDLED_EVENTS.map((name) => name.split(".")[0]));
    expect([...manifest.default_events].sort()).toEqual([...tableEvents].sort());
  });

  it("the processing app registers one handler per table event, and nothing else", () => {
    expect(registeredEvents().sort()).toEqual([...HANDLED_EVENTS].sort());
  });

  it("the ingress queues every table event under its run's issue, and drops the rest", async () => {
    createFakeGitHub();
    const { queued, receive } = ingress();
    for (const name of HANDLED_EVENTS) await receive(onTheRun(name));
    expect(queued.map((job) => job.key)).toEqual(HANDLED_EVENTS.map(() => ISSUE_KEY));

    await receive(webhookEvent("pull_request.opened"));
    await receive(webhookEvent("issues.deleted"));
    expect(queued).toHaveLength(HANDLED_EVENTS.length);
  });

  it("finds a branch's issue through the repository's branchPrefix, as the worker does", async () => {
    createFakeGitHub({ repoConfig: "branchPrefix: bot-\n" });
    const { queued, receive } = ingress();
    await receive(onTheRun("pull_request_review.submitted", "bot-issue-5"));
    await receive(onTheRun("check_run.rerequested", "bot-issue-6"));
    // Not runs of this repository: another prefix, or a branch merely ending in issue-<n>.
    await receive(onTheRun("pull_request_review.submitted", "codegen/issue-7"));
    await receive(onTheRun("pull_request_review_comment.created", "feature/bot-issue-8"));
    expect(queued.map((job) => job.key)).toEqual([
      "Codertocat/Hello-World#5",
      "Codertocat/Hello-World#6",
    ]);
  });
});
