import {
  type ParsedOutput,
  parsedError,
  relativeToWorkDir,
  summedCount,
  uniqueErrors,
} from "../../sandbox/parsers/common.ts";
import type { ParsedError, TestCounts } from "../../sandbox/types.ts";

/**
 * Node's test runner (TAP or spec reporter), vitest and jest summaries; tsc, `node --check`
 * and failing-test locations.
 */
export function parseNodeTest(output: string): ParsedOutput {
  return {
    tests: nodeRunnerCounts(output) ?? vitestCounts(output) ?? jestCounts(output),
    errors: uniqueErrors([
      ...tscErrors(output),
      ...syntaxCheckErrors(output),
      ...tapFailures(output),
      ...vitestFailures(output),
      ...jestFailures(output),
    ]),
  };
}

function nodeRunnerCounts(output: string): TestCounts | null {
  // The profile runs each test file on its own: one summary per file.
  const count = (name: string): number | null =>
    summedCount(output, new RegExp(`^(?:#|ℹ) ${name} (\\d+)$`, "m"));
  const pass = count("pass");
  const fail = count("fail");
  if (pass === null || fail === null) return null;
  return {
    passed: pass,
    failed: fail + (count("cancelled") ?? 0),
    skipped: (count("skipped") ?? 0) + (count("todo") ?? 0),
  };
}

function vitestCounts(output: string): TestCounts | null {
  return summaryCounts(/^\s*Tests\s+(.+)\((\d+)\)\s*$/m.exec(output)?.[1]);
}

function jestCounts(output: string): TestCounts | null {
  return summaryCounts(/^Tests:\s+(.+ total)$/m.exec(output)?.[1]);
}

/** "2 failed | 5 passed", "1 skipped, 3 passed, 4 total": the counts a summary line names. */
function summaryCounts(line: string | undefined): TestCounts | null {
  if (line === undefined) return null;
  const count = (word: string): number =>
    Number.parseInt(new RegExp(`(\\d+) ${word}`).exec(line)?.[1] ?? "0", 10);
  return {
    passed: count("passed"),
    failed: count("failed"),
    skipped: count("skipped") + count("todo"),
  };
}

function tscErrors(output: string): ParsedError[] {
  return [...output.matchAll(/^(.+?)\((\d+),(\d+)\): error (TS\d+: .*)$/gm)].map((match) =>
    parsedError(match[1] ?? "", match[2], match[3], match[4] ?? ""),
  );
}

/** `node --check` prints `file:line`, the source line, a caret, then `SyntaxError: …`. */
function syntaxCheckErrors(output: string): ParsedError[] {
  const lines = output.split("\n");
  return lines.flatMap((line, index) => {
    const location = /^(\/\S+\.[cm]?[jt]sx?):(\d+)$/.exec(line);
    if (!location?.[1]) return [];
    const message = lines
      .slice(index + 1, index + 8)
      .find((candidate) => /^\w*Error: /.test(candidate));
    return message ? [parsedError(location[1], location[2], null, message)] : [];
  });
}

const WORK_DIR_FRAME = /\(?(file:\/\/\/sandbox\/work\/[^\s():]+):(\d+):(\d+)\)?/;

function tapFailures(output: string): ParsedError[] {
  const errors: ParsedError[] = [];
  const lines = output.split("\n");
  lines.forEach((line, index) => {
    const failed = /^\s*not ok \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!failed) return;
    const block: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (/^\s*\.\.\.$/.test(next)) break;
      block.push(next);
    }
    const errorStart = block.findIndex((entry) => /^\s*error: /.test(entry));
    const inlineMessage =
      errorStart >= 0
        ? /^\s*error: (?!\|-)['"]?(.*?)['"]?$/.exec(block[errorStart] ?? "")?.[1]
        : undefined;
    const blockMessage =
      errorStart >= 0
        ? block
            .slice(errorStart + 1)
            .map((entry) => entry.trim())
            .find((entry) => entry !== "")
        : undefined;
    const message = `${failed[1]}: ${inlineMessage || blockMessage || "failed"}`;
    const frame = block
      .map((entry) => (/^\s*location: /.test(entry) ? null : WORK_DIR_FRAME.exec(entry)))
      .find((match) => match !== null && !match[1]?.includes("/node_modules/"));
    const location = block
      .map((entry) => /location: '([^']+):(\d+):(\d+)'/.exec(entry))
      .find(Boolean);
    const where = frame ?? location;
    if (where?.[1]) errors.push(parsedError(where[1], where[2], where[3], message));
    else if (!/ # SKIP/.test(line)) errors.push(parsedError("", null, null, message));
  });
  // A file that fails to load shows up as a failed subtest named after the file.
  return errors.filter((error) => error.file !== "" || error.message !== "");
}

function vitestFailures(output: string): ParsedError[] {
  const lines = output.split("\n");
  return lines.flatMap((line, index) => {
    const failed = /^\s*FAIL\s+(\S+) > (.*)$/.exec(line);
    if (!failed?.[1]) return [];
    const following = lines.slice(index + 1, index + 40);
    const message = following.find((entry) => entry.trim() !== "") ?? "failed";
    const location = following
      .map((entry) => /❯ (\S+):(\d+):(\d+)/.exec(entry))
      .find((match) => match !== null);
    return [
      parsedError(
        location?.[1] ?? failed[1],
        location?.[2],
        location?.[3],
        `${failed[2]}: ${message.trim()}`,
      ),
    ];
  });
}

function jestFailures(output: string): ParsedError[] {
  const lines = output.split("\n");
  return lines.flatMap((line, index) => {
    const failed = /^\s*● (.+)$/.exec(line);
    if (!failed?.[1] || /Console$/.test(failed[1])) return [];
    const following = lines.slice(index + 1, index + 60);
    const end = following.findIndex((entry) => /^\s*● /.test(entry));
    const block = end >= 0 ? following.slice(0, end) : following;
    const message = block.find((entry) => entry.trim() !== "") ?? "failed";
    const frame = block
      .map((entry) => /at .*?\(?((?:\/|\w)[^\s():]*\.[cm]?[jt]sx?):(\d+):(\d+)\)?$/.exec(entry))
      .find((match) => match !== null && !match[1]?.includes("node_modules"));
    return [
      parsedError(
        relativeToWorkDir(frame?.[1] ?? ""),
        frame?.[2],
        frame?.[3],
        `${failed[1]}: ${message.trim()}`,
      ),
    ];
  });
}
