import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAN_ANSWER } from "../../e2e/python-project.ts";
import { dockerStatus } from "../../helpers/docker.ts";
import { startBridge } from "../../helpers/http-bridge.ts";
import { LLM_BASE_URL, mockChat } from "../../helpers/llm.ts";
import { mockModelList } from "./cli-process.ts";
import { dirtyRepository, git } from "./git-repo.ts";
import { KEY, terminalCommand } from "./terminal-session.ts";

const docker = await dockerStatus();
const CHECKOUT = fileURLToPath(new URL("../../../", import.meta.url));

/** The command of the README's "Try it locally", split as a shell would: `VAR=value` first. */
function readmeCommand(): { env: Record<string, string>; argv: string[] } {
  const readme = readFileSync(new URL("README.md", `file://${CHECKOUT}`), "utf8");
  const section = readme.slice(readme.indexOf("## Try it locally"));
  const line = /```sh\n(.+)\n```/.exec(section)?.[1] ?? "";
  const words = [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? "");
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [name, value] = (words.shift() ?? "").split(/=(.*)/);
    env[name ?? ""] = value ?? "";
  }
  return { env, argv: words };
}

describe.skipIf(!docker.available)("the README's command", () => {
  let bridge: Awaited<ReturnType<typeof startBridge>>;
  beforeAll(async () => {
    bridge = await startBridge(new URL(LLM_BASE_URL).origin);
  });
  afterAll(() => bridge?.close());

  it("runs as written: the questions are asked at the prompt and the answers reach the analysis", async () => {
    const { env, argv } = readmeCommand();
    expect(argv.slice(0, 3)).toEqual(["node", "bin/codegen.mjs", "run"]);
    const repo = dirtyRepository();
    // The reader's repository is this test's; the endpoint is the faked model.
    const args = argv.map((word) => (word === "~/code/my-project" ? repo : word));
    expect(args).toContain(repo);
    mockModelList();
    mockChat({ verdict: { kind: "clarify", questions: ["Which delimiter does the CSV use?"] } });
    const second = mockChat(PLAN_ANSWER);

    const session = terminalCommand([process.execPath, ...args.slice(1)], {
      cwd: CHECKOUT,
      llmUrl: bridge.url,
      env,
    });
    try {
      await session.waitFor("1. Which delimiter does the CSV use?");
      session.type(`semicolons${KEY.enter}`);
      await session.waitFor("The plan:");
      session.type(KEY.down + KEY.down + KEY.down);
      await session.waitFor("❯ Abort");
      session.type(KEY.enter);
      expect(await session.exited).toBe(1);
    } finally {
      session.kill();
    }

    const shown = JSON.stringify(second[0]?.messages);
    expect(shown).toContain("Which delimiter does the CSV use?");
    expect(shown).toContain("semicolons");
    expect(session.screen()).toContain("Run aborted.");
    expect(git(repo, "branch", "--list", "codegen/*")).toBe("");
  });
});
