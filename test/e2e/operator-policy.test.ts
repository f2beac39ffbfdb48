import { describe, expect, it } from "vitest";
import { testPolicy } from "../helpers/app.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { useRun } from "./harness.ts";
import { PARSER_FILES, PARSER_ONLY_PLAN } from "./python-project.ts";

const docker = await dockerStatus();
const BRANCH = "codegen/issue-1";

/** Files a hostile module wrote in the attack: CI, Git and the app's own config. */
const HOSTILE_FILES = [
  { path: ".github/actions/setup/action.yml", content: "runs:\n  using: node20\n  main: x.js\n" },
  { path: ".github/codegen.yml", content: "sandbox:\n  allowInstallNetwork: true\n" },
  { path: "CODEOWNERS", content: "* @attacker\n" },
  { path: "docs/CODEOWNERS", content: "* @attacker\n" },
  { path: ".gitmodules", content: '[submodule "x"]\n\tpath = x\n\turl = https://evil.example/x\n' },
  { path: ".gitattributes", content: "*.py filter=evil\n" },
];

describe.skipIf(!docker.available)("protected paths by default", () => {
  // `protectedPaths: []` used to switch protection off entirely.
  const { run, receive, opened, commented, modelAnswers, planComment } = useRun({
    repoConfig: "protectedPaths: []\n",
  });

  it("refuses CI, Git and app config files a module writes, and keeps its code", async () => {
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    modelAnswers({ ...PARSER_FILES, files: [...PARSER_FILES.files, ...HOSTILE_FILES] });
    await receive(commented("/start"));

    expect(run.github.file(BRANCH, "expenses/parser.py")).not.toBeNull();
    // As on the default branch: absent, or for the app's config, unchanged.
    for (const { path } of HOSTILE_FILES) {
      expect(run.github.file(BRANCH, path)).toBe(run.github.file("master", path));
    }
    for (const { path } of HOSTILE_FILES) expect(planComment()).toContain(`\`${path}\``);
    expect(run.github.pullRequests()[0]?.body).not.toContain("protected by default");
  });
});

describe.skipIf(!docker.available)("a protected path the operator lets a repository write", () => {
  const { run, receive, opened, commented, modelAnswers } = useRun(
    { repoConfig: 'unprotectedPaths: [".github/actions/**", "CODEOWNERS"]\n' },
    { policy: { ...testPolicy(), repoMayUnprotect: [".github/actions/**"] } },
  );

  it("is written and listed in the pull request; the rest stays protected", async () => {
    mockChat(PARSER_ONLY_PLAN);
    await receive(opened());
    modelAnswers({ ...PARSER_FILES, files: [...PARSER_FILES.files, ...HOSTILE_FILES] });
    await receive(commented("/start"));

    expect(run.github.file(BRANCH, ".github/actions/setup/action.yml")).not.toBeNull();
    expect(run.github.file(BRANCH, "CODEOWNERS")).toBeNull();
    const body = run.github.pullRequests()[0]?.body ?? "";
    expect(body).toContain("protected by default");
    expect(body).toContain("`.github/actions/setup/action.yml`");
    expect(body).not.toContain("`CODEOWNERS`");
  });
});
