import type { SourceFile } from "../../../src/mcp/schemas.ts";
import { SLUGIFY_FILES } from "../helpers/fixtures.ts";

/**
 * Model answers as models really write them, per stack: clean, messy (prose, CRLF, tags,
 * odd headings), truncated (cut at the length limit) and wrong (refused with one repair
 * request). Each entry scripts the model's replies in order and says what must come of them.
 */
export type CorpusEntry = {
  name: string;
  language: "python" | "node" | "java" | "go";
  kind: "clean" | "messy" | "truncated" | "wrong";
  tool: "generate" | "fix";
  /** The module's files before the answer (fix); SLUGIFY_FILES of the language by default. */
  files?: SourceFile[];
  /** Other modules' files, read-only. */
  context?: SourceFile[];
  replies: { text: string; truncated?: boolean }[];
  /** Each follow-up request (continue or repair) must contain these, in order. */
  followUps?: (string | RegExp)[];
  /** The result: files by path (exact text or a pattern), or the final error. */
  expect: { files: Record<string, string | RegExp>; notes?: RegExp[] } | { error: RegExp };
};

const T = "```";
const CONTEXT: SourceFile[] = [
  { path: "shared/text.py", content: "def words(s):\n    return s.split()\n" },
];
const crlf = (text: string) => text.replace(/\n/g, "\r\n");

const py = SLUGIFY_FILES.python;
const PY_SLUG = py[0]?.content ?? "";
const node = SLUGIFY_FILES.node;
const NODE_SLUG = node[1]?.content ?? "";
const java = SLUGIFY_FILES.java;
const JAVA_SLUG = java[0]?.content ?? "";
const go = SLUGIFY_FILES.go;
const GO_SLUG = go[1]?.content ?? "";

const PY_TEST =
  'from slugify import slugify\n\ndef test_slug():\n    assert slugify("Hello, World!") == "hello-world"\n';

