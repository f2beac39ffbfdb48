// `npm start`: checks the Node version before loading the TypeScript app.
import { existsSync } from "node:fs";
import { requireSupportedNode } from "./node-version.mjs";

requireSupportedNode();
// Probot's registration page writes the App's credentials to .env; the environment wins.
if (existsSync(".env")) process.loadEnvFile(".env");
await import("../src/runtime/main.ts");
