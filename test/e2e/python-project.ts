import { moduleAnswer } from "../helpers/llm.ts";

/** A two-module Python request and the files a model would write for it, attempt by attempt. */

export const REQUEST =
  "Build a Python library that reads a CSV of expenses (category,amount) and totals them per category. Rows without an amount are errors; totals are rounded to cents.";

export const PLAN_ANSWER = {
  verdict: {
    kind: "plan",
    summary: "A Python library that parses expense CSVs and totals them per category.",
    language: "python",
    modules: [
      {
        name: "parser",
        description: "Reads the CSV into (category, amount) pairs",
        language: "python",
        files: ["expenses/__init__.py", "expenses/parser.py", "tests/test_parser.py"],
        dependsOn: [],
        acceptanceCriteria: ["rejects rows without an amount"],
      },
      {
        name: "report",
        description: "Totals the amounts per category",
        language: "python",
        files: ["expenses/report.py", "tests/test_report.py"],
        dependsOn: ["parser"],
        acceptanceCriteria: ["totals are rounded to cents"],
      },
    ],
  },
};

export const PARSER_FILES = {
  steps: ["Parse rows with csv.DictReader", "Reject rows without an amount", "Test both"],
  files: [
    { path: "expenses/__init__.py", content: "" },
    {
      path: "expenses/parser.py",
      content: `import csv
import io


def parse(text):
    """Reads CSV text with columns category,amount into (category, amount) pairs."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        if not row.get("amount"):
            raise ValueError(f"row without an amount: {row}")
        rows.append((row["category"], float(row["amount"])))
    return rows
`,
    },
    {
      path: "tests/test_parser.py",
      content: `import pytest

from expenses.parser import parse


def test_parses_rows():
    assert parse("category,amount\\nfood,2.5\\nrent,100\\n") == [("food", 2.5), ("rent", 100.0)]


def test_rejects_rows_without_an_amount():
    with pytest.raises(ValueError):
        parse("category,amount\\nfood,\\n")
`,
    },
  ],
};

const report = (total: string) => `from expenses.parser import parse


def totals(text):
    result = {}
    for category, amount in parse(text):
        result[category] = result.get(category, 0) + amount
    return {category: ${total} for category, value in result.items()}
`;

/** Attempt 1: no rounding, so 1.10 + 2.20 != 3.30 and the test fails. */
export const REPORT_FILES = {
  steps: ["Sum amounts per category", "Test the totals"],
  files: [
    { path: "expenses/report.py", content: report("value") },
    {
      path: "tests/test_report.py",
      content: `from expenses.report import totals


def test_totals_per_category_are_rounded_to_cents():
    assert totals("category,amount\\nfood,1.10\\nfood,2.20\\nrent,100\\n") == {"food": 3.30, "rent": 100.0}
`,
    },
  ],
};

/** Attempt 2, as an edit block: truncates instead of rounding; still failing. */
export const REPORT_FIX_WRONG = {
  summary: "Convert totals to whole numbers",
  edits: [
    {
      path: "expenses/report.py",
      search: "    return {category: value for category, value in result.items()}",
      replace: "    return {category: int(value) for category, value in result.items()}",
    },
  ],
};

/** Attempt 3, the whole file again: rounds to cents; passes. */
export const REPORT_FIX_RIGHT = {
  summary: "Round totals to cents",
  files: [{ path: "expenses/report.py", content: report("round(value, 2)") }],
};

