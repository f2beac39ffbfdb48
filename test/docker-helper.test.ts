import { GenericContainer } from "testcontainers";
import { describe, expect, it } from "vitest";
import { dockerStatus } from "./helpers/docker.ts";

const docker = await dockerStatus();

describe.skipIf(!docker.available)("Docker test helper", () => {
  it("runs a real container and executes a command in it", async () => {
    const container = await new GenericContainer("debian:bookworm-slim")
      .withCommand(["sleep", "infinity"])
      .start();
    try {
      const result = await container.exec([
        "sh",
        "-c",
        "echo hello from $(cat /etc/debian_version | cut -d. -f1)",
      ]);
      expect(result.exitCode).toBe(0);
      expect(result.output.trim()).toBe("hello from 12");
    } finally {
      await container.stop({ timeout: 0 });
    }
  });
});
