import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { unpack } from "../../src/sandbox/read-reports.ts";
import { parseTestReport, type ReportFile } from "../../src/sandbox/reports/index.ts";
import { REPORT_PROJECTS } from "./report-projects.ts";

/** The reports each runner wrote for REPORT_PROJECTS in its sandbox image. */
function reports(name: string): ReportFile[] {
  const root = fileURLToPath(new URL(`./fixtures/reports/${name}`, import.meta.url));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  return walk(root).map((path) => ({
    path: relative(root, path),
    content: readFileSync(path, "utf8"),
  }));
}

const context = (name: string) => ({ files: REPORT_PROJECTS[name] ?? [], output: "" });
const HEADER_MESSAGE =
  "columns must not be empty: got [] while building the header line of the report";
const LONG_EXPECTATION = "eta-with-a-long-tail-that-goes-past-eighty-columns";

describe("pytest's JUnit XML report", () => {
  const report = parseTestReport("pytest-junit", reports("python"), context("python"));

  it("counts per test file", () => {
    expect(report?.tests).toEqual({ passed: 2, failed: 2, skipped: 1 });
    expect(report?.byFile).toEqual([
      { file: "tests/test_calc.py", passed: 1, failed: 0, skipped: 1 },
      { file: "tests/test_report.py", passed: 1, failed: 2, skipped: 0 },
    ]);
  });

  it("places a failure on the test's line, not the traceback's last line in the module", () => {
    expect(report?.failures[0]).toEqual({
      file: "tests/test_report.py",
      line: 5,
      column: null,
      test: "test_header_then_rows",
      message: `test_header_then_rows: ValueError: ${HEADER_MESSAGE}`,
    });
  });

  it("keeps the whole message, past pytest's 80-column console cut", () => {
    expect(report?.failures[1]).toMatchObject({ file: "tests/test_report.py", line: 9 });
    expect(report?.failures[1]?.message).toContain(`- delta,epsilon,${LONG_EXPECTATION}`);
  });

  it("reads a collection error from the traceback, not 'collection failure'", () => {
    const collection = parseTestReport(
      "pytest-junit",
      reports("python-collection"),
      context("python-collection"),
    );
    expect(collection?.failures).toEqual([
      {
        file: "tests/test_calc.py",
        line: 1,
        column: null,
        test: "tests.test_calc",
        message:
          "tests.test_calc: ImportError: cannot import name 'subtract' from 'calc' (/sandbox/work/calc/__init__.py)",
      },
    ]);
  });
});

describe("Node's JUnit reports, one per test file", () => {
  const report = parseTestReport("node-junit", reports("node"), context("node"));

  it("names each test's file after its report and counts per file", () => {
    expect(report?.tests).toEqual({ passed: 2, failed: 2, skipped: 1 });
    expect(report?.byFile).toEqual([
      { file: "test/calc.test.js", passed: 1, failed: 0, skipped: 1 },
      { file: "test/report.test.js", passed: 1, failed: 2, skipped: 0 },
    ]);
  });

  it("takes the frame in the test file and the error as thrown, line breaks and all", () => {
    expect(report?.failures).toEqual([
      {
        file: "test/report.test.js",
        line: 7,
        column: null,
        test: "report > header then rows",
        message: `report > header then rows: Error: ${HEADER_MESSAGE}`,
      },
      expect.objectContaining({ file: "test/report.test.js", line: 11 }),
    ]);
    expect(report?.failures[1]?.message).toContain(`\n-   'delta,epsilon,${LONG_EXPECTATION}'`);
  });

  it("reports a test file that fails to load with the reason Node printed on the console", () => {
    const output = readFileSync(
      new URL("./fixtures/reports/node-broken.console.txt", import.meta.url),
      "utf8",
    );
    const broken = parseTestReport("node-junit", reports("node-broken"), {
      ...context("node-broken"),
      output,
    });
    expect(broken?.failures).toEqual([
      {
        file: "test/broken.test.js",
        line: null,
        column: null,
        test: "test/broken.test.js",
        message:
          "test/broken.test.js: Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/sandbox/work/src/nothing.js' imported from /sandbox/work/test/broken.test.js",
      },
      {
        file: "test/export.test.js",
        line: 2,
        column: null,
        test: "test/export.test.js",
        message:
          "test/export.test.js: SyntaxError: The requested module '../src/x.js' does not provide an export named 'b'",
      },
    ]);
  });
});

