import { parseGoTest } from "../../stacks/go/console.ts";
import { parseJunitConsole } from "../../stacks/java/console.ts";
import { parseNodeTest } from "../../stacks/node/console.ts";
import { parsePytest } from "../../stacks/python/console.ts";
import type { TestOutputFormat } from "../../stacks/types.ts";
import type { ParsedOutput } from "./common.ts";

const PARSERS: Readonly<Record<TestOutputFormat, (output: string) => ParsedOutput>> = {
  pytest: parsePytest,
  "node-test": parseNodeTest,
  "junit-console": parseJunitConsole,
  "go-test": parseGoTest,
};

/** Test counts and file/line errors from a phase's combined stdout and stderr. */
export function parseOutput(format: TestOutputFormat, output: string): ParsedOutput {
  return PARSERS[format](output);
}

export type { ParsedOutput };
export { parseGoTest, parseJunitConsole, parseNodeTest, parsePytest };
