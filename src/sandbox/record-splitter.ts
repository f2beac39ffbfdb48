/**
 * Splits one channel of the runner's exec stream into the phases' output and the runner's
 * records. A record is a line `\n<boundary> <words>\n`; the boundary is random per run and
 * reaches the runner on stdin, so output that merely prints a record cannot fake one.
 */
export class RecordSplitter {
  readonly #marker: Buffer;
  readonly #onData: (chunk: Buffer) => void;
  readonly #onRecord: (words: string[]) => void;
  #carry: Buffer = Buffer.alloc(0);

  constructor(
    boundary: string,
    onData: (chunk: Buffer) => void,
    onRecord: (words: string[]) => void,
  ) {
    this.#marker = Buffer.from(`\n${boundary} `);
    this.#onData = onData;
    this.#onRecord = onRecord;
  }

  push(chunk: Buffer): void {
    let data = this.#carry.length > 0 ? Buffer.concat([this.#carry, chunk]) : chunk;
    this.#carry = Buffer.alloc(0);
    for (;;) {
      const start = data.indexOf(this.#marker);
      if (start < 0) {
        // Keep what could be the start of a marker cut by the chunk boundary.
        const keep = Math.min(data.length, this.#marker.length - 1);
        this.#emit(data.subarray(0, data.length - keep));
        this.#carry = Buffer.from(data.subarray(data.length - keep));
        return;
      }
      this.#emit(data.subarray(0, start));
      const end = data.indexOf(0x0a, start + this.#marker.length);
      if (end < 0) {
        this.#carry = Buffer.from(data.subarray(start));
        return;
      }
      const line = data.subarray(start + this.#marker.length, end).toString("utf8");
      this.#onRecord(line.split(" "));
      data = data.subarray(end + 1);
    }
  }

  /** The stream ended: what was held back is output after all, unless it began a record. */
  end(): void {
    // A record cut off by the runner's death is dropped; anything else was output.
    if (!this.#carry.subarray(0, this.#marker.length).equals(this.#marker)) this.#emit(this.#carry);
    this.#carry = Buffer.alloc(0);
  }

  #emit(chunk: Buffer): void {
    if (chunk.length > 0) this.#onData(chunk);
  }
}
