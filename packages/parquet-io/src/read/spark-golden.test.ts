/**
 * Real files written by Apache Spark (parquet-mr): every Parquet file of the Delta Lake golden
 * tables in shared/conformance/golden/ (read in place, never written), read by parquet-io and by
 * pyarrow. They hold INT96 timestamps, FIXED_LEN_BYTE_ARRAY decimals, Spark's legacy bag/array
 * lists and MAP_KEY_VALUE maps (parquet-all-types-legacy-format), and checkpoint files.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPythonJson } from '@silt/interop';
import { beforeAll, describe, expect, it } from 'vitest';
import { readParquetFile } from '../node/parquet-file.js';
import { jsonLines } from '../test-support/all-types.js';
import { requireReferenceEngines } from '../test-support/interop.js';

const golden =
  process.env.SILT_CONFORMANCE_ROOT !== undefined
    ? join(process.env.SILT_CONFORMANCE_ROOT, 'golden')
    : resolve(
        fileURLToPath(new URL('.', import.meta.url)),
        '../../../../../shared/conformance/golden',
      );

type Entry = { lines: string[]; int96: boolean; legacy: string[] } | { error: string };
let files: Record<string, Entry> = {};

beforeAll(async () => {
  if (!existsSync(golden)) {
    throw new Error(
      `The conformance tables are missing at ${golden}: shared/ must sit beside the repository (or set SILT_CONFORMANCE_ROOT to the folder holding golden/).`,
    );
  }
  await requireReferenceEngines();
  files = (
    await runPythonJson<{ files: Record<string, Entry> }>('parquet_tree_to_jsonl.py', [golden])
  ).files;
});

const tables = [
  'parquet-all-types',
  'parquet-all-types-legacy-format',
  'parquet-decimal-type',
  'basic-decimal-table',
  'basic-decimal-table-legacy',
  'kernel-timestamp-INT96',
  'kernel-timestamp-PST',
  'kernel-timestamp-TIMESTAMP_MICROS',
  'kernel-timestamp-TIMESTAMP_MILLIS',
  'data-reader-date-types-UTC',
  'data-reader-date-types-JST',
  'data-reader-timestamp_ntz',
  'data-reader-primitives',
  'data-reader-map',
  'data-reader-array-complex-objects',
  'data-reader-nested-struct',
  'data-skipping-basic-stats-all-types',
  'checkpoint',
];

function filesOf(table: string): [string, Entry][] {
  return Object.entries(files).filter(([path]) => path.startsWith(`${table}/`));
}

describe('Spark-written golden tables', () => {
  it('hold INT96 timestamps, FIXED_LEN_BYTE_ARRAY decimals and legacy bag/array lists and MAP_KEY_VALUE maps', () => {
    const entries = Object.entries(files);
    expect(entries.length).toBeGreaterThan(100);
    const int96 = entries.filter(([, e]) => 'int96' in e && e.int96).map(([p]) => p.split('/')[0]);
    expect([...new Set(int96)]).toEqual(
      expect.arrayContaining([
        'kernel-timestamp-INT96',
        'parquet-all-types',
        'data-reader-date-types-UTC',
      ]),
    );
    const legacy = entries.filter(([, e]) => 'legacy' in e && e.legacy.length > 0);
    expect(legacy.map(([p, e]) => [p.split('/')[0], (e as { legacy: string[] }).legacy])).toEqual([
      ['parquet-all-types-legacy-format', ['bag/array', 'MAP_KEY_VALUE']],
    ]);
  });

  it('are all readable by pyarrow (the reference)', () => {
    expect(Object.entries(files).filter(([, e]) => 'error' in e)).toEqual([]);
  });

  it.each(tables)(
    '%s: every Parquet file reads in parquet-io with the values pyarrow reads',
    async (table) => {
      const entries = filesOf(table);
      expect(entries.length).toBeGreaterThan(0);
      for (const [path, entry] of entries) {
        if ('error' in entry) throw new Error(`pyarrow cannot read ${path}: ${entry.error}`);
        const silt = jsonLines(await readParquetFile(join(golden, path)));
        expect({ path, lines: silt }).toEqual({ path, lines: entry.lines });
      }
    },
  );

  it('every other Parquet file of the golden tables (data and checkpoints) reads in parquet-io as in pyarrow', async () => {
    const rest = Object.entries(files).filter(([path]) => !tables.includes(path.split('/')[0]!));
    expect(rest.length).toBeGreaterThan(0);
    const differences: string[] = [];
    for (const [path, entry] of rest) {
      if ('error' in entry) continue;
      try {
        const silt = jsonLines(await readParquetFile(join(golden, path)));
        if (JSON.stringify(silt) !== JSON.stringify(entry.lines))
          differences.push(`${path}: values differ`);
      } catch (error) {
        differences.push(`${path}: ${(error as Error).message}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
