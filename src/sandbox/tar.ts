import { Readable } from "node:stream";

export type TarEntry =
  | { type: "file"; path: string; content: Buffer; mode?: number }
  | { type: "directory"; path: string; mode?: number };

export type TarOwner = { uid: number; gid: number };

const BLOCK = 512;

/**
 * A ustar archive in memory. Docker's put-archive is the only way to copy into a running
 * container, and we need entries owned by the sandbox user so it can rewrite them.
 * Paths must be relative and at most 255 bytes (see checkedRelativePath).
 */
export function createTar(entries: readonly TarEntry[], owner: TarOwner): Buffer {
  const blocks: Buffer[] = [];
  const mtime = Math.floor(Date.now() / 1000);
  for (const entry of entries) {
    const size = entry.type === "file" ? entry.content.length : 0;
    const mode = entry.mode ?? (entry.type === "file" ? 0o644 : 0o755);
    blocks.push(
      header(
        entry.type === "file" ? entry.path : `${entry.path}/`,
        entry.type,
        size,
        mode,
        mtime,
        owner,
      ),
    );
    if (entry.type === "file") {
      blocks.push(entry.content);
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding > 0) blocks.push(Buffer.alloc(padding));
    }
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

export function tarStream(archive: Buffer): Readable {
  return Readable.from([archive]);
}

function header(
  path: string,
  type: TarEntry["type"],
  size: number,
  mode: number,
  mtime: number,
  owner: TarOwner,
): Buffer {
  const block = Buffer.alloc(BLOCK);
  const [prefix, name] = splitPath(path);
  block.write(name, 0, 100, "utf8");
  writeOctal(block, mode, 100, 8);
  writeOctal(block, owner.uid, 108, 8);
  writeOctal(block, owner.gid, 116, 8);
  writeOctal(block, size, 124, 12);
  writeOctal(block, mtime, 136, 12);
  block.fill(" ", 148, 156);
  block.write(type === "file" ? "0" : "5", 156, 1, "ascii");
  block.write("ustar\u000000", 257, 8, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(`${checksum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

/** ustar keeps 100 bytes of name and 155 of prefix, split at a slash. */
function splitPath(path: string): [prefix: string, name: string] {
  if (Buffer.byteLength(path) <= 100) return ["", path];
  for (let index = path.indexOf("/"); index !== -1; index = path.indexOf("/", index + 1)) {
    const prefix = path.slice(0, index);
    const name = path.slice(index + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== "") {
      return [prefix, name];
    }
  }
  throw new Error(`path too long for a tar header: ${path}`);
}

function writeOctal(block: Buffer, value: number, offset: number, length: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "ascii");
}
