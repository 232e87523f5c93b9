/**
 * Files written by parquet-io, read by the reference engines: pyarrow and DuckDB must see the
 * very values parquet-io wrote, in Silt's canonical JSON form, for every Delta type.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { allTypesTable, jsonLines } from '../test-support/all-types.js';
import {
  type Engine,
  engineJsonLines,
  requireReferenceEngines,
  temporaryDirectory,
} from '../test-support/interop.js';
import { field, struct } from '../types/delta-type.js';
import { type ParquetCompression, writeParquet } from './write-parquet.js';

const engines: Engine[] = ['pyarrow', 'duckdb'];
let directory: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  await requireReferenceEngines();
  directory = await temporaryDirectory();
});
afterAll(async () => {
  await directory?.cleanup();
});

describe('files written by parquet-io read in the reference engines', () => {
  const table = allTypesTable();
  const expected = jsonLines(table);

  it.each(
    engines.flatMap((engine) =>
      (['snappy', 'zstd', 'uncompressed'] as ParquetCompression[]).map((compression) => ({
        engine,
        compression,
      })),
    ),
  )(
    '$engine reads every Delta type written with $compression with equal values',
    async ({ engine, compression }) => {
      const path = join(directory.path, `all-types-${compression}.parquet`);
      await writeFile(path, await writeParquet(table, { compression }));
      expect(await engineJsonLines(path, engine)).toEqual(expected);
    },
  );

  it.each(engines)(
    '%s reads a file of 10 row groups without dictionary encoding with equal values',
    async (engine) => {
      const schema = struct([
        field('id', 'long'),
        field('name', 'string'),
        field('amount', 'decimal(20,4)'),
      ]);
      const rows = Array.from({ length: 95 }, (_, k) => ({
        id: BigInt(k) * 97_000_000_000_000n,
        name: k % 5 === 0 ? null : `name ${k}`,
        amount: `${k * 1000}.${String(k).padStart(4, '0')}`,
      }));
      const source = tableFromRows(schema, rows);
      const path = join(directory.path, `groups-${engine}.parquet`);
      await writeFile(path, await writeParquet(source, { rowGroupSize: 10, dictionary: false }));
      expect(await engineJsonLines(path, engine)).toEqual(jsonLines(source));
    },
  );

  it.each(engines)(
    "%s reads a file of plain and dictionary-encoded columns (dictionary: 'auto') with equal values",
    async (engine) => {
      const schema = struct([
        field('id', 'long', false),
        field('city', 'string'),
        field('note', 'string'),
        field('score', 'double'),
        field('at', 'timestamp'),
        field('point', struct([field('x', 'double'), field('y', 'double')])),
      ]);
      const rows = Array.from({ length: 3_000 }, (_, k) => ({
        id: BigInt(k) * 1_000_003n,
        city: k % 11 === 0 ? null : `city ${k % 23}`,
        note: k % 13 === 0 ? null : `note ${k} ${(k * 2_654_435_761) % 1_000_003}`,
        score: k % 7 === 0 ? null : k / 7,
        at: 1_700_000_000_000_000n + BigInt(k % 40) * 3_600_000_000n,
        point: k % 5 === 0 ? null : { x: k, y: k % 3 },
      }));
      const source = tableFromRows(schema, rows);
      const path = join(directory.path, `auto-dictionary-${engine}.parquet`);
      await writeFile(path, await writeParquet(source, { rowGroupSize: 1_000 }));
      expect(await engineJsonLines(path, engine)).toEqual(jsonLines(source));
    },
  );
});

describe('a missing reference-engine Python', () => {
  it('fails the interop tests with a message that names the Python and how to install the engines', async () => {
    const saved = process.env.SILT_INTEROP_PYTHON;
    process.env.SILT_INTEROP_PYTHON = join(directory.path, 'no-such-python');
    try {
      const error = await requireReferenceEngines().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain('no-such-python');
      expect((error as Error).message).toContain('tooling/interop/requirements.txt');
    } finally {
      if (saved === undefined) delete process.env.SILT_INTEROP_PYTHON;
      else process.env.SILT_INTEROP_PYTHON = saved;
    }
  });
});
