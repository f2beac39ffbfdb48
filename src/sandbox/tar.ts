import { pack } from "tar-stream";

export type TarEntry =
  | { type: "file"; path: string; content: Buffer; mode?: number }
  | { type: "directory"; path: string; mode?: number };

export type TarOwner = { uid: number; gid: number };

/**
 * An archive in memory, through tar-stream, which writes a PAX header whenever a path is
 * non-ASCII or too long for ustar: the limit is the path policy's (src/core/paths.ts), not
 * the format's. Entries are owned by `owner`, so the sandbox user can rewrite its files.
 */
export async function createTar(entries: readonly TarEntry[], owner: TarOwner): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  const mtime = new Date();
  for (const entry of entries) {
    const header = { name: entry.path, uid: owner.uid, gid: owner.gid, mtime };
    if (entry.type === "file") {
      archive.entry({ ...header, type: "file", mode: entry.mode ?? 0o644 }, entry.content);
    } else {
      archive.entry({ ...header, type: "directory", mode: entry.mode ?? 0o755 });
    }
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
