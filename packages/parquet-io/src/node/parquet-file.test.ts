import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromData, tableFromRows } from '../arrow/column-builder.js';
import { exactVectorValue } from '../arrow/exact-values.js';
import { ParquetReadError, ParquetWriteError } from '../errors/parquet-error.js';
import { allTypesTable, jsonLines } from '../test-support/all-types.js';
import { temporaryDirectory } from '../test-support/interop.js';
import { field, struct } from '../types/delta-type.js';
import {
  readParquetFile,
  readParquetFileBatches,
  readParquetFileMetadata,
  readParquetFileSchema,
  writeParquetFile,
} from './parquet-file.js';

let directory: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  directory = await temporaryDirectory('silt-parquet-file-');
});
afterAll(async () => {
  await directory?.cleanup();
});

const numbersSchema = struct([
  field('id', 'long', false),
  field('x', 'double'),
  field('s', 'string'),
]);

/** A batch of `rows` rows from `start`: id = start + k, x = id / 4, s = "row <id>" (nulls every 13th). */
function numbersBatch(start: number, rows: number): arrow.RecordBatch {
  const ids = new BigInt64Array(rows);
  const xs = new Float64Array(rows);
  const offsets = new Int32Array(rows + 1);
  const validity = new Uint8Array(Math.ceil(rows / 8));
  const parts: string[] = [];
  let nulls = 0;
  let length = 0;
  for (let k = 0; k < rows; k++) {
    const id = start + k;
    ids[k] = BigInt(id);
    xs[k] = id / 4;
    if (id % 13 === 0) nulls++;
    else {
      validity[k >> 3]! |= 1 << (k & 7);
      const text = `row ${id}`;
      parts.push(text);
      length += text.length; // ASCII: one byte a character
    }
    offsets[k + 1] = length;
  }
  const bytes = new TextEncoder().encode(parts.join(''));
  const columns = [
    arrow.makeData({ type: new arrow.Int64(), length: rows, nullCount: 0, data: ids }),
    arrow.makeData({ type: new arrow.Float64(), length: rows, nullCount: 0, data: xs }),
    arrow.makeData({
      type: new arrow.Utf8(),
      length: rows,
      nullCount: nulls,
      nullBitmap: validity,
      valueOffsets: offsets,
      data: bytes,
    }),
  ];
  return tableFromData(numbersSchema, columns, rows).batches[0]!;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('readParquetFileBatches', () => {
  it('streams a file larger than the batch size as several batches holding equal data', async () => {
    const path = join(directory.path, 'batches.parquet');
    const source = new arrow.Table([numbersBatch(0, 25_000), numbersBatch(25_000, 25_000)]);
    await writeParquetFile(path, source, { rowGroupSize: 20_000 });
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of readParquetFileBatches(path, { batchSize: 7_000 }))
      batches.push(batch);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.numRows > 0 && b.numRows <= 7_000)).toBe(true);
    expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(50_000);
    expect(jsonLines(new arrow.Table(batches))).toEqual(jsonLines(source));
  });

  it('streams only the projected columns of the chosen row groups', async () => {
    const path = join(directory.path, 'batches.parquet');
    const ids: bigint[] = [];
    for await (const batch of readParquetFileBatches(path, {
      columns: ['id'],
      rowGroups: [1],
      batchSize: 6_000,
    })) {
      expect(batch.schema.fields.map((f) => f.name)).toEqual(['id']);
      for (let k = 0; k < batch.numRows; k++)
        ids.push(exactVectorValue(batch.getChild('id')!, k) as bigint);
    }
    expect(ids).toHaveLength(20_000);
    expect(ids[0]).toBe(20_000n);
    expect(ids.at(-1)).toBe(39_999n);
  });

  it('stops reading when the consumer breaks out early', async () => {
    const path = join(directory.path, 'batches.parquet');
    let seen = 0;
    for await (const batch of readParquetFileBatches(path, { batchSize: 1_000 })) {
      seen += batch.numRows;
      if (seen >= 3_000) break;
    }
    expect(seen).toBe(3_000);
  });
});

