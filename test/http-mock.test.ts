import { describe, expect, it } from "vitest";
import { github, verifyHttpMock } from "./helpers/http-mock.ts";

describe("the HTTP mock guard", () => {
  it("fails on a mock that was never used", () => {
    github().get("/rate_limit").reply(200, {});
    expect(() => verifyHttpMock()).toThrow(
      /mock never used: GET https:\/\/api\.github\.com:443\/rate_limit/,
    );
  });

  it("fails on a request nobody mocked, and blocks it from the network", async () => {
    await expect(fetch("https://api.github.com/zen")).rejects.toThrow();
    expect(() => verifyHttpMock()).toThrow(
      /request with no mock: GET https:\/\/api\.github\.com\/zen/,
    );
  });
});
