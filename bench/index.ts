// `npm run bench`: each benchmark measures its baseline in the same run and prints ratios.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

const { runWebhookBenchmark } = await import("./webhooks.ts");
await runWebhookBenchmark();

// Needs a Docker engine.
const { runSandboxBenchmark } = await import("./sandbox.ts");
await runSandboxBenchmark();

// Needs a Docker engine: whole runs through the app against the GitHub double.
const { runAttemptBenchmark } = await import("./attempts.ts");
await runAttemptBenchmark();

const { runPromptSizeBenchmark } = await import("./prompt-sizes.ts");
await runPromptSizeBenchmark();
