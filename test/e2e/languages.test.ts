import { describe, expect, it } from "vitest";
import { dockerStatus } from "../helpers/docker.ts";
import { mockChat } from "../helpers/llm.ts";
import { PROJECTS } from "../sandbox/projects.ts";
import { useRun } from "./harness.ts";

const docker = await dockerStatus();

/** Each stack, named the way a plan might name it: routing goes by alias. */
const STACKS = [
  { language: "typescript", project: PROJECTS.node, tests: 2 },
  { language: "golang", project: PROJECTS.go, tests: PROJECTS.go.tests.passed },
  { language: "java", project: PROJECTS.java, tests: PROJECTS.java.tests.passed },
] as const;

describe.skipIf(!docker.available)("every stack, issue to pull request", () => {
  const { run, receive, opened, commented, modelAnswers, lastComment } = useRun();

  for (const { language, project, tests } of STACKS) {
    it(`routes a ${language} module to its server and builds it in its sandbox`, async () => {
      mockChat({
        verdict: {
          kind: "plan",
          summary: "An adder.",
          language,
          modules: [
            {
              name: "calc",
              description: "Adds two numbers",
              language,
              files: project.passing.map((file) => file.path),
              dependsOn: [],
              acceptanceCriteria: ["adds"],
            },
          ],
        },
      });
      await receive(opened());
      const [generation] = modelAnswers({
        steps: ["Write add", "Test it"],
        files: project.passing,
      });
      await receive(commented("/start"));

      // The language's own server wrote the prompt: its conventions reached the model.
      expect(JSON.stringify(generation?.[0]?.messages)).toMatch(
        language === "java" ? /JUnit 5/ : language === "golang" ? /go\.mod/ : /node:test/,
      );
      expect(lastComment()).toMatch(/^🏁 Done: 1 succeeded, 0 failed, 0 skipped, in 1 attempts/);
      expect(run.github.pullRequests()[0]?.body).toContain(
        `| \`calc\` | ✅ succeeded | 1 | ✅ passed | ${tests} passed, 0 failed |`,
      );
    });
  }
});
