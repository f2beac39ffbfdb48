import { afterEach, describe, expect, it } from "vitest";
import { checkSandbox } from "../../src/preflight/sandbox-check.ts";
import { PROFILES } from "../../src/stacks/builtin.ts";
import { dockerStatus } from "../helpers/docker.ts";
import { closedPort } from "./closed-port.ts";

const docker = await dockerStatus();
const FIX =
  "start the Docker engine (`. scripts/provision.sh` installs and starts one on Debian), or point DOCKER_HOST at a running engine";

describe("the sandbox preflight check", () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it("names DOCKER_HOST when it points at a socket nobody listens on", async () => {
    process.env.DOCKER_HOST = "unix:///nonexistent.sock";

    expect(await checkSandbox()).toEqual({
      part: "sandbox",
      ok: false,
      summary: "the sandbox's Docker engine is unreachable",
      detail:
        "the Docker engine at unix:///nonexistent.sock does not answer (connect ENOENT /nonexistent.sock)",
      setting: "DOCKER_HOST",
      fix: FIX,
    });
  });

  it("names DOCKER_HOST when it points at a closed TCP port", async () => {
    const host = `tcp://127.0.0.1:${await closedPort()}`;
    process.env.DOCKER_HOST = host;

    expect(await checkSandbox()).toEqual({
      part: "sandbox",
      ok: false,
      summary: "the sandbox's Docker engine is unreachable",
      detail: `the Docker engine at ${host} does not answer (connect ECONNREFUSED ${host.slice(6)})`,
      setting: "DOCKER_HOST",
      fix: FIX,
    });
  });

  describe.skipIf(!docker.available)("with a Docker engine", () => {
    it("passes when the engine answers and the images are built", async () => {
      const report = await checkSandbox();

      expect(report).toEqual({
        part: "sandbox",
        ok: true,
        detail: expect.stringMatching(
          /^Docker \S+ answers (on the local socket|at \S+); all 4 sandbox images are built$/,
        ),
      });
    });

    it("fails when an image is missing and its base image can be neither found nor pulled", async () => {
      const toolchain = {
        ...PROFILES.python.toolchain,
        baseImage: "127.0.0.1:1/issue-codegen-test/absent:never",
      };

      const report = await checkSandbox([toolchain]);

      expect(report).toEqual({
        part: "sandbox",
        ok: false,
        summary: "the sandbox images cannot be built",
        detail: expect.stringMatching(
          /^the python sandbox image is not built and its base image 127\.0\.0\.1:1\/issue-codegen-test\/absent:never is not on the Docker engine (on the local socket|at \S+), nor can it be pulled \(.+\)$/,
        ),
        setting: "DOCKER_HOST",
        fix: "let the engine reach its registry, or load the image there (`docker pull 127.0.0.1:1/issue-codegen-test/absent:never`)",
      });
    });
  });
});
