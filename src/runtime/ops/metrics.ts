import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { JobQueue } from "../../persistence/queue/queue.ts";

/** Prometheus metrics for /metrics: queue, runs, attempts, tokens and GitHub writes. */
export function createMetrics(
  options: { queue?: JobQueue; runsByPhase?: () => Promise<Record<string, number>> } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "codegen_process_" });
  const { queue, runsByPhase } = options;
  new Gauge({
    name: "codegen_queue_jobs",
    help: "Jobs in the durable queue, by state.",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      if (!queue) return;
      const stats = await queue.stats();
      for (const state of ["queued", "active", "failed"] as const)
        this.set({ state }, stats[state]);
    },
  });
  new Gauge({
    name: "codegen_blocked_keys",
    help: "Issues whose later events wait behind a job that failed for good (/retry unblocks).",
    labelNames: ["key"],
    registers: [registry],
    async collect() {
      if (!queue) return;
      this.reset();
      for (const key of await queue.blockedKeys()) this.set({ key }, 1);
    },
  });
  new Gauge({
    name: "codegen_runs",
    help: "Runs by phase.",
    labelNames: ["phase"],
    registers: [registry],
    async collect() {
      if (!runsByPhase) return;
      this.reset();
      for (const [phase, count] of Object.entries(await runsByPhase())) this.set({ phase }, count);
    },
  });
  return {
    registry,
    attempts: new Counter({
      name: "codegen_module_attempts_total",
      help: "Module attempts (generate or fix, commit, build and test), by outcome.",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    attemptSeconds: new Histogram({
      name: "codegen_module_attempt_duration_seconds",
      help: "How long a module attempt took, model and sandbox included.",
      buckets: [1, 5, 15, 30, 60, 120, 300, 600],
      registers: [registry],
    }),
    llmTokens: new Counter({
      name: "codegen_llm_tokens_total",
      help: "LLM tokens spent, by kind (prompt or completion).",
      labelNames: ["kind"],
      registers: [registry],
    }),
    githubWrites: new Counter({
      name: "codegen_github_writes_total",
      help: "GitHub API requests that change something (not GET), by method.",
      labelNames: ["method"],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
