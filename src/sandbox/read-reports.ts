import { Readable } from "node:stream";
import { extract } from "tar-stream";
import type { ReportFile } from "./reports/index.ts";

/** The files of a report tar (the runner's); a cut stream keeps its complete entries. */
export async function unpack(archive: Buffer): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  const entries = extract();
  Readable.from([archive]).pipe(entries);
  try {
    for await (const entry of entries) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === "file") {
        files.push({
          path: entry.header.name.replace(/^(\.\/)+/, ""),
          content: Buffer.concat(chunks).toString("utf8"),
        });
      }
    }
  } catch {
    // A cut stream ends in a partial entry: keep the complete ones.
  }
  return files;
}
