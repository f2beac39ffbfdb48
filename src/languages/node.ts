import type { LanguageProfile } from "./types.ts";

export const node: LanguageProfile = {
  id: "node",
  displayName: "Node.js (JavaScript/TypeScript)",
  aliases: ["node", "nodejs", "node.js", "javascript", "js", "typescript", "ts"],
  frameworks: ["express", "fastify", "koa", "nestjs", "react", "next"],
  markers: ["package.json", "tsconfig.json"],
  conventions: [
    'ES modules ("type": "module" in package.json); Node\'s built-in modules first.',
    "Each module lives in src/<module>/ with an index.js (or index.ts with a tsconfig.json).",
    "Tests use Node's built-in test runner (node:test and node:assert) in test/<module>.test.js.",
  ],
  toolchain: {
    language: "node",
    dockerfile: "node.Dockerfile",
    baseImage: "debian:bookworm-slim",
    install:
      "if [ -f package.json ] && grep -q '\"dependencies\"' package.json; then npm install --no-audit --no-fund; fi",
    build:
      "if [ -f tsconfig.json ]; then tsc -p .; else node --check $(find src -name '*.js' 2>/dev/null) </dev/null; fi",
    test: "node --test",
    testOutput: "node-test",
    limits: { cpus: 1, memoryMb: 768, pids: 256, phaseTimeoutSec: 120 },
  },
};
