import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDockerSandbox, type Sandbox, type SandboxSession } from "../../src/sandbox/index.ts";
import { toolchainSchema } from "../../src/stacks/toolchain.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { BASH_FILES, BASH_FILES_BROKEN, BASH_FILES_FAILING, BASH_TOOLCHAIN } from "./bash-stack.ts";

const docker = await dockerStatus();

/**
 * A stack described only by the contract: its Dockerfile as text (built on the engine, by
 * content hash), its commands, and a JUnit report at a path in the work dir.
 */
describe.skipIf(!docker.available)("an external stack in the sandbox (Bash with bats)", () => {
  const toolchain = toolchainSchema.parse(BASH_TOOLCHAIN);
  let sandbox: Sandbox;
  let session: SandboxSession;

  beforeAll(async () => {
    sandbox = createDockerSandbox();
    session = await sandbox.openSession({
      toolchain,
      labels: { run: "test-bash", module: "calc" },
    });
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it("builds and tests a passing module, its counts read from the JUnit report", async () => {
    const result = await session.run(BASH_FILES);

    expect(result).toMatchObject({
      ok: true,
      failure: null,
      tests: { passed: 3, failed: 0, skipped: 0 },
      testsFrom: "report",
      testsByFile: [{ file: "test/calc.bats", passed: 3, failed: 0, skipped: 0 }],
    });
    expect(result.phases.map((phase) => [phase.phase, phase.status])).toEqual([
      ["install", "skipped"],
      ["build", "passed"],
      ["test", "passed"],
    ]);
  }, 120_000);

  it("names the failing test with its file and line, from the report", async () => {
    const result = await session.run(BASH_FILES_FAILING);

    expect(result).toMatchObject({
      ok: false,
      failure: "test",
      tests: { passed: 2, failed: 1, skipped: 0 },
      testsFrom: "report",
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: "test/calc.bats",
        line: 20,
        test: "multiply multiplies two numbers",
        message: expect.stringContaining('[ "$output" = "42" ]'),
      }),
    ]);
  }, 120_000);

  it("never counts the last attempt's report: a build failure leaves no tests", async () => {
    const result = await session.run(BASH_FILES_BROKEN);

    expect(result).toMatchObject({ ok: false, failure: "build", tests: null, testsFrom: null });
    expect(result.phases.find((phase) => phase.phase === "test")?.status).toBe("skipped");
  }, 120_000);

  it("removes a stale report before the tests: one in the module's files does not count", async () => {
    const noReport = await sandbox.openSession({
      toolchain: { ...toolchain, test: "bats --formatter tap test" },
      labels: { run: "test-bash", module: "no-report" },
    });
    const result = await noReport.run([
      ...BASH_FILES,
      { path: "test-reports/report.xml", content: "<testsuites><testsuite/></testsuites>" },
    ]);
    await noReport.close();

    expect(result).toMatchObject({ ok: true, tests: null, testsFrom: null });
  }, 120_000);

  it("judges an exit-code stack by the test command's status alone", async () => {
    const exitCode = await sandbox.openSession({
      toolchain: { ...toolchain, testReport: { format: "exit-code" } },
      labels: { run: "test-bash", module: "exit-code" },
    });
    const passing = await exitCode.run(BASH_FILES);
    const failing = await exitCode.run(BASH_FILES_FAILING);
    await exitCode.close();

    expect(passing).toMatchObject({ ok: true, tests: null, testsFrom: null });
    expect(failing).toMatchObject({ ok: false, failure: "test", tests: null, errors: [] });
  }, 120_000);

  it("never rebuilds an unchanged Dockerfile: the image is tagged by its hash", async () => {
    const again: string[] = [];
    const fresh = createDockerSandbox({ log: (message) => again.push(message) });
    const reopened = await fresh.openSession({
      toolchain,
      labels: { run: "test-bash", module: "again" },
    });
    const result = await reopened.run(BASH_FILES);
    await fresh.close();

    expect(result.ok).toBe(true);
    expect(again.filter((line) => line.startsWith("building sandbox image"))).toEqual([]);
  }, 120_000);
});
