import { pino } from "pino";
import type { Logger } from "probot";
import { Probot, ProbotOctokit, Server } from "probot";
import type { AppConfig } from "./config/env.ts";

export type ServerDeps = { Octokit?: typeof ProbotOctokit; log?: Logger };

/** Builds the HTTP server that receives webhooks for a configured (non-setup) app. */
export function createServer(
  config: AppConfig,
  { Octokit = ProbotOctokit, log = pino({ level: config.server.logLevel }) }: ServerDeps = {},
): Server {
  return new Server({
    log,
    host: config.server.host,
    port: config.server.port,
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
