import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { abortableOctokit } from "../../../src/forges/github/abortable-octokit.ts";
import { withJobSignal } from "../../../src/run/job-signal.ts";
import { startSilentServer } from "../../helpers/silent-server.ts";
import { waitFor } from "../../persistence/queue/wait.ts";

// Probot's own client, retries and throttling on, as in production.
const Octokit = abortableOctokit(ProbotOctokit);
const client = (baseUrl: string) =>
  new Octokit({ auth: { token: "ghs_test" }, baseUrl } as never) as InstanceType<
    typeof ProbotOctokit
  >;
const issue = { owner: "o", repo: "r", issue_number: 1 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function deadGitHub() {
  const server = await startSilentServer();
  cleanups.push(server.close);
  return server;
}

describe("abortableOctokit", () => {
  it("cancels a job's hanging request when the job is aborted, rejecting with the reason", async () => {
    const github = await deadGitHub();
    const job = new AbortController();
    const request = withJobSignal(job.signal, () => client(github.url).rest.issues.get(issue));
    await waitFor("the request to reach the server", () => github.requests() === 1);

    const reason = new Error("the queue is stopping");
    job.abort(reason);
    await expect(request).rejects.toBe(reason);
    // The connection itself is closed, not only the promise given up.
    await waitFor("the connection to close", () => github.dropped() === 1);
  });

  it("sends nothing once the job is aborted, also where the retry plugin would try again", async () => {
    const github = await deadGitHub();
    const job = new AbortController();
    job.abort(new Error("lease lost"));
    await expect(
      withJobSignal(job.signal, () =>
        client(github.url).rest.issues.createComment({ ...issue, body: "x" }),
      ),
    ).rejects.toThrow("lease lost");
    expect(github.requests()).toBe(0);
  });

  it("leaves requests of a running job, and requests outside any job, as they are", async () => {
    nock("https://api.github.com")
      .get("/repos/o/r/issues/1")
      .times(2)
      .reply(200, { number: 1, title: "Expenses" });
    const job = new AbortController();
    const inJob = await withJobSignal(job.signal, () =>
      client("https://api.github.com").rest.issues.get(issue),
    );
    const outside = await client("https://api.github.com").rest.issues.get(issue);
    expect([inJob.data.number, outside.data.number]).toEqual([1, 1]);
  });
});
