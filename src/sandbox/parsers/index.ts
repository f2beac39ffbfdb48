import type { TestOutputFormat } from "../../languages/types.ts";
import type { ParsedOutput } from "./common.ts";
import { parseGoTest } from "./go-test.ts";
import { parseJunitConsole } from "./junit-console.ts";
import { parseNodeTest } from "./node-test.ts";
import { parsePytest } from "./pytest.ts";

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
