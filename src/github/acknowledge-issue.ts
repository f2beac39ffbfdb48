import type { Context } from "probot";

export const ACKNOWLEDGEMENT =
  "👋 Thanks! I turn issues into built, tested code. I'm reading your request and will reply here with questions or a plan of modules to generate.";

/** Tells the author the request was seen: 👀 on the issue and a short comment. */
export async function acknowledgeIssue(context: Context<"issues.opened">): Promise<void> {
  await context.octokit.rest.reactions.createForIssue(context.issue({ content: "eyes" }));
  await context.octokit.rest.issues.createComment(context.issue({ body: ACKNOWLEDGEMENT }));
}
