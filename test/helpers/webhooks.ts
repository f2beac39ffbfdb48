import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { EmitterWebhookEvent, EmitterWebhookEventName } from "@octokit/webhooks";
import type { WebhookDefinition } from "@octokit/webhooks-examples";

// The package is CommonJS JSON; require keeps its declared type under NodeNext.
const examples: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");

export const INSTALLATION_ID = 4242;

type Payload<E extends EmitterWebhookEventName> = EmitterWebhookEvent<E>["payload"];

/**
 * A real example payload from @octokit/webhooks-examples for `name.action`, deep-copied so a
 * test may change it, with the test installation (GitHub always sends one to an App).
 */
export function webhookPayload<E extends EmitterWebhookEventName & `${string}.${string}`>(
  event: E,
): Payload<E> {
  const [name, action] = event.split(".");
  const group = examples.find((entry) => entry.name === name);
  const example = group?.examples.find(
    (candidate) => "action" in candidate && candidate.action === action,
  );
  if (!example) throw new Error(`no webhook example for ${event}`);
  const payload = structuredClone(example) as Record<string, unknown>;
  payload.installation = {
    id: INSTALLATION_ID,
    node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==",
  };
  return payload as Payload<E>;
}

/** The event as Probot's `receive` takes it. */
export function webhookEvent<E extends EmitterWebhookEventName & `${string}.${string}`>(
  event: E,
  edit: (payload: Payload<E>) => void = () => {},
): { id: string; name: E extends `${infer N}.${string}` ? N : never; payload: Payload<E> } {
  const payload = webhookPayload(event);
  edit(payload);
  const name = event.split(".")[0] as E extends `${infer N}.${string}` ? N : never;
  return { id: randomUUID(), name, payload };
}

export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
