import type { ApplicationFunction } from "probot";
import type { PartReport } from "../preflight/index.ts";
import { healthOf } from "./health.ts";
import type { Metrics } from "./metrics.ts";

/**
 * `/healthz` (the queue answers, and each part the preflight checks) and `/metrics`
 * (Prometheus text). Only a silent queue makes `/healthz` 503: with the sandbox or the LLM
 * down, webhooks are still received and queued, so the instance must stay in rotation.
 */
export function createOpsRoutes(
  metrics: Metrics,
  healthy: () => Promise<boolean>,
  preflight: () => readonly PartReport[] = () => [],
): ApplicationFunction {
  return (_app, { addHandler }) => {
    addHandler(async (request, response) => {
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
    });
  };
}
