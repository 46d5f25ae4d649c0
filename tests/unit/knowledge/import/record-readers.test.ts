import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCsvRecords, readJsonlRecords, type ReadItem } from "../../../../server/knowledge/import/record-readers.js";
import { lineReason } from "../../../../server/shared/line-reasons.js";

/** Feeds the text in chunks of `chunkSize` bytes, so records and characters straddle chunk boundaries. */
function source(text: string | Buffer, chunkSize = 7): Readable {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += chunkSize) chunks.push(bytes.subarray(start, start + chunkSize));
  return Readable.from(chunks);
}

async function collect<T>(items: AsyncIterable<ReadItem<T>>): Promise<Array<ReadItem<T>>> {
  const result: Array<ReadItem<T>> = [];
  for await (const item of items) result.push(item);
  return result;
}

describe("readJsonlRecords", () => {
  it("yields each line's value with its physical line number, skipping blank lines", async () => {
    const items = await collect(readJsonlRecords(source('{"a":1}\n\n   \n{"a":"长江"}\n')));
    expect(items).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, value: { a: "长江" } },
    ]);
  });

  it("strips a byte order mark and CRLF line endings", async () => {
    const items = await collect(readJsonlRecords(source('\uFEFF{"a":1}\r\n{"a":2}\r\n')));
    expect(items).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 2, value: { a: 2 } },
    ]);
  });

  it("reports a line of bad JSON with its line number and goes on", async () => {
    const items = await collect(readJsonlRecords(source('{"a":1}\n{"a": \n{"a":3}')));
    expect(items[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(items[1]).toMatchObject({
      line: 2,
      error: { code: "invalid_json", message: expect.stringMatching(/^invalid JSON: /) },
    });
    expect(items[2]).toEqual({ line: 3, value: { a: 3 } });
  });

  it("decodes multi-byte characters split across chunks", async () => {
    const items = await collect(readJsonlRecords(source('{"name":"福建省科学技术协会"}\n', 1)));
    expect(items).toEqual([{ line: 1, value: { name: "福建省科学技术协会" } }]);
  });

  it("rejects an over-long line without buffering it and keeps counting lines", async () => {
    const items = await collect(
      readJsonlRecords(source(`{"a":"${"x".repeat(200)}"}\n{"a":2}\n`, 16), { maxRecordLength: 50 }),
    );
    expect(items).toEqual([
      { line: 1, error: lineReason("line_too_long", { max: 50 }) },
      { line: 2, value: { a: 2 } },
    ]);
  });

  it("reports bytes read for progress", async () => {
    const seen: number[] = [];
    await collect(readJsonlRecords(source('{"a":1}\n{"a":2}\n', 4), { onBytesRead: (bytes) => seen.push(bytes) }));
    expect(seen.at(-1)).toBe(16);
  });
});

describe("readCsvRecords", () => {
  it("maps rows to header names and strips the byte order mark", async () => {
    const items = await collect(readCsvRecords(source("\uFEFFexternalId,name\r\nE1,林晓岚\r\nE2,王海\r\n")));
    expect(items).toEqual([
      { line: 2, value: { externalId: "E1", name: "林晓岚" } },
      { line: 3, value: { externalId: "E2", name: "王海" } },
    ]);
  });

  it("reads quoted cells with commas, doubled quotes and CRLF newlines, numbering records by their first line", async () => {
    const csv = 'id,bio,region\r\nE1,"第一行, 逗号\r\n第二行 ""引号""\r\n第三行",福建\r\nE2,短,台湾\r\n';
    const items = await collect(readCsvRecords(source(csv, 5)));
    expect(items).toEqual([
      { line: 2, value: { id: "E1", bio: '第一行, 逗号\n第二行 "引号"\n第三行', region: "福建" } },
      { line: 5, value: { id: "E2", bio: "短", region: "台湾" } },
    ]);
  });

  it("keeps line numbers across blank rows and LF-only files", async () => {
    const items = await collect(readCsvRecords(source('a,b\n\n1,"x\ny"\n,\n2,z')));
    expect(items).toEqual([
      { line: 3, value: { a: "1", b: "x\ny" } },
      { line: 6, value: { a: "2", b: "z" } },
    ]);
  });

  it("treats missing trailing cells as empty and rejects rows with extra cells", async () => {
    const items = await collect(readCsvRecords(source("a,b,c\n1\n1,2,3,4\n1,2,3,,\n")));
    expect(items).toEqual([
      { line: 2, value: { a: "1", b: "", c: "" } },
      { line: 3, error: lineReason("too_many_cells", { cells: 4, fields: 3 }), value: { a: "1", b: "2", c: "3" } },
      { line: 4, value: { a: "1", b: "2", c: "3" } },
    ]);
  });

  it("reports an unclosed quote at the line where the broken record starts", async () => {
    const items = await collect(readCsvRecords(source('a,b\n1,2\n3,"never closed\n4,5\n')));
    expect(items[0]).toEqual({ line: 2, value: { a: "1", b: "2" } });
    expect(items[1]).toMatchObject({
      line: 3,
      error: { code: "unreadable_csv", message: expect.stringMatching(/^unreadable CSV from here on: /) },
    });
    expect(items).toHaveLength(2);
  });

  it("stops at a record longer than the limit instead of buffering the rest of the file", async () => {
    const csv = `a,b\n1,2\n3,"${"x".repeat(200)}"\n4,5\n`;
    const items = await collect(readCsvRecords(source(csv, 16), { maxRecordLength: 50 }));
    expect(items).toEqual([
      { line: 2, value: { a: "1", b: "2" } },
      { line: 3, error: expect.objectContaining({ code: "unreadable_csv" }) },
    ]);
  });

  it("fails the import, not a line, when the source itself fails", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk on fire"));
      },
    });
    await expect(collect(readCsvRecords(failing))).rejects.toThrow("disk on fire");
  });
});
