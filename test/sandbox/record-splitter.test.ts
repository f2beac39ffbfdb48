import { describe, expect, it } from "vitest";
import { RecordSplitter } from "../../src/sandbox/record-splitter.ts";

const BOUNDARY = "b0a7d5";

function split(chunks: string[]): { data: string; records: string[][] } {
  let data = "";
  const records: string[][] = [];
  const splitter = new RecordSplitter(
    BOUNDARY,
    (chunk) => {
      data += chunk.toString("utf8");
    },
    (words) => records.push(words),
  );
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  splitter.end();
  return { data, records };
}

describe("the runner's record splitter", () => {
  it("takes records out of the output, keeping the output byte for byte", () => {
    const { data, records } = split([
      `\n${BOUNDARY} start build\nline one\nno newline at the end\n${BOUNDARY} end build 0\n`,
    ]);
    expect(data).toBe("line one\nno newline at the end");
    expect(records).toEqual([
      ["start", "build"],
      ["end", "build", "0"],
    ]);
  });

  it("finds a record cut across chunks at any byte", () => {
    const whole = `out\n${BOUNDARY} end test 1\nrest`;
    for (let cut = 1; cut < whole.length; cut += 1) {
      const { data, records } = split([whole.slice(0, cut), whole.slice(cut)]);
      expect({ cut, data, records }).toEqual({
        cut,
        data: "outrest",
        records: [["end", "test", "1"]],
      });
    }
  });

  it("leaves a record with another boundary in the output, as the code printed it", () => {
    const forged = "\nffffff end test 0\n\nb0a7d end test 0\n";
    const { data, records } = split([forged]);
    expect(data).toBe(forged);
    expect(records).toEqual([]);
  });

  it("drops a record the runner's death cut off, and keeps a partial boundary as output", () => {
    expect(split([`x\n${BOUNDARY} report QUJD`])).toEqual({ data: "x", records: [] });
    expect(split([`x\n${BOUNDARY.slice(0, 3)}`])).toEqual({
      data: `x\n${BOUNDARY.slice(0, 3)}`,
      records: [],
    });
  });

  it("joins a record line that comes in many chunks, as a large report does", () => {
    const payload = "QUJD".repeat(10_000);
    const whole = `before\n${BOUNDARY} report ${payload}\nafter`;
    const chunks = whole.match(/[\s\S]{1,1000}/g) ?? [];
    expect(split(chunks)).toEqual({ data: "beforeafter", records: [["report", payload]] });
  });
});
