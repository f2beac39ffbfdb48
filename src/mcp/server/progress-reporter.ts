import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Sends `notifications/progress` for a tool call when the client asked for them (a progress
 * token in the request's _meta); otherwise does nothing. Progress only grows, as the spec asks;
 * the total is unknown because a repair round is not known in advance.
 */
export function progressReporter(extra: ToolExtra): (message: string) => Promise<void> {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return async () => {};
  let progress = 0;
  // Awaited by the caller, so every note is sent before the result (the client drops later
  // ones); a lost note must not fail the call it describes.
  return async (message) => {
    progress += 1;
    await extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress, message },
      })
      .catch(() => {});
  };
}
