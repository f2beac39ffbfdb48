// Benchmarks that need a Docker engine; run with `npm run bench`.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";

const { runSandboxBenchmark } = await import("./sandbox.ts");
await runSandboxBenchmark();
