/**
 * Silt appends to tables other engines wrote with many features (column mapping by name and by
 * id, deletion vectors, timestamp_ntz, v2 checkpoints, partitions of every type, change data
 * feed, variants, in-commit timestamps…): each table's own rows are appended once more, so
 * delta-rs and Spark must then read every row twice.
 */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { conformanceRoot, rowsDifference } from '@silt/interop/conformance';
import { tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, WriteNotSupported, writeDeltaLake } from '../src/index.js';

/** Tables Spark or delta-rs wrote, with the features each brings to the test. */
const TABLES = [
  'golden/table-with-columnmapping-mode-id', // column mapping, id mode
  'delta-rs/table_with_column_mapping', // column mapping, name mode
  'golden/dv-with-columnmapping', // deletion vectors + column mapping, checkpoint
  'golden/data-reader-timestamp_ntz-name-mode', // timestamp_ntz + column mapping
  'delta-rs/table-with-dv-small', // deletion vectors
  'delta-rs/delta-2.2.0-partitioned-types', // partitions of many types
  'delta-rs/delta-0.8.0-special-partition', // escaped partition values
  'delta-rs/delta-0.8.0-null-partition', // null partitions
  'delta-rs/cdf-table', // change data feed
  'delta-rs/cdc_ict_table', // in-commit timestamps
  'golden/data-reader-partition-values', // partition values of every type
  'delta-rs/spark-variant-checkpoint', // variant
];

interface EngineResult {
  table: string;
  requested: number | 'latest';
  version: number | null;
  rows?: string[];
  error?: { type: string; message: string } | null;
}

function parseLines(out: string): EngineResult[] {
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EngineResult);
}

describe('Silt appends to tables Spark and delta-rs wrote, with their features', () => {
  let root: string;
  const dirs = new Map<string, string>();
  const expected = new Map<string, string[]>();
  const versions = new Map<string, number>();

  beforeAll(async () => {
    root = await makeTempDir('silt-append-conformance-');
    for (const name of TABLES) {
      const dir = join(root, name.replace('/', '__'));
      cpSync(join(conformanceRoot(), name), dir, { recursive: true });
      // Hadoop's checksum files would make Spark refuse files Silt did not checksum.
      rmSync(join(dir, '_delta_log', '.crc'), { force: true });
      dirs.set(name, dir);
      const table = await DeltaTable.open(dir);
      const data = await table.scan().toArrow();
      const rows = [...tableToJsonLines(data)];
      expected.set(name, [...rows, ...rows]);
      const result = await writeDeltaLake(dir, data, { mode: 'append' });
      versions.set(name, result.version);
    }
  }, 600_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('refuses a table with identity columns, which it cannot fill, before writing anything', async () => {
    const dir = join(root, 'identity');
    cpSync(join(conformanceRoot(), 'delta-rs/checkpoint-v2-table'), dir, { recursive: true });
    const table = await DeltaTable.open(dir);
    const data = await table.scan().toArrow();
    const error = await writeDeltaLake(dir, data, { mode: 'append' }).catch((e) => e);
    expect(error).toBeInstanceOf(WriteNotSupported);
    expect(error.features).toEqual(['identityColumns']);
    expect((await DeltaTable.open(dir)).version).toBe(table.version);
  });

  it('Silt reads every row twice', async () => {
    for (const [name, dir] of dirs) {
      const rows = [...tableToJsonLines(await (await DeltaTable.open(dir)).scan().toArrow())];
      expect(rowsDifference(expected.get(name)!, rows), name).toBeNull();
    }
  });

  it.each([
    ['delta-rs', 'conformance_deltars.py'],
    ['Spark', 'spark_dump.py'],
  ])(
    '%s reads every row twice',
    async (engine, script) => {
      const results = parseLines(
        await runPython(script, [...dirs.values()], { timeoutMs: 900_000 }),
      );
      const problems: string[] = [];
      for (const [name, dir] of dirs) {
        const result = results.find((r) => r.table === dir && r.requested === 'latest');
        if (!result || result.error) {
          // delta-rs refuses some features outright (as it does before Silt's append too).
          if (engine === 'delta-rs' && result?.error) {
            const before = parseLines(
              await runPython(script, [join(conformanceRoot(), name)], { timeoutMs: 300_000 }),
            )[0];
            if (before?.error) continue;
          }
          problems.push(`${name}: ${engine} failed: ${result?.error?.message.slice(0, 300)}`);
          continue;
        }
        if (result.version !== versions.get(name)) {
          problems.push(`${name}: ${engine} read version ${result.version}`);
        }
        const difference = rowsDifference(expected.get(name)!, result.rows ?? []);
        if (difference) problems.push(`${name}: ${JSON.stringify(difference).slice(0, 400)}`);
      }
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
