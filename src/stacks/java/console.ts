import {
  lastCount,
  type ParsedOutput,
  parsedError,
  uniqueErrors,
} from "../../sandbox/parsers/common.ts";
import type { ParsedError, TestCounts } from "../../sandbox/types.ts";

/** javac diagnostics and the JUnit Platform console launcher's summary and failure list. */
export function parseJunitConsole(output: string): ParsedOutput {
  return {
    tests: junitCounts(output),
    errors: uniqueErrors([...javacErrors(output), ...junitFailures(output)]),
  };
}

function junitCounts(output: string): TestCounts | null {
  const count = (what: string): number | null =>
    lastCount(output, new RegExp(`^\\[\\s*(\\d+) tests ${what}\\s*\\]$`, "m"));
  const successful = count("successful");
  const failed = count("failed");
  if (successful === null || failed === null) return null;
  return {
    passed: successful,
    failed: failed + (count("aborted") ?? 0),
    skipped: count("skipped") ?? 0,
  };
}

function javacErrors(output: string): ParsedError[] {
  return [...output.matchAll(/^(\S+\.java):(\d+): error: (.*)$/gm)].map((match) =>
    parsedError(match[1] ?? "", match[2], null, match[3] ?? ""),
  );
}

/**
 * Each failure names its class (`MethodSource [className = 'app.calc.CalcTest'`), the exception
 * after `=>`, and a stack whose frame in that class gives the line.
 */
function junitFailures(output: string): ParsedError[] {
  const section = output.split(/^Failures \(\d+\):$/m)[1];
  if (section === undefined) return [];
  const blocks = section.split(/^ {2}(?=\S)/m).slice(1);
  return blocks.flatMap((block) => {
    const title = block.split("\n")[0]?.trim() ?? "";
    const className = /className = '([^']+)'/.exec(block)?.[1];
    const thrown = /=> (.*)$/m.exec(block)?.[1];
    if (className === undefined || thrown === undefined) return [];
    const escaped = className.replace(/[.$]/g, (char) => `\\${char}`);
    const frame = new RegExp(`^\\s*${escaped}\\.[\\w$<>]+\\((\\w+\\.java):(\\d+)\\)`, "m").exec(
      block,
    );
    const outerClass = className.split("$")[0] ?? className;
    const file = `${outerClass.replaceAll(".", "/")}.java`;
    const testName = title.split(":").at(-1) || title;
    return [parsedError(file, frame?.[2], null, `${testName}: ${thrown}`)];
  });
}
