import type { SandboxFile } from "../../src/sandbox/index.ts";

/**
 * Projects whose test reports are the fixtures under fixtures/reports/ (written by each
 * profile's test command in its sandbox image). Two modules each: `calc`, an earlier module
 * whose tests pass, and `report`, whose tests fail in the code under test and with messages
 * longer than a console line. Each `calc` has one deliberately skipped test, so the reports'
 * skipped counts are read and asserted (reports.test.ts: `skipped: 1`); it is generated code
 * under test, not a test of ours that is skipped.
 */
export const REPORT_PROJECTS: Readonly<Record<string, readonly SandboxFile[]>> = {
  python: [
    { path: "calc/__init__.py", content: "def add(a, b):\n    return a + b\n" },
    {
      path: "report/__init__.py",
      content:
        'def render(rows):\n    lines = []\n    for row in rows:\n        lines.append(",".join(row))\n    return "\\n".join(lines)\n\n\ndef header(columns):\n    raise ValueError("columns must not be empty: got " + repr(columns) + " while building the header line of the report")\n',
    },
    {
      path: "tests/test_calc.py",
      // One skipped test on purpose: the reports' skipped count is checked from it.
      content:
        'import pytest\n\nfrom calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n@pytest.mark.skip(reason="not yet")\ndef test_later():\n    assert False\n',
    },
    {
      path: "tests/test_report.py",
      content:
        'from report import header, render\n\n\ndef test_header_then_rows():\n    assert header([]) == "a,b"\n\n\ndef test_render_long():\n    assert render([["alpha", "beta", "gamma"], ["delta", "epsilon", "zeta"]]) == "alpha,beta,gamma\\ndelta,epsilon,eta-with-a-long-tail-that-goes-past-eighty-columns"\n\n\ndef test_render_empty():\n    assert render([]) == ""\n',
    },
  ],
  "python-collection": [
    { path: "calc/__init__.py", content: "def add(a, b):\n    return a + b\n" },
    {
      path: "tests/test_calc.py",
      content:
        "from calc import subtract\n\n\ndef test_subtract():\n    assert subtract(3, 1) == 2\n",
    },
  ],
  node: [
    { path: "package.json", content: '{ "name": "app", "type": "module", "version": "1.0.0" }\n' },
    { path: "src/calc/index.js", content: "export function add(a, b) {\n  return a + b;\n}\n" },
    {
      path: "src/report/index.js",
      content:
        'export function header(columns) {\n  if (columns.length === 0) {\n    throw new Error("columns must not be empty: got " + JSON.stringify(columns) + " while building the header line of the report");\n  }\n  return columns.join(",");\n}\n\nexport function render(rows) {\n  return rows.map((row) => row.join(",")).join("\\n");\n}\n',
    },
    {
      path: "test/calc.test.js",
      content:
        'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { add } from "../src/calc/index.js";\n\ntest("adds", () => {\n  assert.equal(add(1, 2), 3);\n});\n\ntest("later", { skip: "not yet" }, () => {});\n',
    },
    {
      path: "test/report.test.js",
      content:
        'import assert from "node:assert/strict";\nimport { describe, it } from "node:test";\nimport { header, render } from "../src/report/index.js";\n\ndescribe("report", () => {\n  it("header then rows", () => {\n    assert.equal(header([]), "a,b");\n  });\n\n  it("renders long rows", () => {\n    assert.equal(\n      render([["alpha", "beta", "gamma"], ["delta", "epsilon", "zeta"]]),\n      "alpha,beta,gamma\\ndelta,epsilon,eta-with-a-long-tail-that-goes-past-eighty-columns",\n    );\n  });\n\n  it("renders nothing", () => {\n    assert.equal(render([]), "");\n  });\n});\n',
    },
  ],
  "node-broken": [
    { path: "package.json", content: '{ "name": "app", "type": "module", "version": "1.0.0" }\n' },
    { path: "src/x.js", content: "export function a() {}\n" },
    {
      path: "test/broken.test.js",
      content:
        'import { test } from "node:test";\nimport { missing } from "../src/nothing.js";\n\ntest("never runs", () => {\n  missing();\n});\n',
    },
    {
      path: "test/export.test.js",
      content:
        'import { test } from "node:test";\nimport { b } from "../src/x.js";\n\ntest("b", () => b());\n',
    },
  ],
  java: [
    {
      path: "src/main/java/app/calc/Calc.java",
      content:
        "package app.calc;\n\npublic class Calc {\n    public static int add(int a, int b) {\n        return a + b;\n    }\n}\n",
    },
    {
      path: "src/main/java/app/report/Report.java",
      content:
        'package app.report;\n\nimport java.util.List;\n\npublic class Report {\n    public static String header(List<String> columns) {\n        if (columns.isEmpty()) {\n            throw new IllegalArgumentException("columns must not be empty: got " + columns + " while building the header line of the report");\n        }\n        return String.join(",", columns);\n    }\n}\n',
    },
    {
      path: "src/test/java/app/calc/CalcTest.java",
      content:
        'package app.calc;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport org.junit.jupiter.api.Disabled;\nimport org.junit.jupiter.api.Test;\n\nclass CalcTest {\n    @Test\n    void adds() {\n        assertEquals(3, Calc.add(1, 2));\n    }\n\n    @Disabled("not yet")\n    @Test\n    void later() {\n    }\n}\n',
    },
    {
      path: "src/test/java/app/report/ReportTest.java",
      content:
        'package app.report;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport java.util.List;\nimport org.junit.jupiter.api.Nested;\nimport org.junit.jupiter.api.Test;\n\nclass ReportTest {\n    @Test\n    void headerThenRows() {\n        assertEquals("a,b", Report.header(List.of()));\n    }\n\n    @Test\n    void joinsColumns() {\n        assertEquals("a,b", Report.header(List.of("a", "b")));\n    }\n\n    @Nested\n    class Long {\n        @Test\n        void keepsTheWholeMessage() {\n            assertEquals("alpha,beta,eta-with-a-long-tail-that-goes-past-eighty-columns", Report.header(List.of("alpha", "beta", "zeta")), "the header of three columns");\n        }\n    }\n}\n',
    },
  ],
  go: [
    {
      path: "calc/calc.go",
      content: "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
    },
    {
      path: "calc/calc_test.go",
      content:
        'package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Error("Add(1, 2) != 3")\n\t}\n}\n\nfunc TestLater(t *testing.T) {\n\tt.Skip("not yet")\n}\n',
    },
    { path: "go.mod", content: "module app\n\ngo 1.19\n" },
    {
      path: "report/report.go",
      content:
        'package report\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nfunc Header(columns []string) string {\n\tif len(columns) == 0 {\n\t\tpanic(fmt.Sprintf("columns must not be empty: got %v while building the header line of the report", columns))\n\t}\n\treturn strings.Join(columns, ",")\n}\n',
    },
    {
      path: "report/report_test.go",
      content:
        'package report\n\nimport "testing"\n\nfunc TestHeaders(t *testing.T) {\n\tfor _, c := range []struct {\n\t\tname    string\n\t\tcolumns []string\n\t\twant    string\n\t}{{"two", []string{"a", "b"}, "a,b"}, {"three", []string{"alpha", "beta", "zeta"}, "alpha,beta,eta-with-a-long-tail-that-goes-past-eighty-columns"}} {\n\t\tt.Run(c.name, func(t *testing.T) {\n\t\t\tif got := Header(c.columns); got != c.want {\n\t\t\t\tt.Errorf("Header(%v) = %q,\\nwant %q", c.columns, got, c.want)\n\t\t\t}\n\t\t})\n\t}\n}\n\nfunc TestHeaderThenRows(t *testing.T) {\n\tif got := Header(nil); got != "a,b" {\n\t\tt.Errorf("Header(nil) = %q", got)\n\t}\n}\n',
    },
  ],
};
