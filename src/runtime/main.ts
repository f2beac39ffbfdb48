import { run } from "probot";
import { ConfigError, loadConfig } from "../config/env.ts";
import { startApp } from "./start-app.ts";
import { stopOnSignals } from "./stop-on-signals.ts";

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
  // Probot's manifest flow serves the "Register GitHub App" page and writes .env; the app
  // itself is not loaded until the process restarts with credentials.
  await run(() => {});
} else {
  stopOnSignals(await startApp(config), { timeoutMs: config.shutdownTimeoutMs });
}
