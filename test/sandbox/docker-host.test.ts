import { afterEach, describe, expect, it } from "vitest";
import { dockerClient } from "../../src/sandbox/docker-client.ts";

describe("the sandbox's Docker client", () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it("refuses a DOCKER_HOST that does not answer instead of falling back to the local socket", async () => {
    process.env.DOCKER_HOST = "unix:///nonexistent.sock";

    await expect(dockerClient()).rejects.toMatchObject({
      name: "SandboxError",
      kind: "docker-unavailable",
      message:
        "The Docker engine is unreachable at DOCKER_HOST=unix:///nonexistent.sock (connect ENOENT /nonexistent.sock). Start it, or point DOCKER_HOST at a running engine; generated code is only built and tested inside containers.",
    });
  });
});
