import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { readParquet } from '../read/read-parquet.js';
import { jsonLines } from '../test-support/all-types.js';
import { field, struct } from '../types/delta-type.js';
import { wasm } from '../wasm/parquet-wasm.js';
import { estimateDistinct, plainColumns } from './dictionary-choice.js';
import { writeParquet, writeParquetStream } from './write-parquet.js';

/** Whether each column chunk of each row group uses dictionary encoding, by column path. */
async function dictionaryEncoded(bytes: Uint8Array): Promise<Record<string, boolean[]>> {
  const file = await wasm.ParquetFile.fromFile(new Blob([bytes]));
  const metadata = file.metadata();
  const out: Record<string, boolean[]> = {};
  try {
    for (const group of metadata.rowGroups()) {
      for (const column of group.columns()) {
        const encodings = column.encodings();
        const path = column.columnPath().join('.');
        out[path] = [
          ...(out[path] ?? []),
          encodings.includes(wasm.Encoding.RLE_DICTIONARY) ||
            encodings.includes(wasm.Encoding.PLAIN_DICTIONARY),
        ];
        column.free();
      }
      group.free();
    }
  } finally {
    metadata.free();
    file.free();
  }
  return out;
}

const rows = 20_000;
const mixed = new arrow.Table({
  uniqueInt: arrow.makeVector(Int32Array.from({ length: rows }, (_, k) => k * 7)),
  fewInts: arrow.makeVector(Int32Array.from({ length: rows }, (_, k) => (k * 7919) % 500)),
  uniqueDouble: arrow.makeVector(Float64Array.from({ length: rows }, (_, k) => k / 3)),
  uniqueString: arrow.vectorFromArray(
    Array.from({ length: rows }, (_, k) => `customer-${k}-${(k * 2654435761) % 1000003}`),
    new arrow.Utf8(),
  ),
  fewStrings: arrow.vectorFromArray(
    Array.from({ length: rows }, (_, k) => (k % 10 === 0 ? null : `city ${k % 37}`)),
    new arrow.Utf8(),
  ),
  flags: arrow.vectorFromArray(
    Array.from({ length: rows }, (_, k) => k % 2 === 0),
    new arrow.Bool(),
  ),
});

describe('estimateDistinct', () => {
  it('is d for at most one distinct value, and infinite when every sampled value was distinct', () => {
    expect(estimateDistinct(100, 100)).toBe(Number.POSITIVE_INFINITY);
    expect(estimateDistinct(1, 100)).toBe(1);
    expect(estimateDistinct(0, 0)).toBe(0);
  });

  it('recovers the number of equally likely values behind a sample', () => {
    for (const D of [50, 1_000, 20_000, 200_000]) {
      const n = 8_192;
      const expected = D * -Math.expm1(-n / D);
      const estimate = estimateDistinct(Math.round(expected), n);
      expect(Math.abs(estimate - D) / D).toBeLessThan(0.05);
    }
  });
});

describe('plainColumns (dictionary: auto)', () => {
  it('writes nearly unique flat columns plain and keeps the dictionary of repetitive ones', () => {
    expect(plainColumns(mixed.batches[0]!, rows)).toEqual([
      'uniqueInt',
      'uniqueDouble',
      'uniqueString',
    ]);
  });

  it('turns the dictionary off when it would outgrow the dictionary page, however large the row group', () => {
    // 300,000 distinct int64 values: 2.4 MB of dictionary, over the 1 MiB page limit.
    const wide = arrow.tableFromArrays({
      v: BigInt64Array.from({ length: 50_000 }, (_, k) => BigInt((k * 48_271) % 300_000)),
    });
    expect(plainColumns(wide.batches[0]!, 10_000_000)).toEqual(['v']);
    // 2,000 distinct values repeat enough in any row group: dictionary kept.
    const narrow = arrow.tableFromArrays({
      v: BigInt64Array.from({ length: 50_000 }, (_, k) => BigInt((k * 48_271) % 2_000)),
    });
    expect(plainColumns(narrow.batches[0]!, 10_000_000)).toEqual([]);
  });

  it('judges the sample by the rows of a row group: few rows with many distinct values go plain', () => {
    const batch = mixed.slice(0, 600).batches[0]!;
    // 500 distinct values in 600 rows: the dictionary holds nearly every value.
    expect(plainColumns(batch, 600)).toContain('fewInts');
    expect(plainColumns(batch, 1_000_000)).not.toContain('fewInts');
  });

  it('leaves small samples, booleans, nested columns and Arrow dictionaries to the default', () => {
    expect(plainColumns(mixed.slice(0, 40).batches[0]!, 40)).toEqual([]);
    const nested = tableFromRows(
      struct([
        field('point', struct([field('x', 'double'), field('y', 'double')])),
        field('tags', { type: 'array', elementType: 'string', containsNull: true }),
      ]),
      Array.from({ length: 500 }, (_, k) => ({ point: { x: k, y: -k }, tags: [`t${k}`] })),
    );
    expect(plainColumns(nested.batches[0]!, 500)).toEqual([]);
    const dictionary = new arrow.Table({
      d: arrow.vectorFromArray(
        Array.from({ length: 500 }, (_, k) => `v${k}`),
        new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      ),
    });
    expect(plainColumns(dictionary.batches[0]!, 500)).toEqual([]);
  });

  it('counts only valid values, reading the validity bitmap at the slice offset', () => {
    const values = Array.from({ length: 4_000 }, (_, k): string | null =>
      k % 2 === 0 ? null : 'same',
    );
    values[1] = 'other';
    const table = new arrow.Table({
      s: arrow.vectorFromArray(values, new arrow.Utf8()),
    });
    expect(plainColumns(table.slice(3, 3_999).batches[0]!, 4_000)).toEqual([]);
  });
});

describe('writeParquet dictionary option', () => {
  it("'auto' (the default) dictionary-encodes only the columns whose dictionary pays off", async () => {
    const bytes = await writeParquet(mixed, { rowGroupSize: 8_000 });
    expect(await dictionaryEncoded(bytes)).toEqual({
      uniqueInt: [false, false, false],
      fewInts: [true, true, true],
      uniqueDouble: [false, false, false],
      uniqueString: [false, false, false],
      fewStrings: [true, true, true],
      flags: [false, false, false],
    });
    expect(jsonLines(await readParquet(bytes))).toEqual(jsonLines(mixed));
  });

  it('true dictionary-encodes every column that can be, false none', async () => {
    const all = await dictionaryEncoded(await writeParquet(mixed, { dictionary: true }));
    expect(all).toMatchObject({
      uniqueInt: [true],
      uniqueDouble: [true],
      uniqueString: [true],
      fewStrings: [true],
    });
    const none = await dictionaryEncoded(await writeParquet(mixed, { dictionary: false }));
    expect(
      Object.values(none)
        .flat()
        .every((encoded) => !encoded),
    ).toBe(true);
  });

  it("'auto' decides from the first batch with rows when writing a stream", async () => {
    const empty = new arrow.RecordBatch(
      mixed.schema,
      arrow.makeData({
        type: new arrow.Struct(mixed.schema.fields),
        length: 0,
        nullCount: 0,
        children: mixed.schema.fields.map((f) => arrow.makeData({ type: f.type, length: 0 })),
      }),
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of writeParquetStream([empty, ...mixed.batches])) chunks.push(chunk);
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    const encoded = await dictionaryEncoded(bytes);
    expect(encoded.uniqueString).toEqual([false]);
    expect(encoded.fewStrings).toEqual([true]);
  });
});
