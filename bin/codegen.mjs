#!/usr/bin/env node
// The installed `codegen` command: checks the Node version before loading the built CLI.
import { requireSupportedNode } from "./node-version.mjs";

requireSupportedNode();
await import("../dist/cli.js");
