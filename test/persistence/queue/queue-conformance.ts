import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { z } from "zod";
import { createQueue } from "../../../src/persistence/queue/create-queue.ts";
import type {
  Job,
  JobHandler,
  JobQueue,
  QueueOptions,
} from "../../../src/persistence/queue/queue.ts";
import { type ChildWorker, spawnWorker } from "./child-worker.ts";
import { deferred, sleep, waitFor } from "./wait.ts";

export type QueueBackend = {
  /** Options reaching a fresh, empty database; queues made from them share it. */
  freshDatabase(): Promise<QueueOptions>;
  dropDatabase(options: QueueOptions): Promise<void>;
  /** The shortest lease the back end supports, for the crash tests. */
  leaseMs: number;
  pollMs: number;
};

const logLine = z.object({
  event: z.enum(["start", "end"]),
  id: z.string(),
  key: z.string(),
  pid: z.number(),
});

/**
 * The guarantees every queue back end gives, run against real databases. Each test gets a
 * fresh database; crash and multi-process tests run workers in child processes.
 */
export function describeQueueConformance(backend: QueueBackend): void {
  const queues: JobQueue[] = [];
  const children: ChildWorker[] = [];
  const databases: QueueOptions[] = [];
  let tempDir: string | undefined;

  async function database(): Promise<QueueOptions> {
    const options = {
      ...(await backend.freshDatabase()),
      leaseMs: backend.leaseMs,
      pollMs: backend.pollMs,
      retryDelayMs: 0,
      retryLimit: 2,
    };
    databases.push(options);
    return options;
  }

  async function open(options: QueueOptions): Promise<JobQueue> {
    const queue = await createQueue(options);
    queues.push(queue);
    return queue;
  }

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill()));
    await Promise.all(queues.splice(0).map((queue) => queue.stop({ timeoutMs: 0 })));
    await Promise.all(databases.splice(0).map((options) => backend.dropDatabase(options)));
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  });

  const job = (id: string, key: string, name = "step") => ({ id, key, name, data: { id } });

  it("runs a key's jobs one at a time in enqueue order, and different keys in parallel", async () => {
    const queue = await open(await database());
    const keys = ["o/r#1", "o/r#2", "o/r#3"];
    for (const n of [1, 2, 3]) {
      for (const key of keys) await queue.enqueue(job(`${key}/${n}`, key));
    }
    const started: Job[] = [];
    const inFlight = new Map<string, number>();
    let overlapsWithinKey = 0;
    const firstJobsStarted = deferred();
    await queue.work(
      async (current) => {
        started.push(current);
        const running = (inFlight.get(current.key) ?? 0) + 1;
        inFlight.set(current.key, running);
        if (running > 1) overlapsWithinKey++;
        if (started.length === keys.length) firstJobsStarted.resolve();
        // The first job of each key waits for the others': the three ran at the same time.
        // Meanwhile the fourth slot is free, and must not take a second job of a held key.
        if (current.id.endsWith("/1")) {
          await firstJobsStarted.promise;
          await sleep(backend.pollMs * 3);
        } else {
          await sleep(5);
        }
        inFlight.set(current.key, (inFlight.get(current.key) ?? 1) - 1);
      },
      { concurrency: 4 },
    );
    await waitFor(
      "all nine jobs",
      async () => (await queue.stats()).queued === 0 && started.length === 9,
    );
    await waitFor("the last job to finish", async () => (await queue.stats()).active === 0);

    expect(overlapsWithinKey).toBe(0);
    expect(
      started
        .slice(0, 3)
        .map((entry) => entry.key)
        .sort(),
    ).toEqual(keys);
    for (const key of keys) {
      const order = started.filter((entry) => entry.key === key).map((entry) => entry.id);
      expect(order).toEqual([`${key}/1`, `${key}/2`, `${key}/3`]);
    }
  });

  it("takes a job whose data carries NUL characters (a webhook's text can)", async () => {
    const queue = await open(await database());
    expect(
      await queue.enqueue({ id: "nul", key: "k", name: "step", data: { body: "a\u0000b" } }),
    ).toBe("accepted");
    const seen: unknown[] = [];
    await queue.work(async (running) => {
      seen.push(running.data);
    });
    await waitFor("the job", async () => seen.length === 1);
    expect(seen).toEqual([{ body: "a\ufffdb" }]);
  });

  it("never runs more jobs at once than its concurrency", async () => {
    const queue = await open(await database());
    for (let n = 1; n <= 6; n++) await queue.enqueue(job(`job-${n}`, `o/r#${n}`));
    let running = 0;
    let most = 0;
    let done = 0;
    await queue.work(
      async () => {
        running++;
        most = Math.max(most, running);
        await waitFor("a second job in flight", () => most >= 2 || done >= 5, 10_000);
        await sleep(20);
        running--;
        done++;
      },
      { concurrency: 2 },
    );
    await waitFor("six jobs", () => done === 6);
    expect(most).toBe(2);
  });

  it("accepts a job id once, also after the job finished and from another queue instance", async () => {
    const options = await database();
    const queue = await open(options);
    const other = await open(options);
    const ran: string[] = [];
    expect(await queue.enqueue(job("delivery-1", "o/r#1"))).toBe("accepted");
    expect(await queue.enqueue(job("delivery-1", "o/r#1"))).toBe("duplicate");
    expect(await other.enqueue(job("delivery-1", "o/r#2"))).toBe("duplicate");
    await queue.work(async (current) => {
      ran.push(current.id);
    });
    await waitFor("the job to finish", async () => {
      const stats = await queue.stats();
      return ran.length === 1 && stats.queued === 0 && stats.active === 0;
    });
    expect(await queue.enqueue(job("delivery-1", "o/r#1"))).toBe("duplicate");
    expect(await other.enqueue(job("delivery-1", "o/r#1"))).toBe("duplicate");
    expect(await queue.enqueue(job("delivery-2", "o/r#1"))).toBe("accepted");
    await waitFor("the second job", () => ran.length === 2);
    expect(ran).toEqual(["delivery-1", "delivery-2"]);
  });

  it("retries a failing job retryLimit times, then blocks its key until unblocked", async () => {
    const queue = await open(await database());
    await queue.enqueue(job("a1", "o/r#1", "flaky"));
    await queue.enqueue(job("a2", "o/r#1"));
    await queue.enqueue(job("b1", "o/r#2"));
    const attempts: string[] = [];
    let failing = true;
    const handler: JobHandler = async (current) => {
      attempts.push(`${current.id}#${current.attempt}`);
      if (current.name === "flaky" && failing) throw new Error("GitHub is down");
    };
    await queue.work(handler, { concurrency: 2 });
    await waitFor("the key to block", async () => (await queue.blockedKeys()).length > 0);
    await waitFor("the other key's job", () => attempts.includes("b1#1"));
    await sleep(backend.pollMs * 3);

    expect(attempts.filter((entry) => entry.startsWith("a"))).toEqual(["a1#1", "a1#2", "a1#3"]);
    expect(await queue.blockedKeys()).toEqual(["o/r#1"]);
    expect(await queue.stats()).toEqual({ queued: 1, active: 0, blocked: 1, failed: 1 });

    failing = false;
    expect(await queue.unblock("o/r#1")).toBe(true);
    expect(await queue.unblock("o/r#2")).toBe(false);
    await waitFor("the key's jobs to run", () => attempts.includes("a2#1"));
    expect(attempts.filter((entry) => entry.startsWith("a"))).toEqual([
      "a1#1",
      "a1#2",
      "a1#3",
      "a1#4",
      "a2#1",
    ]);
    expect(await queue.blockedKeys()).toEqual([]);
    await waitFor("an empty queue", async () => {
      const stats = await queue.stats();
      return stats.queued + stats.active + stats.blocked + stats.failed === 0;
    });
  });

  it("waits for runAt before running a job", async () => {
    const queue = await open(await database());
    const runAt = new Date(Date.now() + 1_500);
    await queue.enqueue({ ...job("later", "o/r#1"), runAt });
    let startedAt = 0;
    await queue.work(async () => {
      startedAt = Date.now();
    });
    await waitFor("the deferred job", () => startedAt > 0);
    expect(startedAt).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it(
    "runs a job again after its worker process is killed, keeping the key's order",
    async () => {
      const options = await database();
      const queue = await open(options);
      await queue.enqueue(job("crash-1", "o/r#1"));
      await queue.enqueue(job("crash-2", "o/r#1"));
      const child = spawnWorker("hang", options);
      children.push(child);
      const taken = await child.waitFor("started");
      expect(taken).toMatchObject({ id: "crash-1", attempt: 1 });

      // The child keeps its lease by heartbeats: our worker gets the other key's job, not these.
      const ran: Job[] = [];
      await queue.work(async (current) => {
        ran.push(current);
      });
      await queue.enqueue(job("other-1", "o/r#2"));
      await waitFor("the other key's job", () => ran.length === 1);
      await sleep(backend.leaseMs * 1.5);
      expect(ran.map((entry) => entry.id)).toEqual(["other-1"]);

      await child.kill();
      await waitFor("the lapsed job to run again", () => ran.length === 3, backend.leaseMs * 4);
      expect(ran.map((entry) => `${entry.id}#${entry.attempt}`)).toEqual([
        "other-1#1",
        "crash-1#2",
        "crash-2#1",
      ]);
    },
    backend.leaseMs * 10,
  );

  it("shares one database between two worker processes, running each job once in key order", async () => {
    const options = await database();
    tempDir = await mkdtemp(join(tmpdir(), "queue-log-"));
    const logFile = join(tempDir, "log.jsonl");
    writeFileSync(logFile, "");
    const workers = [spawnWorker("work", { ...options, holdMs: 100 }, logFile)];
    workers.push(spawnWorker("work", { ...options, holdMs: 100 }, logFile));
    children.push(...workers);
    await Promise.all(workers.map((worker) => worker.waitFor("ready")));

    const queue = await open(options);
    const keys = Array.from({ length: 8 }, (_, n) => `o/r#${n + 1}`);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      for (const key of keys) {
        ids.push(`${key}/${n}`);
        await queue.enqueue(job(`${key}/${n}`, key));
      }
    }
    const lines = () =>
      readFileSync(logFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => logLine.parse(JSON.parse(line)));
    await waitFor(
      "every job to finish",
      () => lines().filter((line) => line.event === "end").length >= ids.length,
    );
    await sleep(backend.pollMs * 3);

    const log = lines();
    const starts = log.filter((line) => line.event === "start");
    expect(starts.map((line) => line.id).sort()).toEqual([...ids].sort());
    expect(new Set(starts.map((line) => line.pid)).size).toBe(2);
    for (const key of keys) {
      const events = log.filter((line) => line.key === key);
      expect(events.map((line) => `${line.event} ${line.id}`)).toEqual(
        [1, 2, 3].flatMap((n) => [`start ${key}/${n}`, `end ${key}/${n}`]),
      );
    }
  }, 60_000);

  it("stops gracefully: aborts a running handler after the timeout, waits for it, takes no new jobs", async () => {
    const options = await database();
    const queue = await open(options);
    await queue.enqueue(job("long", "o/r#1"));
    const running = deferred<AbortSignal>();
    const events: string[] = [];
    let calls = 0;
    await queue.work(
      async (current, { signal }) => {
        calls++;
        running.resolve(signal);
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        await sleep(50);
        events.push(`${current.id} settled`);
        throw signal.reason;
      },
      { concurrency: 1 },
    );
    const signal = await running.promise;
    await queue.enqueue(job("next", "o/r#2"));
    await queue.stop({ graceful: true, timeoutMs: 200 });
    events.push("stopped");

    expect(signal.aborted).toBe(true);
    expect(events).toEqual(["long settled", "stopped"]);
    expect(calls).toBe(1);

    // Nothing was lost: a new worker runs the interrupted job again and the waiting one.
    const next = await open(options);
    const ran: string[] = [];
    await next.work(async (current) => {
      ran.push(`${current.id}#${current.attempt}`);
    });
    await waitFor("both jobs", () => ran.length === 2);
    expect(ran.sort()).toEqual(["long#2", "next#1"]);
  });

  it(
    "stops in bounded time when a handler ignores its signal; another worker runs the job again",
    async () => {
      const options = await database();
      const queue = await open(options);
      await queue.enqueue(job("stuck", "o/r#1"));
      const running = deferred<AbortSignal>();
      await queue.work(async (_current, { signal }) => {
        running.resolve(signal);
        // Like a request to a host that never answers, deaf to the signal.
        await new Promise(() => {});
      });
      const signal = await running.promise;
      const result = await queue.stop({ graceful: true, timeoutMs: 100, abortGraceMs: 100 });
      expect(result).toEqual({ unsettled: 1 });
      expect(signal.aborted).toBe(true);

      const next = await open(options);
      const ran: string[] = [];
      await next.work(async (current) => {
        ran.push(`${current.id}#${current.attempt}`);
      });
      await waitFor("the left job to run again", () => ran.length === 1, backend.leaseMs * 4);
      expect(ran).toEqual(["stuck#2"]);
    },
    backend.leaseMs * 10,
  );

  it("stops gracefully without aborting a handler that finishes within the timeout", async () => {
    const options = await database();
    const queue = await open(options);
    await queue.enqueue(job("short", "o/r#1"));
    const running = deferred();
    const stopping = deferred();
    let aborted: boolean | undefined;
    await queue.work(async (_current, { signal }) => {
      running.resolve();
      await stopping.promise;
      await sleep(50);
      aborted = signal.aborted;
    });
    await running.promise;
    const stopped = queue.stop({ graceful: true, timeoutMs: 10_000 });
    stopping.resolve();
    await stopped;
    expect(aborted).toBe(false);

    const after = await open(options);
    expect(await after.stats()).toEqual({ queued: 0, active: 0, blocked: 0, failed: 0 });
  });
}
