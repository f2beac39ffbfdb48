import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

export type Rejection = { status: 401 | 403; message: string };

/**
 * The checks before any MCP message is read. Origin, as the spec requires against DNS
 * rebinding: a browser page's Origin must be this machine when bound to loopback, else this
 * server itself (same host); a request without Origin is not from a browser page. On loopback
 * the Host must be a loopback name too (a rebound name fails here). Then the bearer token.
 */
export function rejectRequest(
  headers: IncomingHttpHeaders,
  binding: { loopback: boolean; token: string | undefined },
): Rejection | null {
  const host = headers.host ?? "";
  if (binding.loopback && !isLoopback(hostnameOf(host))) {
    return { status: 403, message: `Forbidden: Host ${host || "(none)"} is not this machine` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !originAllowed(origin, host, binding.loopback)) {
    return { status: 403, message: `Forbidden: Origin ${origin} may not call this server` };
  }
  if (binding.token !== undefined && !bearerMatches(headers.authorization, binding.token)) {
    return { status: 401, message: "Unauthorized: send Authorization: Bearer <token>" };
  }
  return null;
}

function originAllowed(origin: string, host: string, loopback: boolean): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return loopback ? isLoopback(url.hostname) : url.host === host;
}

function hostnameOf(host: string): string {
  return URL.canParse(`http://${host}`) ? new URL(`http://${host}`).hostname : "";
}

function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer +(.+)$/i.exec(authorization ?? "");
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
