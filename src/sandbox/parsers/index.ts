import { parseGoTest } from "../../stacks/go/console.ts";
import { parseJunitConsole } from "../../stacks/java/console.ts";
import { parseNodeTest } from "../../stacks/node/console.ts";
import { parsePytest } from "../../stacks/python/console.ts";
import type { ConsoleFormat } from "../../stacks/toolchain.ts";
import type { ParsedOutput } from "./common.ts";

const PARSERS: Readonly<Record<ConsoleFormat, (output: string) => ParsedOutput>> = {
  pytest: parsePytest,
  "node-test": parseNodeTest,
  "junit-console": parseJunitConsole,
  "go-test": parseGoTest,
};

/**
 * Test counts and file/line errors from a phase's combined stdout and stderr; nothing for a
 * stack without a console parser (an external one reads its JUnit report or its exit code).
 */
export function parseOutput(format: ConsoleFormat | undefined, output: string): ParsedOutput {
  if (format === undefined) return { tests: null, errors: [] };
  return PARSERS[format](output);
}

export type { ParsedOutput };
export { parseGoTest, parseJunitConsole, parseNodeTest, parsePytest };
