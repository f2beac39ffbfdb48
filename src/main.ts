import { run } from "probot";
import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config/env.ts";
import { createServer } from "./server.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    fail(`${error.message}\nSee .env.example and README.md ("Configuration").`);
  }
  throw error;
}

if (config.mode === "setup") {
  // Probot's manifest flow: serves the "Register GitHub App" page and writes .env.
  await run(createApp());
} else {
  const server = createServer(config);
  await server.load(createApp());
  await server.start();
  const stop = async (signal: string) => {
    console.info(`${signal} received, stopping`);
    await server.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
