import { dockerfileBeside } from "../dockerfile.ts";
import { type LanguageProfile, TEST_REPORT_DIR } from "../types.ts";

export const go: LanguageProfile = {
  id: "go",
  displayName: "Go",
  aliases: ["go", "golang"],
  frameworks: ["net/http", "gin", "echo", "cobra"],
  markers: ["go.mod"],
  conventions: [
    "Go 1.19, standard library only (no module proxy in the sandbox); go.mod at the root, module name `app`.",
    "Each module is a package directory named after the module (lowercase, no underscores).",
    "Tests in <module>/<module>_test.go using the testing package.",
  ],
  toolchain: {
    language: "go",
    dockerfile: dockerfileBeside(import.meta.url),
    baseImage: "debian:bookworm-slim",
    install: null,
    dependencyManifests: ["go.mod", "go.sum"],
    // build first: its diagnostics list every error, vet's stop at the first.
    build: "go build ./... && go vet ./...",
    // The JSON events carry the console text too; the sandbox shows that as the phase's output.
    test: `go test -json ./... > ${TEST_REPORT_DIR}/go-test.json`,
    testOutput: "go-test",
    testReport: { format: "go-test-json" },
    limits: { cpus: 1, memoryMb: 1024, pids: 256, phaseTimeoutSec: 180 },
  },
};
