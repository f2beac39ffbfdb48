import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { connectToServer } from "./connect-to-server.ts";
import { createSamplingHandler, type LlmSettings } from "./sampling-handler.ts";
import type { ServerTarget } from "./server-target.ts";
import { addUsage, noUsage, type TokenUsage } from "./token-usage.ts";

type Connection = {
  client: Client;
  /**
   * The call that holds this connection: its sampling requests add to its tokens and use its
   * model, when it chose one.
   */
  borrower: { usage: TokenUsage | undefined; model: string | undefined };
};

export type PoolOptions = { llm: LlmSettings; timeoutMs: number; allowWorkflowPaths: boolean };

/**
 * Connections per server, each lent to one tool call at a time. Lending is how sampling tokens
 * reach the right module: a connection's sampling requests all belong to its current borrower,
 * while calls for different modules still run in parallel on separate connections.
 */
export function createConnectionPool(options: PoolOptions) {
  const idle = new Map<string, Connection[]>();
  const open = new Set<Connection>();
  let closed = false;

  async function connect(target: ServerTarget): Promise<Connection> {
    const borrower: Connection["borrower"] = { usage: undefined, model: undefined };
    const answerSampling = createSamplingHandler(
      options.llm,
      (usage) => {
        if (borrower.usage) addUsage(borrower.usage, usage);
      },
      () => borrower.model ?? options.llm.model,
    );
    const client = await connectToServer(target, {
      answerSampling,
      timeoutMs: options.timeoutMs,
      allowWorkflowPaths: options.allowWorkflowPaths,
    });
    const connection: Connection = { client, borrower };
    open.add(connection);
    client.onclose = () => forget(connection);
    return connection;
  }

  function forget(connection: Connection): void {
    open.delete(connection);
    for (const list of idle.values()) {
      const index = list.indexOf(connection);
      if (index >= 0) list.splice(index, 1);
    }
  }

  return {
    /**
     * Runs `use` on a connection to the target; a failure inside `use` (timeout, lost
     * transport) closes that connection instead of lending it out again.
     */
    async withConnection<T>(
      target: ServerTarget,
      use: (client: Client) => Promise<T>,
      model?: string,
    ): Promise<{ value: T; usage: TokenUsage } | { error: unknown; usage: TokenUsage }> {
      if (closed) throw new Error("The MCP router is closed.");
      const key = keyOf(target);
      const connection = idle.get(key)?.pop() ?? (await connect(target));
      const usage = noUsage();
      connection.borrower.usage = usage;
      connection.borrower.model = model;
      try {
        const value = await use(connection.client);
        connection.borrower.usage = undefined;
        if (closed) await connection.client.close();
        else idle.set(key, [...(idle.get(key) ?? []), connection]);
        return { value, usage };
      } catch (error) {
        connection.borrower.usage = undefined;
        await connection.client.close().catch(() => {});
        return { error, usage };
      }
    },

    async close(): Promise<void> {
      closed = true;
      const all = [...open];
      idle.clear();
      await Promise.allSettled(all.map((connection) => connection.client.close()));
    },
  };
}

function keyOf(target: ServerTarget): string {
  return target.kind === "builtin"
    ? `builtin:${target.profile.id}`
    : `external:${target.server.language}`;
}
