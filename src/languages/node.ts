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
    dependencyManifests: ["package.json", "package-lock.json"],
    installOutputs: ["/sandbox/work/node_modules"],
    // node --check takes one file, so each is checked; every failure is reported.
    build:
      "if [ -f tsconfig.json ]; then tsc -p .; else status=0; for file in $(find . -path ./node_modules -prune -o -type f \\( -name '*.js' -o -name '*.mjs' \\) -print); do node --check \"$file\" || status=1; done; exit $status; fi",
    test: "node --test --test-reporter=tap",
    testOutput: "node-test",
    limits: { cpus: 1, memoryMb: 768, pids: 256, phaseTimeoutSec: 120 },
  },
};
