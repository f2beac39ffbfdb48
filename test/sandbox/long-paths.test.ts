import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOutputFiles } from "../../src/mcp/check-output-files.ts";
import {
  createDockerSandbox,
  type Sandbox,
  type SandboxFile,
  type SandboxSession,
} from "../../src/sandbox/index.ts";
import { python } from "../../src/stacks/python/profile.ts";
import { DEEP_PATH, NON_ASCII_DOCS_PATH } from "../fixtures/long-paths.ts";
import { dockerStatus } from "../helpers/docker.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("long and non-ASCII paths in the real sandbox", () => {
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    sandbox = createDockerSandbox();
    session = await sandbox.openSession({
      toolchain: python.toolchain,
      labels: { run: `long-paths-${process.pid}`, module: "docs" },
    });
  }, 120_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("takes a path the MCP check accepted (257 bytes, 1012 bytes deep) and builds and tests it", async () => {
    const files: SandboxFile[] = [
      { path: NON_ASCII_DOCS_PATH, content: "# Overview\n" },
      { path: DEEP_PATH, content: "deep\n" },
      { path: "docs_check/__init__.py", content: "" },
      {
        path: "tests/test_paths.py",
        content: `from pathlib import Path

def test_files_landed_under_their_exact_names():
    assert Path(${JSON.stringify(NON_ASCII_DOCS_PATH)}).read_text() == "# Overview\\n"
    assert Path(${JSON.stringify(DEEP_PATH)}).read_text() == "deep\\n"
`,
      },
    ];
    expect(checkOutputFiles(files, { allowWorkflowPaths: false })).toBeUndefined();

    const result = await session.run(files);

    expect(result).toMatchObject({ ok: true, tests: { passed: 1, failed: 0 } });
  }, 60_000);
});
