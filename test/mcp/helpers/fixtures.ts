import type { ModuleSpec, SourceFile } from "../../../src/mcp/schemas.ts";
import type { LanguageId } from "../../../src/stacks/builtin.ts";

export const SLUGIFY: ModuleSpec = {
  name: "slugify",
  description: "Turns a title into a URL slug: lower case, words joined by hyphens.",
  acceptanceCriteria: [
    '"Hello, World!" becomes "hello-world"',
    "an empty title gives an empty slug",
  ],
};

export const PLAN_STEPS = ["Write the slug function", "Test both acceptance criteria"];

/** What a model might write for the slugify module in each stack, tests included. */
export const SLUGIFY_FILES: Record<LanguageId, SourceFile[]> = {
  python: [
    {
      path: "slugify/__init__.py",
      content:
        'import re\n\ndef slugify(title: str) -> str:\n    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))\n',
    },
    {
      path: "tests/test_slugify.py",
      content:
        'from slugify import slugify\n\ndef test_slug():\n    assert slugify("Hello, World!") == "hello-world"\n\ndef test_empty():\n    assert slugify("") == ""\n',
    },
  ],
  node: [
    { path: "package.json", content: '{ "type": "module" }\n' },
    {
      path: "src/slugify/index.js",
      content:
        'export const slugify = (title) => (title.toLowerCase().match(/[a-z0-9]+/g) ?? []).join("-");\n',
    },
    {
      path: "test/slugify.test.js",
      content:
        'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { slugify } from "../src/slugify/index.js";\n\ntest("slug", () => assert.equal(slugify("Hello, World!"), "hello-world"));\ntest("empty", () => assert.equal(slugify(""), ""));\n',
    },
  ],
  java: [
    {
      path: "src/main/java/app/slugify/Slugify.java",
      content:
        'package app.slugify;\n\npublic final class Slugify {\n  public static String slugify(String title) {\n    return String.join("-", title.toLowerCase().replaceAll("[^a-z0-9]+", " ").trim().split("\\\\s+")).replaceAll("^-$", "");\n  }\n}\n',
    },
    {
      path: "src/test/java/app/slugify/SlugifyTest.java",
      content:
        'package app.slugify;\n\nimport static org.junit.jupiter.api.Assertions.assertEquals;\nimport org.junit.jupiter.api.Test;\n\nclass SlugifyTest {\n  @Test void slug() { assertEquals("hello-world", Slugify.slugify("Hello, World!")); }\n}\n',
    },
  ],
  go: [
    { path: "go.mod", content: "module app\n\ngo 1.19\n" },
    {
      path: "slugify/slugify.go",
      content:
        "package slugify\n\nimport \"strings\"\n\nfunc Slugify(title string) string {\n\treturn strings.Join(strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }), \"-\")\n}\n",
    },
    {
      path: "slugify/slugify_test.go",
      content:
        'package slugify\n\nimport "testing"\n\nfunc TestSlug(t *testing.T) {\n\tif got := Slugify("Hello, World!"); got != "hello-world" {\n\t\tt.Fatalf("got %q", got)\n\t}\n}\n',
    },
  ],
};
