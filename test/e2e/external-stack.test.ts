import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";

const docker = await dockerStatus();

/** The operator's MCP_SERVERS entry: a real stdio server for a stack the app does not ship. */
const BASH_SERVER = {
  language: "bash",
  aliases: ["shell"],
  transport: "stdio",
  command: process.execPath,
  args: [fileURLToPath(new URL("../stacks/bash-mcp-server.ts", import.meta.url))],
};

describe.skipIf(!docker.available)("an external stack, issue to pull request", () => {
  const { run, receive, opened, commented, lastComment, planComment } = useRun(
    {},
    { mcpServers: [BASH_SERVER] },
  );

  it("plans a Bash module, generates it on the operator's server, builds and tests it with bats in the sandbox, and reports its JUnit counts", async () => {
    mockChat({
      verdict: {
        kind: "plan",
        summary: "Shell arithmetic helpers.",
        language: "bash",
        modules: [
          {
            name: "calc",
            description: "add and multiply for shell scripts",
            language: "shell",
            files: ["src/calc.sh", "test/calc.bats"],
            dependsOn: [],
            acceptanceCriteria: ["adds", "multiplies"],
          },
        ],
      },
    });
    await receive(opened());
    expect(planComment()).toContain("- [x] `calc` — add and multiply for shell scripts");

    await receive(commented("/start"));

    // Attempt 1 failed one bats test; the server fixed it from the report's file and line.
    expect(lastComment()).toMatch(/^🏁 Done: 1 succeeded, 0 failed, 0 skipped, in 2 attempts/);
    expect(run.github.file("codegen/issue-1", "src/calc.sh")).toContain("$1 * $2");
    const body = run.github.pullRequests()[0]?.body ?? "";
    expect(body).toContain("| `calc` | ✅ succeeded | 2 | ✅ passed | 3 passed, 0 failed |");
    const check = run.github.checkRuns().find((found) => found.name === "codegen / calc");
    expect(check?.output.summary).toMatch(/- 1 \([0-9a-f]{7}\): ❌ test/);
    expect(check?.output.summary).toMatch(/- 2 \([0-9a-f]{7}\): ✅ 3 passed, 0 failed/);
  }, 300_000);
});
