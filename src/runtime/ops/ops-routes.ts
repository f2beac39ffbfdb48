import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApplicationFunction } from "probot";
import type { PartReport } from "../../preflight/types.ts";
import { healthOf } from "./health.ts";
import type { Metrics } from "./metrics.ts";

export type OpsDeps = {
  metrics: Metrics;
  /** Whether the queue's database answers. */
  healthy: () => Promise<boolean>;
  preflight?: () => readonly PartReport[];
};

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/**
 * The ops listener's routes (see ops-server.ts, loopback by default): `/healthz` with each
 * part the preflight checks, and `/metrics` (Prometheus text, which names blocked issues by
 * repository). Only a silent queue makes `/healthz` 503: with the sandbox or the LLM down,
 * webhooks are still received and queued, so the instance must stay in rotation.
 */
export function opsHandler({ metrics, healthy, preflight = () => [] }: OpsDeps): Handler {
  return async (request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "GET") return false;
    if (path === "/healthz") {
      const queueAnswers = await healthy().catch(() => false);
      const health = healthOf(queueAnswers, preflight());
      response.writeHead(queueAnswers ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify(health));
      return true;
    }
    if (path === "/metrics") {
      response.writeHead(200, { "content-type": metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}

/**
 * The public port's `/healthz`, for load balancers: the overall status only. Which part is
 * down, and every metric, stay on the ops listener: whoever can reach the webhook port (the
 * internet, in most set-ups) learns nothing about repositories or infrastructure.
 */
export function createPublicHealthRoute({
  healthy,
  preflight = () => [],
}: Omit<OpsDeps, "metrics">): ApplicationFunction {
  return (_app, { addHandler }) => {
    addHandler(async (request, response) => {
      const path = (request.url ?? "").split("?")[0];
      if (request.method !== "GET" || path !== "/healthz") return false;
      const queueAnswers = await healthy().catch(() => false);
      const { status } = healthOf(queueAnswers, preflight());
      response.writeHead(queueAnswers ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify({ status }));
      return true;
    });
  };
}
