#!/usr/bin/env node
// The `codegen` command: checks the Node version before loading the CLI. Installed, it runs
// the built dist/; in a checkout that was never built it runs the TypeScript source directly.
import { existsSync } from "node:fs";
import { requireSupportedNode } from "./node-version.mjs";

requireSupportedNode();
const built = new URL("../dist/cli.js", import.meta.url);
await import(existsSync(built) ? built.href : new URL("../src/cli.ts", import.meta.url).href);
