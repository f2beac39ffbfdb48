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
  /** The pieces of a record line still waiting for its newline (a report can be megabytes). */
  #record: Buffer[] | null = null;

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
    let data = chunk;
    if (this.#record !== null) {
      const end = data.indexOf(0x0a);
      if (end < 0) {
        this.#record.push(data);
        return;
      }
      this.#finishRecord(data.subarray(0, end));
      data = data.subarray(end + 1);
    }
    if (this.#carry.length > 0) data = Buffer.concat([this.#carry, data]);
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
      const words = start + this.#marker.length;
      const end = data.indexOf(0x0a, words);
      if (end < 0) {
        this.#record = [data.subarray(words)];
        return;
      }
      this.#record = [];
      this.#finishRecord(data.subarray(words, end));
      data = data.subarray(end + 1);
    }
  }

  /** The stream ended: what was held back is output after all; a record cut off is dropped. */
  end(): void {
    if (this.#record === null) this.#emit(this.#carry);
    this.#record = null;
    this.#carry = Buffer.alloc(0);
  }

  #finishRecord(last: Buffer): void {
    const line = Buffer.concat([...(this.#record ?? []), last]).toString("utf8");
    this.#record = null;
    this.#onRecord(line.split(" "));
  }

  #emit(chunk: Buffer): void {
    if (chunk.length > 0) this.#onData(chunk);
  }
}
