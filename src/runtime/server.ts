import { once } from "node:events";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { pino } from "pino";
import type { Logger } from "probot";
import { Probot, ProbotOctokit, Server } from "probot";
import type { AppConfig } from "../config/env.ts";

export type ServerDeps = { Octokit?: typeof ProbotOctokit; log?: Logger };

/**
 * Builds the HTTP server that receives webhooks for a configured (non-setup) app. Port 0
 * picks a free port (Probot's Server would read 0 as "unset" and take 3000).
 */
export async function createServer(
  config: AppConfig,
  { Octokit = ProbotOctokit, log = pino({ level: config.server.logLevel }) }: ServerDeps = {},
): Promise<Server> {
  const port = config.server.port === 0 ? await freePort(config.server.host) : config.server.port;
  return new Server({
    log,
    host: config.server.host,
    port,
    webhookPath: config.server.webhookPath,
    Probot: Probot.defaults({
      appId: config.appId,
      privateKey: config.privateKey,
      secret: config.webhookSecret,
      log,
      Octokit,
      ...(config.githubBaseUrl ? { baseUrl: config.githubBaseUrl } : {}),
    }),
  });
}

async function freePort(host: string): Promise<number> {
  const probe = createNetServer().listen(0, host);
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