describe("the JUnit Platform console launcher's XML reports", () => {
  const report = parseTestReport("junit-platform", reports("java"), context("java"));

  it("counts per test class file", () => {
    expect(report?.tests).toEqual({ passed: 2, failed: 2, skipped: 1 });
    expect(report?.byFile).toEqual([
      { file: "app/calc/CalcTest.java", passed: 1, failed: 0, skipped: 1 },
      { file: "app/report/ReportTest.java", passed: 1, failed: 2, skipped: 0 },
    ]);
  });

  it("places failures in the test class (nested ones too) with the exception as printed", () => {
    expect(report?.failures).toEqual([
      {
        file: "app/report/ReportTest.java",
        line: 24,
        column: null,
        test: "ReportTest$Long.keepsTheWholeMessage()",
        message: `ReportTest$Long.keepsTheWholeMessage(): org.opentest4j.AssertionFailedError: the header of three columns ==> expected: <alpha,beta,${LONG_EXPECTATION}> but was: <alpha,beta,zeta>`,
      },
      {
        file: "app/report/ReportTest.java",
        line: 12,
        column: null,
        test: "ReportTest.headerThenRows()",
        message: `ReportTest.headerThenRows(): java.lang.IllegalArgumentException: ${HEADER_MESSAGE}`,
      },
    ]);
  });
});

describe("go test -json", () => {
  const report = parseTestReport("go-test-json", reports("go"), context("go"));

  it("finds each test's file by its declaration and counts subtests, not their parents", () => {
    expect(report?.tests).toEqual({ passed: 2, failed: 2, skipped: 1 });
    expect(report?.byFile).toEqual([
      { file: "calc/calc_test.go", passed: 1, failed: 0, skipped: 1 },
      { file: "report/report_test.go", passed: 1, failed: 2, skipped: 0 },
    ]);
  });

  it("places a logged failure and a panic in the test file, with the whole log", () => {
    expect(report?.failures[0]).toMatchObject({
      file: "report/report_test.go",
      line: 13,
      test: "report.TestHeaders/three",
    });
    expect(report?.failures[0]?.message).toContain(`want "alpha,beta,${LONG_EXPECTATION}"`);
    expect(report?.failures[1]).toMatchObject({
      file: "report/report_test.go",
      line: 20,
      test: "report.TestHeaderThenRows",
    });
    expect(report?.failures[1]?.message).toContain(`panic: ${HEADER_MESSAGE}`);
  });

  it("gives the console text the events carry, for the log", () => {
    expect(report?.console).toContain("--- FAIL: TestHeaderThenRows");
    expect(report?.console).not.toContain('"Action"');
  });
});

describe("reports that cannot be trusted", () => {
  it("bounds a huge message", () => {
    const xml = `<testsuites><testsuite name="pytest"><testcase classname="t" name="test_big" file="tests/test_big.py"><failure message="${"x".repeat(10_000)}">tests/test_big.py:3: AssertionError</failure></testcase></testsuite></testsuites>`;
    const report = parseTestReport("pytest-junit", [{ path: "pytest.xml", content: xml }], {
      files: [],
      output: "",
    });
    const message = report?.failures[0]?.message ?? "";
    expect(message.length).toBeLessThan(4_200);
    expect(message).toMatch(/more characters cut\]$/);
  });

  it("refuses a report that declares entities (a billion-laughs bomb) and falls back", () => {
    const bomb = readFileSync(
      new URL("./fixtures/reports/hostile/entity-bomb.xml", import.meta.url),
      "utf8",
    );
    expect(
      parseTestReport("pytest-junit", [{ path: "pytest.xml", content: bomb }], {
        files: [],
        output: "",
      }),
    ).toBeNull();
  });

  it("falls back on a malformed or missing report, or a format it does not know", () => {
    const broken = [{ path: "pytest.xml", content: "<testsuites><testcase name=" }];
    expect(parseTestReport("pytest-junit", broken, { files: [], output: "" })).toBeNull();
    expect(parseTestReport("junit-platform", [], { files: [], output: "" })).toBeNull();
    expect(
      parseTestReport("go-test-json", [{ path: "go-test.json", content: "FAIL\n" }], {
        files: [],
        output: "",
      }),
    ).toBeNull();
    expect(
      parseTestReport("cargo-json" as "go-test-json", reports("go"), { files: [], output: "" }),
    ).toBeNull();
  });

  it("reads the complete files of a tar stream that was cut at the size cap", async () => {
    const packer = pack();
    packer.entry({ name: "a.xml" }, "<testsuites/>");
    packer.entry({ name: "b.xml" }, "b".repeat(4_096));
    packer.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of packer) chunks.push(chunk as Buffer);
    const archive = Buffer.concat(chunks);
    expect(await unpack(archive)).toEqual([
      { path: "a.xml", content: "<testsuites/>" },
      { path: "b.xml", content: "b".repeat(4_096) },
    ]);
    expect(await unpack(archive.subarray(0, 1_536))).toEqual([
      { path: "a.xml", content: "<testsuites/>" },
    ]);
  });
});
