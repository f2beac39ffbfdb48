import { z } from "zod";
import type { GitHubClient, RepoRef } from "./types.ts";

const permissionResponse = z.object({
  permission: z.string(),
  role_name: z.string().optional(),
});

const WRITERS = new Set(["admin", "maintain", "write"]);

/**
 * Write access decides who may steer the app. Asked from the collaborator-permission
 * endpoint: `author_association` says how someone relates to the repo, not what they may do.
 */
export async function hasWriteAccess(
  octokit: GitHubClient,
  repo: RepoRef,
  username: string,
): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    const { permission, role_name } = permissionResponse.parse(data);
    return WRITERS.has(role_name ?? permission) || WRITERS.has(permission);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}
