import { Transform, type TransformCallback } from "node:stream";

const HEADER_BYTES = 8;
const STDERR = 2;

/**
 * Docker's multiplexed exec stream (8-byte frame headers) as a stream of its stdout bytes,
 * with backpressure (docker-modem's demuxStream has none, so a fast producer piles up in
 * memory); stderr frames go to `onStderr`.
 */
export class DockerStdout extends Transform {
  #pending: Buffer = Buffer.alloc(0);
  #frameType = 0;
  #frameLeft = 0;
  readonly #onStderr: (chunk: Buffer) => void;

  constructor(onStderr: (chunk: Buffer) => void) {
    super();
    this.#onStderr = onStderr;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.#frameLeft === 0) {
        if (data.length < HEADER_BYTES) {
          this.#pending = data;
          break;
        }
        this.#frameType = data[0] ?? 0;
        this.#frameLeft = data.readUInt32BE(4);
        data = data.subarray(HEADER_BYTES);
        continue;
      }
      const payload = data.subarray(0, this.#frameLeft);
      this.#frameLeft -= payload.length;
      data = data.subarray(payload.length);
      if (this.#frameType === STDERR) this.#onStderr(payload);
      else this.push(payload);
    }
    done();
  }
}
