import { describe, expect, it } from "vitest";
import { joinContinuation } from "../../../src/mcp/answers/continue-answer.ts";
import { outline } from "../../../src/mcp/answers/outline.ts";
import { parseAnswer } from "../../../src/mcp/answers/parse-answer.ts";

describe("parseAnswer", () => {
  it("reads steps, then each file's heading and fenced block", () => {
    const answer = parseAnswer(
      "### STEPS\n- Parse\n2. Test\n\n### FILE: a/b.py\n```python\nx = 1\n```\n\n### FILE: tests/test_b.py\n```\nassert True\n```\n",
    );
    expect(answer).toEqual({
      steps: ["Parse", "Test"],
      summary: "",
      parts: [
        { kind: "file", path: "a/b.py", content: "x = 1\n", line: 4 },
        { kind: "file", path: "tests/test_b.py", content: "assert True\n", line: 9 },
      ],
      problems: [],
      cutAt: null,
    });
  });

  it("closes a block only on the same backtick run, and nests tagged inner blocks", () => {
    const readme = "# Use\n```sh\nnpm test\n```\nDone.\n";
    const longer = parseAnswer(`### FILE: README.md\n\`\`\`\`markdown\n${readme}\`\`\`\`\n`);
    const nested = parseAnswer(`### FILE: README.md\n\`\`\`markdown\n${readme}\`\`\`\n`);
    expect(longer.parts).toEqual([{ kind: "file", path: "README.md", content: readme, line: 0 }]);
    expect(nested.parts).toEqual(longer.parts);
  });

  it("reports a block closed early by an untagged inner fence, but not an outer fence", () => {
    const early = parseAnswer("### FILE: README.md\n```\nRun:\n```\nnpm test\n```\n```\n");
    expect(early.problems).toEqual([
      '"### FILE: README.md" seems to end early: its block closed at line 4, but more fence lines of 3 backticks follow; fence the file with more backticks than any run inside it',
    ]);
    const wrapped = parseAnswer("```markdown\n### FILE: a.py\n```python\nx = 1\n```\n```\n");
    expect(wrapped.problems).toEqual([]);
    expect(wrapped.parts).toEqual([{ kind: "file", path: "a.py", content: "x = 1\n", line: 1 }]);
  });

  it("reads SEARCH/REPLACE blocks under an EDIT heading, fenced or not, and the summary", () => {
    const answer = parseAnswer(
      "### SUMMARY\nThe tax rounded half-even.\n\n### EDIT: `invoices/totals.py`\n```python\n<<<<<<< SEARCH\nROUND_HALF_EVEN\n=======\nROUND_HALF_UP\n>>>>>>> REPLACE\n```\n<<<<<<< SEARCH\na\n=======\n>>>>>>> REPLACE\n",
    );
    expect(answer.summary).toBe("The tax rounded half-even.");
    expect(answer.parts).toEqual([
      {
        kind: "edit",
        path: "invoices/totals.py",
        blocks: [
          { search: "ROUND_HALF_EVEN\n", replace: "ROUND_HALF_UP\n" },
          { search: "a\n", replace: "" },
        ],
        line: 3,
      },
    ]);
  });

  it("reads CRLF answers as LF and takes prose before the first block as the summary", () => {
    const answer = parseAnswer(
      "I fixed it.\r\n\r\n### FILE: a.go\r\n```go\r\npackage a\r\n```\r\n",
    );
    expect(answer.summary).toBe("I fixed it.");
    expect(answer.parts).toEqual([{ kind: "file", path: "a.go", content: "package a\n", line: 2 }]);
  });

  it("says where an answer was cut inside a block", () => {
    expect(parseAnswer("### FILE: a.py\n```\nx = 1\ny =").cutAt).toEqual({ line: 0, path: "a.py" });
    expect(parseAnswer("### EDIT: a.py\n<<<<<<< SEARCH\nx = 1\n=======\nx =").cutAt).toEqual({
      line: 0,
      path: "a.py",
    });
    expect(parseAnswer("### FILE: a.py\n```\nx = 1\n```\n").cutAt).toBeNull();
  });

  it("names shape problems: a FILE line without a block, markers outside an EDIT", () => {
    const answer = parseAnswer(
      "### FILE: a.py\nx = 1\n\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n### EDIT: b.py\nnothing\n",
    );
    expect(answer.problems).toEqual([
      '"### FILE: a.py" is not followed by a fenced block (```)',
      'a SEARCH/REPLACE block at line 4 is not under a "### EDIT: path" line',
      '"### EDIT: b.py" has no complete SEARCH/REPLACE block',
    ]);
  });
});

describe("joinContinuation", () => {
  const cut = "### FILE: a.py\n```\nx = 1\n```\n\n### FILE: b.py\n```\ndef f():\n    ret";

  it("drops the cut block when the continuation starts it again", () => {
    const joined = joinContinuation(
      cut,
      "Continuing:\n### FILE: b.py\n```\ndef f():\n    return 1\n```\n",
    );
    expect(parseAnswer(joined).parts.map((part) => part.path)).toEqual(["a.py", "b.py"]);
    expect(parseAnswer(joined).parts[1]).toMatchObject({ content: "def f():\n    return 1\n" });
  });

  it("joins a continuation that carries on mid-line as it is", () => {
    const joined = joinContinuation(cut, "urn 1\n```\n");
    expect(parseAnswer(joined).parts[1]).toMatchObject({ content: "def f():\n    return 1\n" });
  });
});

describe("outline", () => {
  it("keeps declarations with their line numbers and leaves bodies out", () => {
    const python =
      'import os\n\nLIMIT = 3\n\nclass A:\n    def b(self, x):\n        return x\n\ndef c():\n    """Doc."""\n    return 1\n';
    expect(outline(python)).toBe("3: LIMIT = 3\n5: class A:\n6:     def b(self, x):\n9: def c():");
    const go = 'package a\n\nimport "fmt"\n\nfunc Hello() string { return fmt.Sprint(1) }\n';
    expect(outline(go)).toBe("1: package a\n5: func Hello() string { … }");
  });
});
