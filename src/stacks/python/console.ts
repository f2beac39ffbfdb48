import {
  type ParsedOutput,
  parsedError,
  pythonTracebackErrors,
  uniqueErrors,
} from "../../sandbox/parsers/common.ts";

const SUMMARY_LINE = /^=*\s*(?:\d+ \w+(?:, )?)+.* in [\d.]+s/;

/** pytest `-q -rfE`: the final summary line, `FAILED`/`ERROR` lines and traceback locations. */
export function parsePytest(output: string): ParsedOutput {
  const lines = output.split("\n");
  const summary = lines.findLast((line) => SUMMARY_LINE.test(line) || /no tests ran in/.test(line));
  let tests: ParsedOutput["tests"] = null;
  if (summary !== undefined) {
    const count = (word: RegExp): number => {
      const match = new RegExp(`(\\d+) ${word.source}\\b`).exec(summary);
      return match?.[1] ? Number.parseInt(match[1], 10) : 0;
    };
    tests = {
      passed: count(/passed/) + count(/xpassed/),
      failed: count(/failed/) + count(/errors?/),
      skipped: count(/skipped/) + count(/xfailed/),
    };
  }

  const locations = new Map<string, number>();
  for (const line of lines) {
    const location = /^([\w./-]+\.py):(\d+): \w+/.exec(line);
    if (location?.[1] && location[2]) locations.set(location[1], Number.parseInt(location[2], 10));
  }
  const errors = lines.flatMap((line) => {
    const failed = /^(FAILED|ERROR) ([^\s:]+\.py)(?:::(\S+))?(?: - (.*))?$/.exec(line);
    if (!failed?.[2]) return [];
    const file = failed[2];
    const what = failed[3] ? `${failed[3]}: ` : failed[1] === "ERROR" ? "collection error: " : "";
    return [
      parsedError(file, locations.get(file) ?? null, null, `${what}${failed[4] ?? failed[1]}`),
    ];
  });
  return { tests, errors: uniqueErrors([...pythonTracebackErrors(output), ...errors]) };
}
