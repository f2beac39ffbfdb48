// `npm start`: checks the Node version before loading the TypeScript app.
import { requireSupportedNode } from "./node-version.mjs";

requireSupportedNode();
await import("../src/main.ts");