/** A structured answer (the plan) as the model writes it: JSON in a ```json fence. */
export const fencedJson = (value: unknown): string =>
  `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;

/** A scripted model answer: a module's files or fix as file and edit blocks, a plan as JSON. */
export const modelReply = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "object" && value !== null && ("files" in value || "edits" in value)
      ? moduleAnswer(value as Parameters<typeof moduleAnswer>[0])
      : fencedJson(value);

/** Two independent modules, for runs where modules fail and humans step in. */
export const TEXT_PLAN = {
  verdict: {
    kind: "plan",
    summary: "Small text utilities.",
    language: "python",
    modules: [
      {
        name: "wordcount",
        description: "Counts the words in a text",
        language: "python",
        files: ["textstats/__init__.py", "textstats/wordcount.py", "tests/test_wordcount.py"],
        dependsOn: [],
        acceptanceCriteria: ["runs of spaces count as one separator"],
      },
      {
        name: "slug",
        description: "Turns a title into a URL slug",
        language: "python",
        files: ["textstats/slug.py", "tests/test_slug.py"],
        dependsOn: [],
        acceptanceCriteria: ["words are joined with hyphens"],
      },
    ],
  },
};

/** A wordcount that splits on commas: its test fails however often it is "fixed" this way. */
export function wordcountAttempt(attempt: number) {
  const files = [
    {
      path: "textstats/wordcount.py",
      content: `# attempt ${attempt}\n\n\ndef count(text):\n    return len(text.split(","))\n`,
    },
  ];
  if (attempt > 1) return { summary: `Attempt ${attempt}: split differently`, files };
  return {
    steps: ["Split the text", "Test it"],
    files: [
      { path: "textstats/__init__.py", content: "" },
      ...files,
      {
        path: "tests/test_wordcount.py",
        content: `from textstats.wordcount import count\n\n\ndef test_runs_of_spaces_are_one_separator():\n    assert count("a b  c") == 3\n`,
      },
    ],
  };
}

/** A slugify that forgets the hyphens until a human's hint says so. */
export function slugAttempt(attempt: number, right = false) {
  const body = right ? '"-".join(title.lower().split())' : "title.lower()";
  const files = [
    {
      path: "textstats/slug.py",
      content: `# attempt ${attempt}\n\n\ndef slugify(title):\n    return ${body}\n`,
    },
  ];
  if (attempt > 1)
    return { summary: right ? "Join words with hyphens" : `Attempt ${attempt}`, files };
  return {
    steps: ["Lower-case the title", "Test it"],
    files: [
      { path: "textstats/__init__.py", content: "" },
      ...files,
      {
        path: "tests/test_slug.py",
        content: `from textstats.slug import slugify\n\n\ndef test_words_are_joined_with_hyphens():\n    assert slugify("Hello World") == "hello-world"\n`,
      },
    ],
  };
}

/** The expense plan with only its first module, for runs that need one passing module. */
export const PARSER_ONLY_PLAN = {
  verdict: { ...PLAN_ANSWER.verdict, modules: PLAN_ANSWER.verdict.modules.slice(0, 1) },
};

/** A still-wrong fix of the report that differs per attempt, so each attempt commits. */
export function reportFixWrong(attempt: number) {
  return {
    summary: `Attempt ${attempt}`,
    files: [
      { path: "expenses/report.py", content: `# attempt ${attempt}\n${report("int(value)")}` },
    ],
  };
}

/** A plan of `count` independent Python modules, each passing on its first attempt. */
export function passingPlan(count: number) {
  const names = Array.from({ length: count }, (_, index) => `unit${index + 1}`);
  const plan = {
    verdict: {
      kind: "plan",
      summary: `${count} small units.`,
      language: "python",
      modules: names.map((name) => ({
        name,
        description: `Returns the name ${name}`,
        language: "python",
        files: [`${name}/__init__.py`, `tests/test_${name}.py`],
        dependsOn: [],
        acceptanceCriteria: [`returns "${name}"`],
      })),
    },
  };
  const answers = names.map((name) => ({
    steps: ["Return the name", "Test it"],
    files: [
      { path: `${name}/__init__.py`, content: `def name():\n    return "${name}"\n` },
      {
        path: `tests/test_${name}.py`,
        content: `from ${name} import name\n\n\ndef test_name():\n    assert name() == "${name}"\n`,
      },
    ],
  }));
  return { plan, answers };
}
