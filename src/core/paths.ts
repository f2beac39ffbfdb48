/**
 * The one policy for a generated file's path, checked wherever a path enters or leaves the
 * app: model and MCP output, the plan, commits, the sandbox's archive, check-run annotations.
 *
 * A valid path is relative to the repository (or module) root, in its normal form (forward
 * slashes, no empty, `.` or `..` segments, Unicode NFC), free of control characters, never
 * inside `.git`, and fits every file system a clone lands on: at most 255 bytes per segment
 * (ext4, XFS, btrfs, APFS, NTFS name limits) and 1024 bytes in all. 1024 rather than Linux's
 * 4096-byte PATH_MAX: the path is joined to wherever the repository is checked out (the
 * sandbox's /sandbox/work, a CI runner's deep work dir), and no module needs more.
 */
export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

export type PathCheck = { ok: true } | { ok: false; reason: string };

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether `path` is a valid generated file path; the reason says how to fix it when not. */
export function checkGeneratedPath(path: string): PathCheck {
  const reason = problemWith(path);
  return reason === undefined ? { ok: true } : { ok: false, reason };
}

export function isValidGeneratedPath(path: string): boolean {
  return problemWith(path) === undefined;
}

function problemWith(path: string): string | undefined {
  if (path.length === 0) return "must not be empty";
  if (CONTROL_CHARACTER.test(path)) return "must not contain control characters";
  if (path.includes("\\")) return "use forward slashes, not backslashes";
  if (path.startsWith("/")) return "must be relative to the repository root";
  if (/^[A-Za-z]:/.test(path)) return "must not start with a drive letter";
  const segments = path.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    return "must not contain empty, '.' or '..' segments";
  }
  if (segments.some((segment) => segment.toLowerCase() === ".git")) {
    return "must not write inside .git/ (at any depth; git refuses it)";
  }
  if (path.normalize("NFC") !== path) return "must be in Unicode normal form C (NFC)";
  const long = segments.find((segment) => utf8Bytes(segment) > MAX_SEGMENT_BYTES);
  if (long !== undefined) {
    return `must keep each file or folder name within ${MAX_SEGMENT_BYTES} bytes (UTF-8), the file systems' limit; "${long.slice(0, 24)}…" is ${utf8Bytes(long)} bytes`;
  }
  const bytes = utf8Bytes(path);
  if (bytes > MAX_PATH_BYTES) {
    return `must be at most ${MAX_PATH_BYTES} bytes (UTF-8) in all; it is ${bytes} bytes`;
  }
  return undefined;
}

/** UTF-8 length without Buffer, so the core stays free of Node APIs. */
function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
