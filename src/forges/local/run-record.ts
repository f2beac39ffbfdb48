import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { ThreadEntry } from "../../llm/analyze.ts";

/**
 * A local run's request and conversation (the request, the questions asked, the answers),
 * kept beside its state in `.git/codegen/`: what an issue and its comments are on GitHub.
 */
const recordSchema = z.object({
  key: z.string().min(1),
  title: z.string(),
  slug: z.string().min(1),
  startedAt: z.string(),
  thread: z.array(z.object({ author: z.string(), fromApp: z.boolean(), body: z.string() })),
});

export type RunRecord = z.infer<typeof recordSchema>;

export type RunRecords = {
  /** Where the run store and the records live. */
  dir: string;
  /** The unfinished run of this repository, if any. */
  current(): Promise<RunRecord | null>;
  save(record: RunRecord): Promise<void>;
  /** The run finished: the next `codegen run` starts a new one. */
  finish(): Promise<void>;
};

export async function openRunRecords(gitDir: string): Promise<RunRecords> {
  const dir = join(gitDir, "codegen");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "current-run.json");
  return {
    dir,
    async current() {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch {
        return null;
      }
      const parsed = recordSchema.safeParse(safeJson(text));
      return parsed.success ? parsed.data : null;
    },
    async save(record) {
      await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
    },
    finish: () => rm(file, { force: true }),
  };
}

/**
 * A new run's record: the request is the conversation's first entry. The key is the run's
 * own, so a request made again (its branch deleted) starts afresh rather than finding the
 * state of the run before it.
 */
export function newRecord(request: string, slug: string, author: string): RunRecord {
  const title = request.trim().split("\n")[0]?.slice(0, 200) ?? "";
  const thread: ThreadEntry[] = [{ author, fromApp: false, body: request.trim() }];
  const startedAt = new Date();
  const key = `local/${slug}@${startedAt.getTime().toString(36)}`;
  return { key, title, slug, startedAt: startedAt.toISOString(), thread };
}

/** The branch name's last part, from the request: "Build a CLI that…" → build-a-cli-that. */
export function slugOf(request: string): string {
  const words = request
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  let slug = "";
  for (const word of words) {
    if ((slug ? `${slug}-${word}` : word).length > 40) break;
    slug = slug ? `${slug}-${word}` : word;
  }
  return slug || "request";
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** `base`, or `base-2`, `base-3`…: a branch name no run used yet. */
export async function freeSlug(
  repo: { branchExists(branch: string): Promise<boolean> },
  prefix: string,
  base: string,
): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.branchExists(`${prefix}${slug}`))) return slug;
  }
}