describe('readParquetFile and friends on paths', () => {
  it('reads every Delta type, the schema and the metadata of a file on disk', async () => {
    const path = join(directory.path, 'nested', 'deeper', 'all-types.parquet');
    const table = allTypesTable();
    const bytes = await writeParquetFile(path, table, {
      compression: 'zstd',
      keyValueMetadata: { k: 'v' },
    });
    expect((await stat(path)).size).toBe(bytes);
    expect(jsonLines(await readParquetFile(path))).toEqual(jsonLines(table));
    expect((await readParquetFileSchema(path)).fields.map((f) => f.name)).toEqual(
      table.schema.fields.map((f) => f.name),
    );
    const metadata = await readParquetFileMetadata(path);
    expect([metadata.numRows, metadata.keyValueMetadata.k]).toEqual([table.numRows, 'v']);
  });

  it('writes a table with no batches as a readable empty file', async () => {
    const path = join(directory.path, 'empty.parquet');
    const empty = new arrow.Table(tableFromRows(numbersSchema, []).schema);
    expect(empty.batches).toHaveLength(0);
    await writeParquetFile(path, empty);
    const read = await readParquetFile(path);
    expect(read.numRows).toBe(0);
    expect(read.schema.fields.map((f) => f.name)).toEqual(['id', 'x', 's']);
  });

  it.each([
    {
      name: 'a missing file',
      path: () => join(directory.path, 'missing.parquet'),
      reason: 'no such file',
    },
    { name: 'a directory', path: () => directory.path, reason: '' },
  ])('reading $name throws ParquetReadError naming the path', async ({ path, reason }) => {
    for (const read of [readParquetFile, readParquetFileSchema, readParquetFileMetadata]) {
      const error = await read(path()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetReadError);
      expect(error).toMatchObject({ code: 'SILT_ParquetRead', path: path() });
      expect((error as Error).message).toContain(reason);
    }
    const streamed = await readParquetFileBatches(path())
      .next()
      .catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(ParquetReadError);
  });

  it('reading a file that is not Parquet throws ParquetReadError naming the path', async () => {
    const path = join(directory.path, 'not-parquet.parquet');
    await writeFile(path, 'id,x\n1,2\n');
    const error = await readParquetFile(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SILT_ParquetRead', path });
  });
});

describe('writeParquetFile streaming', () => {
  it('writes 3M rows (over 64 MiB of Arrow data) from an async iterable, streaming, into a readable file', async () => {
    const path = join(directory.path, 'big.parquet');
    const rowsPerBatch = 100_000;
    const batches = 30;
    let arrowBytes = 0;
    let pulledAfterOutput = 0;
    async function* source(): AsyncGenerator<arrow.RecordBatch> {
      for (let b = 0; b < batches; b++) {
        // Streaming means output reaches the disk while input is still being pulled.
        const temporary = (await readdir(directory.path)).filter(
          (n) => n.startsWith('big.parquet.') && n.endsWith('.tmp'),
        );
        if (temporary.length === 1 && (await stat(join(directory.path, temporary[0]!))).size > 0)
          pulledAfterOutput++;
        const batch = numbersBatch(b * rowsPerBatch, rowsPerBatch);
        arrowBytes += batch.data.children.reduce(
          (n, c) =>
            n +
            (c.values?.byteLength ?? 0) +
            (c.valueOffsets?.byteLength ?? 0) +
            (c.nullBitmap?.byteLength ?? 0),
          0,
        );
        yield batch;
      }
    }
    const started = Date.now();
    const written = await writeParquetFile(path, source(), { rowGroupSize: 500_000 });
    expect(arrowBytes).toBeGreaterThan(64 * 1024 * 1024);
    expect(pulledAfterOutput).toBeGreaterThan(0);
    expect((await stat(path)).size).toBe(written);
    const metadata = await readParquetFileMetadata(path);
    expect(metadata.numRows).toBe(3_000_000);
    expect(metadata.rowGroups.map((g) => g.numRows)).toEqual([
      500_000, 500_000, 500_000, 500_000, 500_000, 500_000,
    ]);
    const tail = await readParquetFile(path, { rowGroups: [5], offset: 499_998 });
    expect(jsonLines(tail)).toEqual([
      '{"id":2999998,"x":749999.5,"s":"row 2999998"}',
      '{"id":2999999,"x":749999.75,"s":"row 2999999"}',
    ]);
    expect((await readdir(directory.path)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it.each([
    { name: 'the first batch', failAt: 0, perBatch: 1_000 },
    { name: 'a batch before 64 MiB (one-call path)', failAt: 3, perBatch: 1_000 },
    { name: 'a batch after 64 MiB (streaming path)', failAt: 7, perBatch: 500_000 },
  ])(
    'a source that throws at $name leaves no file at the target path',
    async ({ failAt, perBatch }) => {
      const path = join(directory.path, `failing-${failAt}.parquet`);
      const failure = new Error(`source failed at batch ${failAt}`);
      async function* source(): AsyncGenerator<arrow.RecordBatch> {
        for (let b = 0; ; b++) {
          if (b === failAt) throw failure;
          yield numbersBatch(b * perBatch, perBatch);
        }
      }
      const error = await writeParquetFile(path, source()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const message = `${(error as Error).message} ${String((error as Error).cause ?? '')}`;
      expect(error === failure || message.includes(failure.message)).toBe(true);
      expect(await exists(path)).toBe(false);
      expect(
        (await readdir(directory.path)).filter((n) => n.startsWith(`failing-${failAt}.parquet`)),
      ).toEqual([]);
    },
    60_000,
  );

  it.each([
    { name: 'before 64 MiB (one-call path)', before: 1, perBatch: 10 },
    { name: 'after 64 MiB (streaming path)', before: 7, perBatch: 500_000 },
  ])(
    'a source whose batches change schema $name throws ParquetWriteError and leaves no file',
    async ({ before, perBatch }) => {
      const path = join(directory.path, `mixed-${before}.parquet`);
      const other = tableFromRows(struct([field('id', 'integer')]), [{ id: 1 }]).batches[0]!;
      async function* source(): AsyncGenerator<arrow.RecordBatch> {
        for (let b = 0; b < before; b++) yield numbersBatch(b * perBatch, perBatch);
        yield other;
        yield numbersBatch(0, 10);
      }
      const error = await writeParquetFile(path, source()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetWriteError);
      expect((error as Error).message).toContain('must share one schema');
      expect(await exists(path)).toBe(false);
      expect(
        (await readdir(directory.path)).filter((n) => n.startsWith(`mixed-${before}.parquet`)),
      ).toEqual([]);
    },
    60_000,
  );

  it('an empty iterable throws ParquetWriteError and leaves no file', async () => {
    const path = join(directory.path, 'nothing.parquet');
    const error = await writeParquetFile(path, []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetWriteError);
    expect(await exists(path)).toBe(false);
  });
});
