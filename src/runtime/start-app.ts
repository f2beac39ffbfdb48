import type { Server as HttpServer } from "node:http";
import { join } from "node:path";
import OpenAI from "openai";
import { pino } from "pino";
import { type Logger, Probot, ProbotOctokit } from "probot";
import type { AppConfig } from "../config/env.ts";
import { sandboxCeilings } from "../config/operator-policy.ts";
import { DEFAULT_OPS_ADDRESS } from "../config/ops-address.ts";
import { abortableOctokit } from "../forges/github/abortable-octokit.ts";
import { createLlm } from "../llm/client.ts";
import { createMcpRouter } from "../mcp/index.ts";
import { createQueue } from "../persistence/queue/create-queue.ts";
import type { QueueOptions } from "../persistence/queue/queue.ts";
import { createRunStore } from "../persistence/run-store/create-run-store.ts";
import { createPreflight, preflightChecks } from "../preflight/index.ts";
import { waitForDatabase } from "../preflight/wait-for-database.ts";
import { createDockerSandbox } from "../sandbox/index.ts";
import { createSandboxSessions } from "../sandbox/sessions.ts";
import { createStackRegistry } from "../stacks/registry.ts";
import { createApp } from "./app.ts";
import { createIngress } from "./ingress.ts";
import { createMetrics } from "./ops/metrics.ts";
import { countingOctokit, observeRuns } from "./ops/observe-run.ts";
import { createPublicHealthRoute } from "./ops/ops-routes.ts";
import { startOpsServer } from "./ops/ops-server.ts";
import { createServer } from "./server.ts";
import { createRetryRegistry, startWorker } from "./worker.ts";

export type StartOptions = {
  /** Octokit for GitHub requests (tests disable retries and throttling). */
  Octokit?: typeof ProbotOctokit;
  log?: Logger;
  /** Queue tuning (tests use short leases and retry delays). */
  queue?: Pick<QueueOptions, "leaseMs" | "retryDelayMs" | "pollMs" | "retryLimit" | "pgSchema">;
};

export type RunningApp = {
  http: HttpServer;
  /** `/metrics` and the detailed `/healthz` (OPS_HOST, loopback by default). */
  ops: HttpServer;
  queue: Awaited<ReturnType<typeof createQueue>>;
  store: Awaited<ReturnType<typeof createRunStore>>;
  /**
   * SIGTERM: no new webhooks or jobs; running steps get `config.shutdownTimeoutMs` to finish,
   * then are aborted (their checkpoint and the job's retry take over); sandboxes removed.
   */
  stop(): Promise<void>;
};

/**
 * The production wiring: the HTTP server only validates and enqueues webhooks; a worker takes
 * jobs from the durable queue (SQLite, or PostgreSQL with DATABASE_URL) and processes them
 * with the app, whose continuations go back into the queue.
 */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const log = options.log ?? pino({ level: config.server.logLevel });
  if (config.dockerHost) process.env.DOCKER_HOST = config.dockerHost;
  const storage = {
    databaseUrl: config.databaseUrl,
    sqlitePath: join(config.dataDir, "codegen.db"),
    // Tests keep their PostgreSQL tables apart; the run store shares the queue's schema then.
    pgSchema: options.queue?.pgSchema,
  };
  const preflightMs = config.preflightIntervalSec * 1000;
  if (preflightMs > 0 && config.databaseUrl) {
    await waitForDatabase(config.databaseUrl, log, preflightMs);
  }
  const retryLimit = options.queue?.retryLimit ?? 3;
  const queue = await createQueue({
    ...storage,
    ...options.queue,
    retryLimit,
    onError: (error) => log.error({ err: error }, "queue error"),
  });
  const store = await createRunStore(storage);
  const metrics = createMetrics({ queue, runsByPhase: () => store.countByPhase() });
  const Octokit = abortableOctokit(countingOctokit(options.Octokit ?? ProbotOctokit, metrics));

  const openai = new OpenAI({
    apiKey: config.llm.apiKey,
    baseURL: config.llm.baseURL,
    ...(options.Octokit ? { maxRetries: 0 } : {}),
  });
  // The stacks: the built-ins and the operator's MCP servers; routing and analysis follow it,
  // and an external stack's toolchain comes from its server.
  const stacks = createStackRegistry({
    external: config.mcpServers,
    fetchToolchain: (language) => router.toolchain(language),
  });
  const router = createMcpRouter({
    llm: { client: openai, model: config.llm.codeModel },
    external: config.mcpServers,
    stacks,
  });
  const sandbox = createDockerSandbox({
    log: (message) => log.info({ sandbox: true }, message),
    diskMb: config.sandbox?.diskMb,
    egressAllow: config.sandbox?.egressAllow,
    ceilings: sandboxCeilings(config.policy),
  });
  // Containers left by a crashed process are removed before new ones start.
  await sandbox.reapStale().catch((error: unknown) => {
    log.warn({ err: error }, "could not reach the Docker engine to reap old sandboxes");
  });
  const sessions = createSandboxSessions(sandbox);

  // Checked now and every interval; runs that need a part that is down say so and wait.
  const preflight = createPreflight(preflightChecks(config), log);
  if (preflightMs > 0) preflight.start(preflightMs);

  const retries = createRetryRegistry();
  const { app, runStep } = createApp({
    appId: config.appId,
    analysisLimit: { perHour: config.analysisRateLimit },
    llm: createLlm(openai, config.llm.model),
    store,
    router,
    sessions,
    stacks,
    policy: config.policy,
    defer: async (continuation) => {
      await queue.enqueue({
        id: continuation.id,
        key: continuation.key,
        name: "resume",
        data: continuation,
      });
    },
    isRetry: retries.isRetry,
    observe: observeRuns(metrics),
    preflight,
  });
  const processor = new Probot({
    appId: config.appId,
    privateKey: config.privateKey,
    secret: config.webhookSecret,
    Octokit,
    log,
    ...(config.githubBaseUrl ? { baseUrl: config.githubBaseUrl } : {}),
  });
  await processor.load(app);

  const server = await createServer(config, { Octokit, log });
  if (config.role !== "worker") await server.load(createIngress(queue));
  // Healthy when the queue's database answers.
  const healthy = () => queue.stats().then(() => true);
  await server.load(createPublicHealthRoute({ healthy, preflight: preflight.reports }));
  // Tests build their config by hand, without the ops address: any free loopback port.
  const ops = await startOpsServer(config.ops ?? { ...DEFAULT_OPS_ADDRESS, port: 0 }, {
    metrics,
    healthy,
    preflight: preflight.reports,
  });
  const http = await server.start();
  if (config.role !== "web") {
    await startWorker(
      { queue, processor, runStep, log, retryLimit, concurrency: config.workerConcurrency },
      retries,
    );
  }
  log.info({ queue: queue.backend, role: config.role }, "started");

  return {
    http,
    ops,
    queue,
    store,
    async stop() {
      preflight.stop();
      await server.stop();
      await new Promise((resolve) => ops.close(resolve));
      const { unsettled } = await queue.stop({
        graceful: true,
        timeoutMs: config.shutdownTimeoutMs,
      });
      if (unsettled > 0) {
        log.warn(
          { unsettled },
          "stopping without jobs that did not end when aborted: once their lease lapses, another worker resumes them from their checkpoint",
        );
      }
      await sessions.closeAll();
      await Promise.allSettled([sandbox.close(), router.close(), store.close()]);
    },
  };
}
