import { z } from "zod";
import { MAX_FAILURE_OUTPUT_CHARS, MAX_INPUT_FILE_CHARS, MAX_INPUT_FILES } from "./limits.ts";

/** Shapes shared by the servers (tool inputs and outputs) and the router (validating results). */

export const sourceFileSchema = z.object({
  path: z.string().min(1).describe("Path relative to the repository root, with forward slashes"),
  content: z.string().max(MAX_INPUT_FILE_CHARS).describe("The whole file, UTF-8 text"),
});
export type SourceFile = z.infer<typeof sourceFileSchema>;

export const moduleSpecSchema = z.object({
  name: z.string().trim().min(1).max(100).describe("Module name, e.g. `rate_limiter`"),
  description: z.string().trim().min(1).max(10_000).describe("What the module does"),
  acceptanceCriteria: z
    .array(z.string().trim().min(1))
    .max(50)
    .describe("Statements the module's tests must prove"),
});
export type ModuleSpec = z.infer<typeof moduleSpecSchema>;

export const buildErrorSchema = z.object({
  file: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  message: z.string(),
});

export const failureSchema = z.object({
  phase: z.enum(["install", "build", "test"]).describe("The sandbox phase that failed"),
  output: z
    .string()
    .max(MAX_FAILURE_OUTPUT_CHARS)
    .describe("The tail of the failing phase's output"),
  errors: z.array(buildErrorSchema).max(200).describe("Errors parsed from the output"),
});
export type Failure = z.infer<typeof failureSchema>;

const readOnlyContext = z
  .array(sourceFileSchema)
  .max(MAX_INPUT_FILES)
  .optional()
  .describe(
    "Files of the modules this one depends on: read-only, build on them but never change them",
  );

const allowWorkflowPaths = z
  .boolean()
  .optional()
  .describe("Allow files under .github/workflows/ (off unless the repository config allows it)");

export const generateModuleInput = {
  module: moduleSpecSchema,
  steps: z.array(z.string()).max(100).describe("The plan's steps for this module"),
  files: z
    .array(sourceFileSchema)
    .max(MAX_INPUT_FILES)
    .describe("The module's own files already in the branch"),
  context: readOnlyContext,
  previousFailure: z
    .string()
    .max(MAX_FAILURE_OUTPUT_CHARS)
    .optional()
    .describe("Why the previous attempt at this module produced nothing usable"),
  hint: z.string().max(10_000).optional().describe("A human's hint on what to do"),
  allowWorkflowPaths,
};

export const fixModuleInput = {
  module: moduleSpecSchema,
  files: z.array(sourceFileSchema).max(MAX_INPUT_FILES).describe("The module's current files"),
  context: readOnlyContext,
  failure: failureSchema,
  hint: z.string().max(10_000).optional().describe("A human's hint on what to change"),
  allowWorkflowPaths,
};

const outputFileSchema = z.object({ path: z.string(), content: z.string() });

export const generateModuleOutput = {
  files: z.array(outputFileSchema).describe("The complete module with its tests"),
  steps: z.array(z.string()).describe("The steps the generation followed"),
};

export const fixModuleOutput = {
  files: z.array(outputFileSchema).describe("Changed or new files only"),
  summary: z.string().describe("What the fix changed and why"),
};

export const generateModuleResultSchema = z.object(generateModuleOutput);
export const fixModuleResultSchema = z.object(fixModuleOutput);

/** The stack contract an external server's `toolchain` tool answers with (src/stacks/toolchain.ts). */
export { type Toolchain as SandboxToolchain, toolchainSchema } from "../stacks/toolchain.ts";