export const CORPUS: CorpusEntry[] = [
  // ---- Python ----
  {
    name: "python generate, clean",
    language: "python",
    kind: "clean",
    tool: "generate",
    replies: [
      {
        text: `### STEPS\n- Write slugify with a regex\n- Test it\n\n### FILE: slugify/__init__.py\n${T}python\n${PY_SLUG}${T}\n\n### FILE: tests/test_slugify.py\n${T}python\n${PY_TEST}${T}\n`,
      },
    ],
    expect: { files: { "slugify/__init__.py": PY_SLUG, "tests/test_slugify.py": PY_TEST } },
  },
  {
    name: "python generate, prose around, bold paths, CRLF",
    language: "python",
    kind: "messy",
    tool: "generate",
    replies: [
      {
        text: crlf(
          `Sure! Here is the module.\n\n### STEPS\n1. Lower-case the title\n2. Join the words\n\n### FILE: **slugify/__init__.py**\n\n${T}py\n${PY_SLUG}${T}\n\nAnd its test:\n\n### FILE: \`tests/test_slugify.py\`\n${T}python\n${PY_TEST}${T}\n\nLet me know if you need anything else!\n`,
        ),
      },
    ],
    expect: { files: { "slugify/__init__.py": PY_SLUG, "tests/test_slugify.py": PY_TEST } },
  },
  {
    name: "python generate, cut at the length limit inside the test, continued from its heading",
    language: "python",
    kind: "truncated",
    tool: "generate",
    replies: [
      {
        text: `### FILE: slugify/__init__.py\n${T}python\n${PY_SLUG}${T}\n\n### FILE: tests/test_slugify.py\n${T}python\nfrom slugify import slugify\n\ndef test_sl`,
        truncated: true,
      },
      { text: `### FILE: tests/test_slugify.py\n${T}python\n${PY_TEST}${T}\n` },
    ],
    followUps: ['Start again at the "### FILE: tests/test_slugify.py"'],
    expect: { files: { "slugify/__init__.py": PY_SLUG, "tests/test_slugify.py": PY_TEST } },
  },
  {
    name: "python generate in the old JSON shape, repaired into blocks",
    language: "python",
    kind: "wrong",
    tool: "generate",
    replies: [
      {
        text: JSON.stringify({
          steps: ["x"],
          files: [{ path: "slugify/__init__.py", content: PY_SLUG }],
        }),
      },
      { text: `### FILE: slugify/__init__.py\n${T}\n${PY_SLUG}${T}\n` },
    ],
    followUps: ["the answer has no files"],
    expect: { files: { "slugify/__init__.py": PY_SLUG } },
  },
  {
    name: "python fix, one edit block",
    language: "python",
    kind: "clean",
    tool: "fix",
    replies: [
      {
        text: `### SUMMARY\nSplit on any non-alphanumeric run.\n\n### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))\n=======\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower().strip()))\n>>>>>>> REPLACE\n`,
      },
    ],
    expect: { files: { "slugify/__init__.py": /title\.lower\(\)\.strip\(\)/ } },
  },
  {
    name: "python fix, SEARCH with the wrong indentation, repaired after seeing the nearest lines",
    language: "python",
    kind: "wrong",
    tool: "fix",
    replies: [
      {
        text: `### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\nreturn "-".join(re.findall(r"[a-z0-9]+", title.lower()))\n=======\nreturn "_".join(re.findall(r"[a-z0-9]+", title.lower()))\n>>>>>>> REPLACE\n`,
      },
      {
        text: `### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))\n=======\n    return "_".join(re.findall(r"[a-z0-9]+", title.lower()))\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: [
      /block 1 of "### EDIT: slugify\/__init__\.py" did not match[\s\S]*nearest lines \(from line 2\)[\s\S]*def slugify/,
    ],
    expect: { files: { "slugify/__init__.py": /"_"\.join/ } },
  },
  {
    name: "python fix, SEARCH lines differing only in trailing spaces",
    language: "python",
    kind: "messy",
    tool: "fix",
    replies: [
      {
        text: `### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\ndef slugify(title: str) -> str:   \n=======\ndef slugify(title: str = "") -> str:\n>>>>>>> REPLACE\n`,
      },
    ],
    expect: { files: { "slugify/__init__.py": /title: str = ""/ } },
  },
  {
    name: "python fix spreading a file's blocks over two EDIT headings, numbered across them",
    language: "python",
    kind: "messy",
    tool: "fix",
    replies: [
      {
        text: `### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\nimport re\n=======\nimport re\nimport unicodedata\n>>>>>>> REPLACE\n\nThen the function:\n\n### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\ndef slugify(title):\n=======\ndef slugify(title: str) -> str:\n>>>>>>> REPLACE\n`,
      },
      { text: "The signature was already right; nothing more to change.\n" },
    ],
    followUps: [
      /^Part of your answer could not be used:\nblock 2 of "### EDIT: slugify\/__init__\.py" did not match/,
    ],
    expect: { files: { "slugify/__init__.py": /import re\nimport unicodedata\n/ } },
  },
  {
    name: "python fix that rewrites a dependency's file, refused then repaired",
    language: "python",
    kind: "wrong",
    tool: "fix",
    context: CONTEXT,
    replies: [
      {
        text: `### FILE: shared/text.py\n${T}\ndef words(s):\n    return s.lower().split()\n${T}\n`,
      },
      {
        text: `### EDIT: slugify/__init__.py\n<<<<<<< SEARCH\nimport re\n=======\nimport re  # words\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: ['"shared/text.py" belongs to another module and is read-only'],
    expect: { files: { "slugify/__init__.py": /import re {2}# words/ } },
  },
  // ---- JavaScript (node) ----
  {
    name: "node generate, clean, with package.json",
    language: "node",
    kind: "clean",
    tool: "generate",
    replies: [
      {
        text: node
          .map(
            (file) =>
              `### FILE: ${file.path}\n${T}${file.path.endsWith(".json") ? "json" : "js"}\n${file.content}${T}`,
          )
          .join("\n\n"),
      },
    ],
    expect: { files: Object.fromEntries(node.map((file) => [file.path, file.content])) },
  },
  {
    name: "node generate, README with its own fences inside a four-backtick block",
    language: "node",
    kind: "clean",
    tool: "generate",
    replies: [
      {
        text: `### FILE: README.md\n\`\`\`\`markdown\n# slugify\n\n${T}sh\nnode --test\n${T}\n\`\`\`\`\n\n### FILE: src/slugify/index.js\n${T}js\n${NODE_SLUG}${T}\n`,
      },
    ],
    expect: {
      files: {
        "README.md": `# slugify\n\n${T}sh\nnode --test\n${T}\n`,
        "src/slugify/index.js": NODE_SLUG,
      },
    },
  },
  {
    name: "node generate, README's tagged inner fence inside a three-backtick block",
    language: "node",
    kind: "messy",
    tool: "generate",
    replies: [
      {
        text: `### FILE: README.md\n${T}markdown\nRun:\n${T}sh\nnode --test\n${T}\n${T}\n\n### FILE: src/slugify/index.js\n${T}javascript\n${NODE_SLUG}${T}\n`,
      },
    ],
    expect: {
      files: {
        "README.md": `Run:\n${T}sh\nnode --test\n${T}\n`,
        "src/slugify/index.js": NODE_SLUG,
      },
    },
  },
  {
    name: "node generate, README's untagged inner fence closing its block early, repaired",
    language: "node",
    kind: "wrong",
    tool: "generate",
    replies: [
      {
        text: `### FILE: src/slugify/index.js\n${T}js\n${NODE_SLUG}${T}\n\n### FILE: README.md\n${T}\nRun:\n${T}\nnode --test\n${T}\n${T}\n`,
      },
      { text: `### FILE: README.md\n\`\`\`\`\nRun:\n${T}\nnode --test\n${T}\n\`\`\`\`\n` },
    ],
    followUps: ['"### FILE: README.md" seems to end early: its block closed at line 9'],
    expect: {
      files: { "src/slugify/index.js": NODE_SLUG, "README.md": `Run:\n${T}\nnode --test\n${T}\n` },
    },
  },
  {
    name: "node generate, cut mid-line and continued mid-line",
    language: "node",
    kind: "truncated",
    tool: "generate",
    replies: [
      {
        text: `### FILE: src/slugify/index.js\n${T}js\n${NODE_SLUG.slice(0, 40)}`,
        truncated: true,
      },
      { text: `${NODE_SLUG.slice(40)}${T}\n` },
    ],
    followUps: ["Your answer stopped at the length limit"],
    expect: { files: { "src/slugify/index.js": NODE_SLUG } },
  },
  {
    name: "node fix, two edits in one file and a new file",
    language: "node",
    kind: "clean",
    tool: "fix",
    replies: [
      {
        text: `### SUMMARY\nTrim, and document.\n\n### EDIT: src/slugify/index.js\n<<<<<<< SEARCH\n${NODE_SLUG}=======\n/** A URL slug. */\n${NODE_SLUG}>>>>>>> REPLACE\n\n<<<<<<< SEARCH\n(title.toLowerCase()\n=======\n(title.trim().toLowerCase()\n>>>>>>> REPLACE\n\n### FILE: NOTES.md\n${T}\nslugs\n${T}\n`,
        // The SEARCH of block 1 is a whole line of the file; block 2 quotes part of a line.
      },
      {
        text: `### EDIT: src/slugify/index.js\n<<<<<<< SEARCH\n/** A URL slug. */\n=======\n/** A URL slug, trimmed. */\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: [/block 2 of "### EDIT: src\/slugify\/index\.js" did not match/],
    expect: {
      files: { "src/slugify/index.js": /\/\*\* A URL slug, trimmed\. \*\//, "NOTES.md": "slugs\n" },
    },
  },
  {
    name: "node fix giving the same file twice: the last one counts, and it is reported",
    language: "node",
    kind: "messy",
    tool: "fix",
    replies: [
      {
        text: `### FILE: src/slugify/index.js\n${T}js\nexport const slugify = () => "first";\n${T}\n\nOn second thought:\n\n### FILE: src/slugify/index.js\n${T}js\nexport const slugify = () => "second";\n${T}\n`,
      },
    ],
    expect: {
      files: { "src/slugify/index.js": 'export const slugify = () => "second";\n' },
      notes: [/gave "src\/slugify\/index\.js" twice; the last one counts/],
    },
  },
  {
    name: "node generate with a path escaping the repository, refused then repaired",
    language: "node",
    kind: "wrong",
    tool: "generate",
    replies: [
      {
        text: `### FILE: ../../etc/passwd\n${T}\nroot::0:0\n${T}\n\n### FILE: src/slugify/index.js\n${T}\n${NODE_SLUG}${T}\n`,
      },
      { text: "Understood, I left that file out; the rest stands.\n" },
    ],
    followUps: [
      /invalid path "\.\.\/\.\.\/etc\/passwd": must not contain empty, '\.' or '\.\.' segments/,
    ],
    expect: { files: { "src/slugify/index.js": NODE_SLUG } },
  },
  {
    name: "node fix editing a file the module does not have, repaired as a whole file",
    language: "node",
    kind: "wrong",
    tool: "fix",
    replies: [
      { text: `### EDIT: src/slug.js\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n` },
      {
        text: `### FILE: src/slug.js\n${T}js\nexport { slugify } from "./slugify/index.js";\n${T}\n`,
      },
    ],
    followUps: [
      'edits a file the module does not have; send a new file whole as "### FILE: src/slug.js"',
    ],
    expect: { files: { "src/slug.js": 'export { slugify } from "./slugify/index.js";\n' } },
  },
  // ---- Java ----
  {
    name: "java generate, clean",
    language: "java",
    kind: "clean",
    tool: "generate",
    replies: [
      {
        text: `### STEPS\n- Write Slugify\n- Test it\n\n${java.map((file) => `### FILE: ${file.path}\n${T}java\n${file.content}${T}`).join("\n\n")}\n`,
      },
    ],
    expect: { files: Object.fromEntries(java.map((file) => [file.path, file.content])) },
  },
  {
    name: "java generate, '## File:' heading, path in backticks, closing remarks",
    language: "java",
    kind: "messy",
    tool: "generate",
    replies: [
      {
        text: `Here's the implementation following the plan.\n\n## File: \`src/main/java/app/slugify/Slugify.java\`\n${T}java\n${JAVA_SLUG}${T}\n\nThis handles punctuation by replacing it with spaces first.\n`,
      },
    ],
    expect: { files: { "src/main/java/app/slugify/Slugify.java": JAVA_SLUG } },
  },
  {
    name: "java fix, edit blocks wrapped in a java fence (Aider style)",
    language: "java",
    kind: "messy",
    tool: "fix",
    replies: [
      {
        text: `The slug kept a lone hyphen.\n\n### EDIT: src/main/java/app/slugify/Slugify.java\n${T}java\n<<<<<<< SEARCH\npublic final class Slugify {\n=======\npublic final class Slugify {\n  private Slugify() {}\n\n>>>>>>> REPLACE\n${T}\n`,
      },
    ],
    expect: { files: { "src/main/java/app/slugify/Slugify.java": /private Slugify\(\) \{\}/ } },
  },
  {
    name: "java fix whose last fence is missing though the answer ended normally",
    language: "java",
    kind: "messy",
    tool: "fix",
    replies: [
      {
        text: `### FILE: src/test/java/app/slugify/SlugifyTest.java\n${T}java\npackage app.slugify;\n\nclass SlugifyTest {}\n\n`,
        truncated: false,
      },
    ],
    expect: {
      files: {
        "src/test/java/app/slugify/SlugifyTest.java":
          "package app.slugify;\n\nclass SlugifyTest {}\n",
      },
    },
  },
  {
    name: "java generate answering in prose twice: no files, refused",
    language: "java",
    kind: "wrong",
    tool: "generate",
    replies: [
      { text: "To implement this I would create a Slugify class with a static method." },
      { text: "public final class Slugify { }" },
    ],
    followUps: ["the answer has no files"],
    expect: { error: /unusable even after one repair request: the answer has no files/ },
  },
  {
    name: "java generate cut three times: given up, then a smaller answer after the repair request",
    language: "java",
    kind: "truncated",
    tool: "generate",
    replies: [
      { text: `### FILE: A.java\n${T}java\nclass A {`, truncated: true },
      { text: "\n  int a;", truncated: true },
      { text: "\n  int b;", truncated: true },
      { text: `### FILE: src/main/java/app/slugify/Slugify.java\n${T}java\n${JAVA_SLUG}${T}\n` },
    ],
    followUps: [
      'Start again at the "### FILE: A.java"',
      'Start again at the "### FILE: A.java"',
      "still stopped at the length limit after 2 continuations",
    ],
    expect: { files: { "src/main/java/app/slugify/Slugify.java": JAVA_SLUG } },
  },
  {
    name: "java fix with a SEARCH that resembles nothing in the file",
    language: "java",
    kind: "wrong",
    tool: "fix",
    replies: [
      {
        text: `### EDIT: src/main/java/app/slugify/Slugify.java\n<<<<<<< SEARCH\n@@@@\n=======\nx\n>>>>>>> REPLACE\n`,
      },
      {
        text: `### EDIT: src/main/java/app/slugify/Slugify.java\n<<<<<<< SEARCH\npackage app.slugify;\n=======\npackage app.slugify;\n\n// slugs\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: [/nothing in it resembles the SEARCH starting "@@@@"/],
    expect: { files: { "src/main/java/app/slugify/Slugify.java": /\/\/ slugs/ } },
  },
  {
    name: "java generate writing a CI workflow, refused then left out",
    language: "java",
    kind: "wrong",
    tool: "generate",
    replies: [
      {
        text: `### FILE: .github/workflows/ci.yml\n${T}yaml\non: push\n${T}\n\n### FILE: src/main/java/app/slugify/Slugify.java\n${T}java\n${JAVA_SLUG}${T}\n`,
      },
      { text: "Removed the workflow.\n" },
    ],
    followUps: ["must not write GitHub Actions workflows (.github/workflows/)"],
    expect: { files: { "src/main/java/app/slugify/Slugify.java": JAVA_SLUG } },
  },
  // ---- Go ----
  {
    name: "go generate, clean, with go.mod",
    language: "go",
    kind: "clean",
    tool: "generate",
    replies: [
      {
        text: `### STEPS\n- go.mod\n- Slugify with FieldsFunc\n- Test\n\n${go.map((file) => `### FILE: ${file.path}\n${T}go\n${file.content}${T}`).join("\n\n")}\n`,
      },
    ],
    expect: { files: Object.fromEntries(go.map((file) => [file.path, file.content])) },
  },
  {
    name: "go generate, CRLF and tabs, numbered steps",
    language: "go",
    kind: "messy",
    tool: "generate",
    replies: [
      {
        text: crlf(
          `### STEPS\n1) Slugify\n\n### FILE: slugify/slugify.go\n${T}go\n${GO_SLUG}${T}\n`,
        ),
      },
    ],
    expect: { files: { "slugify/slugify.go": GO_SLUG } },
  },
  {
    name: "go fix, tab-indented edit",
    language: "go",
    kind: "clean",
    tool: "fix",
    replies: [
      {
        text: `### SUMMARY\nTrim first.\n\n### EDIT: slugify/slugify.go\n<<<<<<< SEARCH\nfunc Slugify(title string) string {\n=======\nfunc Slugify(title string) string {\n\ttitle = strings.TrimSpace(title)\n>>>>>>> REPLACE\n`,
      },
    ],
    expect: {
      files: { "slugify/slugify.go": /\n\ttitle = strings\.TrimSpace\(title\)\n\treturn/ },
    },
  },
  {
    name: "go fix indenting with spaces where the file has tabs, repaired",
    language: "go",
    kind: "wrong",
    tool: "fix",
    files: [{ path: "slugify/slugify_test.go", content: go[2]?.content ?? "" }],
    replies: [
      {
        text: `### EDIT: slugify/slugify_test.go\n<<<<<<< SEARCH\n    t.Fatalf("got %q", got)\n=======\n    t.Fatalf("slug: got %q", got)\n>>>>>>> REPLACE\n`,
      },
      {
        text: `### EDIT: slugify/slugify_test.go\n<<<<<<< SEARCH\n\t\tt.Fatalf("got %q", got)\n=======\n\t\tt.Fatalf("slug: got %q", got)\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: [/nearest lines \(from line \d+\)[\s\S]*\t\tt\.Fatalf\("got %q", got\)/],
    expect: { files: { "slugify/slugify_test.go": /\t\tt\.Fatalf\("slug: got %q", got\)/ } },
  },
  {
    name: "go fix cut inside a REPLACE with no stop reason given, continued",
    language: "go",
    kind: "truncated",
    tool: "fix",
    replies: [
      { text: `### EDIT: go.mod\n<<<<<<< SEARCH\ngo 1.19\n=======\ngo 1.2` },
      { text: `### EDIT: go.mod\n<<<<<<< SEARCH\ngo 1.19\n=======\ngo 1.22\n>>>>>>> REPLACE\n` },
    ],
    followUps: ['Start again at the "### FILE: go.mod" (or "### EDIT: go.mod")'],
    expect: { files: { "go.mod": "module app\n\ngo 1.22\n" } },
  },
  {
    name: "go fix that changes nothing, refused then a real change",
    language: "go",
    kind: "wrong",
    tool: "fix",
    replies: [
      { text: `### EDIT: go.mod\n<<<<<<< SEARCH\ngo 1.19\n=======\ngo 1.19\n>>>>>>> REPLACE\n` },
      { text: `### EDIT: go.mod\n<<<<<<< SEARCH\ngo 1.19\n=======\ngo 1.21\n>>>>>>> REPLACE\n` },
    ],
    followUps: ["no file differs from the current module"],
    expect: { files: { "go.mod": "module app\n\ngo 1.21\n" } },
  },
  {
    name: "go generate with a FILE line but no fenced block, repaired",
    language: "go",
    kind: "wrong",
    tool: "generate",
    replies: [
      {
        text: `### FILE: go.mod\nmodule app\n\ngo 1.22\n\n### FILE: slugify/slugify.go\n${T}go\n${GO_SLUG}${T}\n`,
      },
      { text: `### FILE: go.mod\n${T}\nmodule app\n\ngo 1.22\n${T}\n` },
    ],
    followUps: ['"### FILE: go.mod" is not followed by a fenced block'],
    expect: { files: { "go.mod": "module app\n\ngo 1.22\n", "slugify/slugify.go": GO_SLUG } },
  },
  {
    name: "go fix with an empty SEARCH on a file that has text, repaired",
    language: "go",
    kind: "wrong",
    tool: "fix",
    replies: [
      {
        text: `### EDIT: go.mod\n<<<<<<< SEARCH\n=======\nrequire example.com/x v1.0.0\n>>>>>>> REPLACE\n`,
      },
      {
        text: `### EDIT: go.mod\n<<<<<<< SEARCH\ngo 1.19\n=======\ngo 1.19\n\nrequire example.com/x v1.0.0\n>>>>>>> REPLACE\n`,
      },
    ],
    followUps: ["its SEARCH is empty"],
    expect: { files: { "go.mod": "module app\n\ngo 1.19\n\nrequire example.com/x v1.0.0\n" } },
  },
];
