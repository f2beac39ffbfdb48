import { Readable } from "node:stream";
import { extract } from "tar-stream";
import type { ContainerRuntimeClient, StartedTestContainer } from "testcontainers";
import { execWithInput } from "./exec.ts";
import type { ReportFile } from "./reports/index.ts";

/** Reports are small; generated tests could write far more, so only this much is read. */
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/**
 * The files the test phase wrote under `where.dir` (only `where.file` in it, when given), read
 * back as a tar stream from `tar -c` (as install outputs are). Bounded: bigger files are left
 * out and the stream is cut, after which only the complete entries count.
 */
export async function readTestReports(
  client: ContainerRuntimeClient,
  container: StartedTestContainer,
  where: { dir: string; file?: string },
): Promise<ReportFile[]> {
  const packed = await execWithInput(
    client,
    container,
    [
      "sh",
      "-c",
      `cd "$1" 2>/dev/null || exit 0; find . -type f -path "./$2" -size -${MAX_REPORT_BYTES}c -print0 | tar --null -T - -c -f - | head -c ${MAX_REPORT_BYTES}`,
      "read-reports",
      where.dir,
      where.file ?? "*",
    ],
    null,
  );
  return packed.stdout.length === 0 ? [] : unpack(packed.stdout);
}

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
