import { z } from "zod";

const languageName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "name the language this server generates, e.g. rust");

const common = {
  language: languageName,
  aliases: z.array(languageName).default([]).describe("Other names that route here, e.g. rs"),
};

/** A configured MCP server for a stack the app has no built-in server for (or to replace one). */
export const externalServerSchema = z.discriminatedUnion("transport", [
  z.object({
    ...common,
    transport: z.literal("stdio"),
    command: z.string().min(1, "the program that starts the server"),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    ...common,
    transport: z.literal("http"),
    url: z.url({ protocol: /^https?$/, error: "expected the server's http(s) MCP endpoint URL" }),
  }),
]);

export const externalServersSchema = z.array(externalServerSchema);

export type ExternalServer = z.output<typeof externalServerSchema>;
export type ExternalServerInput = z.input<typeof externalServerSchema>;

export class ExternalServerConfigError extends Error {
  constructor(problems: readonly string[]) {
    super(`Invalid MCP server configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ExternalServerConfigError";
  }
}

/** Validates the configured server list, naming each bad entry so an operator can fix it. */
export function parseExternalServers(value: unknown): ExternalServer[] {
  const parsed = externalServersSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ExternalServerConfigError(
    parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`),
  );
}
