import type { ApplicationFunction } from "probot";
import type { Metrics } from "./metrics.ts";

/** `/healthz` (the process and its queue answer) and `/metrics` (Prometheus text). */
export function createOpsRoutes(
  metrics: Metrics,
  healthy: () => Promise<boolean>,
): ApplicationFunction {
  return (_app, { addHandler }) => {
    addHandler(async (request, response) => {
      const path = (request.url ?? "").split("?")[0];
      if (request.method !== "GET") return false;
      if (path === "/healthz") {
        const ok = await healthy().catch(() => false);
        response.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
        response.end(JSON.stringify({ status: ok ? "ok" : "unavailable" }));
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
