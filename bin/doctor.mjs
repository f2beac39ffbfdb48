// `npm run doctor`: `codegen doctor` from a checkout, after the Node version check.
import { requireSupportedNode } from "./node-version.mjs";

requireSupportedNode();
process.argv.splice(2, process.argv.length, "doctor");
await import("../src/cli.ts");
