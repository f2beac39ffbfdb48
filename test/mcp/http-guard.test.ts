import { describe, expect, it } from "vitest";
import { isLoopback, rejectRequest } from "../../src/mcp/server/http-guard.ts";

const LOOPBACK = { loopback: true, token: undefined };
const PUBLIC = { loopback: false, token: "s3cret" };
const AUTH = { authorization: "Bearer s3cret" };

describe("the HTTP server's request checks", () => {
  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"].map(isLoopback)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(["0.0.0.0", "10.0.0.1", "127.0.0.1.evil.example", "::"].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it("on loopback, refuses hostile Origins and Hosts that only look local", () => {
    const hostile = [
      { host: "127.0.0.1:3917", origin: "http://127.0.0.1.evil.example" },
      { host: "127.0.0.1:3917", origin: "null" },
      { host: "127.0.0.1:3917", origin: "file://localhost" },
      { host: "localhost.evil.example:3917" },
      {},
    ];

    expect(hostile.map((headers) => rejectRequest(headers, LOOPBACK)?.status)).toEqual([
      403, 403, 403, 403, 403,
    ]);
    expect(rejectRequest({ host: "localhost:3917", origin: "http://[::1]:6274" }, LOOPBACK)).toBe(
      null,
    );
  });

  it("beyond loopback, lets in only its own Origin, and only with the token", () => {
    const host = "mcp.example.internal:3917";

    expect(rejectRequest({ host, ...AUTH }, PUBLIC)).toBe(null);
    expect(
      rejectRequest({ host, origin: "http://mcp.example.internal:3917", ...AUTH }, PUBLIC),
    ).toBe(null);
    expect(rejectRequest({ host, origin: "http://localhost:3917", ...AUTH }, PUBLIC)?.status).toBe(
      403,
    );
    expect(rejectRequest({ host }, PUBLIC)?.status).toBe(401);
    expect(rejectRequest({ host, authorization: "Bearer s3cret-and-more" }, PUBLIC)?.status).toBe(
      401,
    );
    expect(rejectRequest({ host, authorization: "Basic s3cret" }, PUBLIC)?.status).toBe(401);
  });
});
