import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import {
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
} from '../read/read-parquet.js';
import { jsonLines } from '../test-support/all-types.js';
import { field, struct } from '../types/delta-type.js';
import { wasmMemoryBytes } from '../wasm/parquet-wasm.js';
import { writeParquet } from './write-parquet.js';

const schema = struct([
  field('id', 'long', false),
  field('name', 'string'),
  field('amount', 'decimal(12,2)'),
  field('at', 'timestamp'),
  field('tags', { type: 'array', elementType: 'string', containsNull: true }),
  field('attrs', { type: 'map', keyType: 'string', valueType: 'integer', valueContainsNull: true }),
  field('point', struct([field('x', 'double'), field('y', 'double')])),
]);

const table = tableFromRows(
  schema,
  Array.from({ length: 64 }, (_, k) => ({
    id: BigInt(k),
    name: k % 5 === 0 ? null : `name ${k}`,
    amount: `${k}.${k % 100}`,
    at: BigInt(k) * 1_000_001n,
    tags: k % 3 === 0 ? null : [`t${k}`, null],
    attrs: [[`a${k}`, k]],
    point: k % 7 === 0 ? null : { x: k / 2, y: -k },
  })),
);
const expected = jsonLines(table);
const garbage = new TextEncoder().encode('not parquet at all');

/** One write and every kind of read (whole, projected, schema, metadata, failing, stream cut short). */
async function roundTrip(): Promise<void> {
  const bytes = await writeParquet(table, { compression: 'zstd', rowGroupSize: 16 });
  const read = await readParquet(bytes);
  if (read.numRows !== 64) throw new Error(`read ${read.numRows} rows`);
  const projected = await readParquet(bytes, { columns: ['id', 'point.x'], rowGroups: [1, 2] });
  if (projected.numRows !== 32) throw new Error(`read ${projected.numRows} rows`);
  await readParquetSchema(bytes);
  await readParquetMetadata(bytes);
  await readParquet(bytes, { columns: ['missing'] }).catch(() => undefined);
  await readParquet(bytes, { rowGroups: [99] }).catch(() => undefined);
  await readParquet(garbage).catch(() => undefined);
  for await (const batch of readParquetBatches(new Blob([bytes]), { batchSize: 10 })) {
    if (batch.numRows > 0) break; // cancels the stream, which frees its wasm source at once
  }
}

/** Reads every batch of a stream, to its natural end. */
async function streamToEnd(bytes: Uint8Array): Promise<void> {
  let rows = 0;
  for await (const batch of readParquetBatches(new Blob([bytes]), { batchSize: 10 }))
    rows += batch.numRows;
  if (rows !== 64) throw new Error(`streamed ${rows} rows`);
}

/** V8's gc(), exposed at run time (vitest starts workers without --expose-gc). */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('WebAssembly memory', () => {
  it('does not grow over 1,000 write+read round trips after a warm-up of 50 (wasm objects are freed deterministically)', async () => {
    expect(jsonLines(await readParquet(await writeParquet(table)))).toEqual(expected);
    for (let k = 0; k < 50; k++) await roundTrip();
    const warm = wasmMemoryBytes();
    for (let k = 0; k < 1_000; k++) await roundTrip();
    const after = wasmMemoryBytes();
    expect({ warm, after, growth: after - warm }).toEqual({ warm, after: warm, growth: 0 });
  }, 120_000);

  it('does not grow over 1,000 streams read to their end once the GC has run (their wasm-streams source is freed by a finalizer)', async () => {
    // A stream that ends by itself leaves parquet-wasm's IntoUnderlyingSource (about 100 bytes) to
    // wasm-bindgen's FinalizationRegistry; only a cancelled stream frees it at once. Give the GC
    // and its finalizers a turn now and then, as a running program does.
    const gc = garbageCollector();
    const bytes = await writeParquet(table, { rowGroupSize: 16 });
    const settle = async (): Promise<void> => {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    for (let k = 0; k < 50; k++) await streamToEnd(bytes);
    await settle();
    const warm = wasmMemoryBytes();
    for (let k = 0; k < 1_000; k++) {
      await streamToEnd(bytes);
      if (k % 50 === 49) await settle();
    }
    const after = wasmMemoryBytes();
    expect({ warm, after, growth: after - warm }).toEqual({ warm, after: warm, growth: 0 });
  }, 120_000);

  it('reports the size of the wasm linear memory in whole 64 KiB pages', () => {
    const bytes = wasmMemoryBytes();
    expect(bytes).toBeGreaterThan(0);
    expect(bytes % 65_536).toBe(0);
  });
});
