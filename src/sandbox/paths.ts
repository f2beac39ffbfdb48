import { SandboxError } from "./errors.ts";

const MAX_PATH_BYTES = 255;

/**
 * The normalised relative path for a module file, or a SandboxError. Callers validate paths
 * already; this is the last line of defence before a path reaches a tar header.
 */
export function checkedRelativePath(path: string): string {
  const reject = (why: string): never => {
    throw new SandboxError("invalid-file", `Refusing file path ${JSON.stringify(path)}: ${why}.`);
  };
  if (path.length === 0) reject("it is empty");
  if (path.includes("\0")) reject("it contains a NUL byte");
  if (path.includes("\\")) reject("use forward slashes");
  if (path.startsWith("/")) reject("it is absolute; paths are relative to the module root");
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) reject("it climbs out of the work dir with '..'");
  if (segments.length === 0) reject("it names the work dir itself");
  const normalised = segments.join("/");
  if (Buffer.byteLength(normalised) > MAX_PATH_BYTES)
    reject(`it is longer than ${MAX_PATH_BYTES} bytes`);
  return normalised;
}
