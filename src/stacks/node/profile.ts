import { dockerfileBeside } from "../dockerfile.ts";
import { type LanguageProfile, TEST_REPORT_DIR } from "../types.ts";

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
    dockerfile: dockerfileBeside(import.meta.url),
    baseImage: "debian:bookworm-slim",
    install:
      "if [ -f package.json ] && grep -q '\"dependencies\"' package.json; then npm install --no-audit --no-fund; fi",
    dependencyManifests: ["package.json", "package-lock.json"],
    installOutputs: ["/sandbox/work/node_modules"],
    // node --check takes one file, so each is checked; every failure is reported.
    build:
      "if [ -f tsconfig.json ]; then tsc -p .; else status=0; for file in $(find . -path ./node_modules -prune -o -type f \\( -name '*.js' -o -name '*.mjs' \\) -print); do node --check \"$file\" || status=1; done; exit $status; fi",
    // One run per test file (Node's default patterns): its JUnit report names no file, so the
    // report's own path says which file it covers. TAP stays on the console for the log.
    test:
      "status=0; found=0; for file in $(find . -path ./node_modules -prune -o -type f \\( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' \\) \\( -path '*/test/*' -o -name 'test.*' -o -name 'test-*' -o -name '*[._-]test.*' \\) -print | sort); do " +
      `found=1; mkdir -p "${TEST_REPORT_DIR}/$(dirname "$file")"; ` +
      `node --test --test-reporter=tap --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination="${TEST_REPORT_DIR}/$file.xml" "$file" || status=1; done; ` +
      'if [ "$found" = 0 ]; then node --test --test-reporter=tap; else exit "$status"; fi',
    testOutput: "node-test",
    testReport: { format: "node-junit" },
    limits: { cpus: 1, memoryMb: 768, pids: 256, phaseTimeoutSec: 120 },
  },
};
