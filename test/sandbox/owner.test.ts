import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { currentOwner, ownerIsGone } from "../../src/sandbox/owner.ts";

describe("sandbox container owners", () => {
  it("judges this process alive, and the same pid with another start time gone", () => {
    const me = currentOwner();
    expect(me).toMatchObject({ host: hostname(), pid: process.pid });
    expect(ownerIsGone(me)).toBe(false);
    expect(ownerIsGone({ ...me, started: `${me.started}1` })).toBe(true);
  });

  it("judges an exited process gone", async () => {
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid as number;
    await new Promise((resolve) => child.on("exit", resolve));
    expect(ownerIsGone({ host: hostname(), pid, started: "0" })).toBe(true);
  });

  it("leaves owners on other hosts, and containers with no owner labels, to other rules", () => {
    expect(ownerIsGone({ host: `not-${hostname()}`, pid: 999_999_999, started: "1" })).toBe(false);
    expect(ownerIsGone({})).toBe(false);
  });
});
