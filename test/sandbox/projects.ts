import type { SandboxFile } from "../../src/sandbox/index.ts";
import type { LanguageId } from "../../src/stacks/types.ts";

/** Small "generated" modules per language: one that passes, one that does not compile, one whose test fails. */
export type LanguageProjects = {
  passing: SandboxFile[];
  compileError: { files: SandboxFile[]; file: string; line: number };
  failingTest: { files: SandboxFile[]; file: string; line: number };
  tests: { passed: number; failed: number; skipped: number };
};

const python: LanguageProjects = {
  passing: [
    { path: "calc/__init__.py", content: "def add(a, b):\n    return a + b\n" },
    {
      path: "tests/test_calc.py",
      content:
        "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_add_negative():\n    assert add(-1, -2) == -3\n",
    },
  ],
  compileError: {
    files: [
      { path: "calc/__init__.py", content: "def add(a, b)\n    return a + b\n" },
      {
        path: "tests/test_calc.py",
        content: "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n",
      },
    ],
    file: "calc/__init__.py",
    line: 1,
  },
  failingTest: {
    files: [
      { path: "calc/__init__.py", content: "def add(a, b):\n    return a - b\n" },
      {
        path: "tests/test_calc.py",
        content:
          "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_zero():\n    assert add(0, 0) == 0\n",
      },
    ],
    file: "tests/test_calc.py",
    line: 5,
  },
  tests: { passed: 2, failed: 0, skipped: 0 },
};

const nodePackage = {
  path: "package.json",
  content: '{ "name": "app", "type": "module", "version": "1.0.0" }\n',
};
const nodeTest = (expected: number) =>
  `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { add } from "../src/calc/index.js";\n\ntest("adds", () => {\n  assert.equal(add(1, 2), ${expected});\n});\n\ntest("adds zero", () => {\n  assert.equal(add(0, 0), 0);\n});\n`;

const node: LanguageProjects = {
  passing: [
    nodePackage,
    { path: "src/calc/index.js", content: "export function add(a, b) {\n  return a + b;\n}\n" },
    { path: "test/calc.test.js", content: nodeTest(3) },
  ],
  compileError: {
    files: [
      nodePackage,
      { path: "src/calc/index.js", content: "export function add(a, b) {\n  return a +;\n}\n" },
      { path: "test/calc.test.js", content: nodeTest(3) },
    ],
    file: "src/calc/index.js",
    line: 2,
  },
  failingTest: {
    files: [
      nodePackage,
      { path: "src/calc/index.js", content: "export function add(a, b) {\n  return a + b;\n}\n" },
      { path: "test/calc.test.js", content: nodeTest(4) },
    ],
    file: "test/calc.test.js",
    line: 6,
  },
  tests: { passed: 2, failed: 0, skipped: 0 },
};

const javaTest = (expected: number) =>
  `package app.calc;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n\nimport org.junit.jupiter.api.Test;\n\nclass CalcTest {\n    @Test\n    void adds() {\n        assertEquals(${expected}, Calc.add(1, 2));\n    }\n\n    @Test\n    void addsZero() {\n        assertEquals(0, Calc.add(0, 0));\n    }\n}\n`;
const javaMain = (body: string) =>
  `package app.calc;\n\npublic class Calc {\n    public static int add(int a, int b) {\n        ${body}\n    }\n}\n`;

const java: LanguageProjects = {
  passing: [
    { path: "src/main/java/app/calc/Calc.java", content: javaMain("return a + b;") },
    { path: "src/test/java/app/calc/CalcTest.java", content: javaTest(3) },
  ],
  compileError: {
    files: [
      { path: "src/main/java/app/calc/Calc.java", content: javaMain("return a + b") },
      { path: "src/test/java/app/calc/CalcTest.java", content: javaTest(3) },
    ],
    file: "src/main/java/app/calc/Calc.java",
    line: 5,
  },
  failingTest: {
    files: [
      { path: "src/main/java/app/calc/Calc.java", content: javaMain("return a + b;") },
      { path: "src/test/java/app/calc/CalcTest.java", content: javaTest(4) },
    ],
    file: "src/test/java/app/calc/CalcTest.java",
    line: 10,
  },
  tests: { passed: 2, failed: 0, skipped: 0 },
};

const goMod = { path: "go.mod", content: "module app\n\ngo 1.19\n" };
const goTest = (expected: number) =>
  `package calc\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif got := Add(1, 2); got != ${expected} {\n\t\tt.Errorf("Add(1, 2) = %d, want ${expected}", got)\n\t}\n}\n\nfunc TestAddZero(t *testing.T) {\n\tif Add(0, 0) != 0 {\n\t\tt.Error("Add(0, 0) != 0")\n\t}\n}\n`;

const go: LanguageProjects = {
  passing: [
    goMod,
    {
      path: "calc/calc.go",
      content: "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
    },
    { path: "calc/calc_test.go", content: goTest(3) },
  ],
  compileError: {
    files: [
      goMod,
      {
        path: "calc/calc.go",
        content: "package calc\n\nfunc Add(a, b int) int {\n\treturn a + c\n}\n",
      },
      { path: "calc/calc_test.go", content: goTest(3) },
    ],
    file: "calc/calc.go",
    line: 4,
  },
  failingTest: {
    files: [
      goMod,
      {
        path: "calc/calc.go",
        content: "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
      },
      { path: "calc/calc_test.go", content: goTest(4) },
    ],
    file: "calc/calc_test.go",
    line: 7,
  },
  tests: { passed: 2, failed: 0, skipped: 0 },
};

export const PROJECTS: Readonly<Record<LanguageId, LanguageProjects>> = { python, node, java, go };
