/**
 * Silt's Delta statistics against the Parquet footer statistics pyarrow reads from the same
 * file (tooling/interop/python/stats_pyarrow.py). The two are computed independently (Silt from
 * the Arrow data, the footer by parquet-wasm's Rust writer) and must agree wherever Delta keeps
 * the exact value. A missing Python environment fails these tests; nothing is skipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPythonJson } from '@silt/interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { writeParquetFile } from '../node/parquet-file.js';
import { field, struct } from '../types/delta-type.js';
import { computeDeltaStats } from './compute-stats.js';
import type { DeltaStats, NullCounts, StatsValues } from './delta-stats.js';

interface FooterColumn {
  physical_type: string;
  logical_type: string | null;
  unit: string | null;
  null_count: number;
  min: string | number | null;
  max: string | number | null;
}

interface Footer {
  num_rows: number;
  columns: Record<string, FooterColumn>;
}

const schema = struct([
  field('i', 'integer'),
  field('l', 'long'),
  field('d', 'double'),
  field('s', 'string'),
  field('day', 'date'),
  field('ts', 'timestamp'),
  field('dec', 'decimal(12,3)'),
  field('n', struct([field('a', 'integer'), field('b', 'string')])),
  field('empty', 'long'),
]);

/** 300 rows with nulls in every column, microseconds in the timestamps, negative decimals. */
function rows(): Record<string, unknown>[] {
  return Array.from({ length: 300 }, (_, k) => {
    const nullHere = (modulus: number) => k % modulus === 3;
    return {
      i: nullHere(5) ? null : ((k * 7919) % 1001) - 500,
      l: nullHere(7) ? null : BigInt((k * 104729) % 99991) * 92233720368547n - 2n ** 62n,
      d: nullHere(11) ? null : ((k * 31) % 997) / 8 - 60.125,
      s: nullHere(13) ? null : `név-${((k * 37) % 211).toString(36)}-😀`,
      day: nullHere(6) ? null : ((k * 53) % 30000) - 15000,
      ts: nullHere(9)
        ? null
        : 1_600_000_000_000_000n + BigInt((k * 7_777_777) % 100_000_007) * 1_013n,
      dec: nullHere(4)
        ? null
        : `${((k * 97) % 2001) - 1000}.${String((k * 13) % 1000).padStart(3, '0')}`,
      n: nullHere(10) ? null : { a: nullHere(8) ? null : k % 17, b: `b${k % 23}` },
      empty: null,
    };
  });
}

function leaf(values: StatsValues | NullCounts, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, name) => (node as Record<string, unknown> | undefined)?.[name], values);
}

/** A timestamp's raw microseconds floored (min) or ceiled (max) to the millisecond, as ISO text. */
function isoMillis(micros: bigint, round: 'floor' | 'ceil'): string {
  let millis = micros / 1000n;
  if (round === 'floor' && micros % 1000n < 0n) millis -= 1n;
  if (round === 'ceil' && micros % 1000n > 0n) millis += 1n;
  return new Date(Number(millis)).toISOString();
}

describe('computeDeltaStats against pyarrow footer statistics', () => {
  let directory: string;
  let footer: Footer;
  let stats: DeltaStats;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'silt-stats-'));
    const table = tableFromRows(schema, rows());
    const file = join(directory, 'part-00000.parquet');
    // Small row groups, so that pyarrow's side aggregates several footers as a file's stats.
    await writeParquetFile(file, table, { rowGroupSize: 64 });
    footer = await runPythonJson<Footer>('stats_pyarrow.py', [file]);
    stats = computeDeltaStats(table);
  });

  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('has the same number of records', () => {
    expect(stats.numRecords).toBe(footer.num_rows);
  });

  it.each(['i', 'l', 'd', 's', 'day', 'ts', 'dec', 'n.a', 'n.b', 'empty'])(
    'has the same null count for %s, struct nulls included',
    (path) => {
      expect(leaf(stats.nullCount, path)).toBe(footer.columns[path]!.null_count);
    },
  );

  it.each<[string, (value: unknown) => unknown]>([
    ['i', (value) => String(value)],
    ['l', (value) => String(value)],
    ['d', (value) => value],
    ['s', (value) => value],
    ['day', (value) => value],
    ['dec', (value) => String(value)],
    ['n.a', (value) => String(value)],
    ['n.b', (value) => value],
  ])('has the same min and max for %s', (path, asFooter) => {
    const column = footer.columns[path]!;
    expect(column.min).not.toBeNull();
    expect(asFooter(leaf(stats.minValues, path))).toEqual(column.min);
    expect(asFooter(leaf(stats.maxValues, path))).toEqual(column.max);
  });

  it('has the footer timestamp bounds rounded out to milliseconds (min down, max up)', () => {
    const column = footer.columns.ts!;
    expect(column.unit).toBe('microseconds');
    expect(stats.minValues.ts).toBe(isoMillis(BigInt(column.min!), 'floor'));
    expect(stats.maxValues.ts).toBe(isoMillis(BigInt(column.max!), 'ceil'));
    // The data has sub-millisecond parts, so the rounding is exercised, not a no-op.
    expect(BigInt(column.max!) % 1000n).not.toBe(0n);
  });

  it('has no bounds where the footer has none (an all-null column)', () => {
    expect(footer.columns.empty!.min).toBeNull();
    expect(stats.minValues.empty).toBeUndefined();
    expect(stats.maxValues.empty).toBeUndefined();
  });
});
