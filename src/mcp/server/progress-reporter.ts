import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";

type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Sends `notifications/progress` for a tool call when the client asked for them (a progress
 * token in the request's _meta); otherwise does nothing. Progress only grows, as the spec asks;
 * the total is unknown because a repair round is not known in advance.
 */
export function progressReporter(extra: ToolExtra): (message: string) => void {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return () => {};
  let progress = 0;
  return (message) => {
    progress += 1;
    // A lost progress note must not fail the call it describes.
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken, progress, message },
      })
      .catch(() => {});
  };
}
