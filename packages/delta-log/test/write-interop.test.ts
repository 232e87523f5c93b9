/**
 * Tables Silt writes, read by delta-rs and Apache Spark at every version; tables delta-rs and
 * Spark write, appended to by Silt and read back by them. Node-only (real files, reference
 * engines in Python), hence outside src/.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { rowsDifference } from '@silt/interop/conformance';
import { parseSchema, type StructType, tableFromRows, tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, writeDeltaLake } from '../src/index.js';

interface EngineResult {
  engine: string;
  table: string;
  requested: number | 'latest';
  version: number | null;
  rows?: string[];
  error?: { type: string; message: string } | null;
}

/** Every version of every table, as one reference engine reads it (one process per engine). */
async function readAll(script: string, tables: string[]): Promise<EngineResult[]> {
  const out = await runPython(script, [...tables, '--all-versions'], { timeoutMs: 900_000 });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EngineResult);
}

/** The canonical JSON lines of rows of a schema (missing keys are nulls). */
function canonical(schema: StructType, rows: Record<string, unknown>[]): string[] {
  return [...tableToJsonLines(tableFromRows(schema, rows))];
}

async function siltRows(dir: string, version: number): Promise<string[]> {
  const table = await DeltaTable.open(dir, { version });
  return [...tableToJsonLines(await table.scan().toArrow())];
}

const TYPES_DDL =
  'b BOOLEAN, y TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(38,10), ' +
  'small DECIMAL(5,2), str STRING, bin BINARY, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, ' +
  'st STRUCT<a: INT, inner: STRUCT<c: STRING>>, arr ARRAY<INT>, m MAP<STRING, INT>, ' +
  'arrs ARRAY<STRUCT<x: STRING>>';

function typedRow(n: number): Record<string, unknown> {
  const nulls = n % 4 === 3;
  return {
    b: nulls ? null : n % 2 === 0,
    y: nulls ? null : (n % 200) - 100,
    s: nulls ? null : n * 7 - 300,
    i: nulls ? null : n * 1000 - 5,
    l: nulls ? null : BigInt(n) * 10_000_000_000n - 1n,
    f: nulls ? null : n + 0.5,
    d: nulls ? null : n / 3,
    dec: nulls ? null : `${n}12345678901234567890.0123456789`.slice(0, 30),
    small: nulls ? null : `${n % 999}.25`,
    str: nulls ? null : `str ${n} ✓`,
    bin: nulls ? null : Uint8Array.of(n % 256, 0, 255),
    dt: nulls ? null : `2024-0${(n % 9) + 1}-1${n % 10}`,
    ts: nulls ? null : `2024-03-0${(n % 9) + 1}T12:34:56.${String(n).padStart(6, '0')}Z`,
    ntz: nulls ? null : `1999-12-31T23:59:${String(n % 60).padStart(2, '0')}.5`,
    st: nulls
      ? null
      : { a: n % 5 === 0 ? null : n, inner: n % 3 === 0 ? null : { c: n % 2 ? `c${n}` : null } },
    arr: nulls ? null : [n, null, n + 1],
    m: nulls
      ? null
      : [
          [`k${n}`, n],
          ['z', null],
        ],
    arrs: nulls ? null : [{ x: `x${n}` }, null, { x: null }],
  };
}

describe('tables Silt writes, read by delta-rs and Spark', () => {
  let root: string;
  const tables: string[] = [];
  /** table → version → expected canonical rows. */
  const expected = new Map<string, Map<number, string[]>>();

  beforeAll(async () => {
    root = await makeTempDir('silt-write-interop-');

    // 1. Every type, nested nulls; create → appends → overwrite → schema merge → 25 commits.
    {
      const dir = join(root, 'types');
      tables.push(dir);
      const versions = new Map<number, string[]>();
      let schema = parseSchema(TYPES_DDL);
      let current: Record<string, unknown>[] = [];
      const record = (version: number) => versions.set(version, canonical(schema, current));
      let next = 0;
      const batch = (count: number) => Array.from({ length: count }, () => typedRow(next++));
      let rows = batch(8);
      current = rows;
      record(
        (
          await writeDeltaLake(
            dir,
            { rows, schema },
            { properties: { 'delta.checkpointInterval': '10' } },
          )
        ).version,
      );
      for (let k = 0; k < 5; k++) {
        rows = batch(3);
        current = [...current, ...rows];
        record((await writeDeltaLake(dir, { rows, schema }, { mode: 'append' })).version);
      }
      rows = batch(4);
      current = rows;
      record((await writeDeltaLake(dir, { rows, schema }, { mode: 'overwrite' })).version);
      schema = parseSchema(`${TYPES_DDL}, added STRING`);
      rows = batch(3).map((row, k) => ({ ...row, added: k === 1 ? null : `new ${k}` }));
      current = [...current, ...rows];
      record(
        (await writeDeltaLake(dir, { rows, schema }, { mode: 'append', schemaMode: 'merge' }))
          .version,
      );
      while (versions.size < 25) {
        rows = batch(2);
        current = [...current, ...rows];
        record((await writeDeltaLake(dir, { rows, schema }, { mode: 'append' })).version);
      }
      expected.set(dir, versions);
    }

    // 2. One string partition column with characters paths must escape, and nulls.
    {
      const dir = join(root, 'strings');
      tables.push(dir);
      const schema = parseSchema('id INT, city STRING');
      const cities = [
        'New York',
        'a=b',
        'x/y',
        '100%',
        'Zürich',
        'naïve ☃',
        '',
        null,
        'tab\tq',
        "it's #1?",
      ];
      const versions = new Map<number, string[]>();
      let current: Record<string, unknown>[] = [];
      for (let k = 0; k < 3; k++) {
        const rows = cities.map((city, index) => ({ id: k * 100 + index, city }));
        current = [...current, ...rows];
        const { version } = await writeDeltaLake(
          dir,
          { rows, schema },
          { mode: 'append', partitionBy: ['city'] },
        );
        // Spark and delta-rs read the empty string as null (the protocol says so).
        versions.set(
          version,
          canonical(
            schema,
            current.map((row) => ({ ...row, city: row.city === '' ? null : row.city })),
          ),
        );
      }
      expected.set(dir, versions);
    }

    // 3. Two partition columns: a date and a timestamp, with nulls.
    {
      const dir = join(root, 'dates');
      tables.push(dir);
      const schema = parseSchema('id BIGINT, day DATE, at TIMESTAMP, value DOUBLE');
      const rows = [
        { id: 1n, day: '2024-01-01', at: '2024-01-01T10:11:12.123456Z', value: 1 },
        { id: 2n, day: '2024-01-01', at: '2024-01-01T10:11:12.123456Z', value: 2 },
        { id: 3n, day: null, at: '1969-12-31T23:59:59Z', value: 3 },
        { id: 4n, day: '1900-02-28', at: null, value: null },
      ];
      const { version } = await writeDeltaLake(
        dir,
        { rows, schema },
        { partitionBy: ['day', 'at'] },
      );
      expected.set(dir, new Map([[version, canonical(schema, rows)]]));
    }
  }, 600_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('writes checkpoints every delta.checkpointInterval commits', () => {
    const log = readdirSync(join(root, 'types', '_delta_log'));
    expect(log).toContain('00000000000000000010.checkpoint.parquet');
    expect(log).toContain('00000000000000000020.checkpoint.parquet');
    expect(log).toContain('_last_checkpoint');
  });

  it('Silt reads back every version it wrote', async () => {
    for (const [dir, versions] of expected) {
      for (const [version, rows] of versions) {
        expect(rowsDifference(rows, await siltRows(dir, version)), `${dir}@${version}`).toBeNull();
      }
    }
  });

  it.each([
    ['delta-rs', 'conformance_deltars.py'],
    ['Spark', 'spark_dump.py'],
  ])(
    '%s reads every version with exactly the rows written',
    async (_engine, script) => {
      const results = await readAll(script, tables);
      for (const [dir, versions] of expected) {
        for (const [version, rows] of versions) {
          const result = results.find((r) => r.table === dir && r.requested === version);
          expect(result?.error ?? null, `${dir}@${version}`).toBeNull();
          expect(result?.version).toBe(version);
          expect(rowsDifference(rows, result?.rows ?? []), `${dir}@${version}`).toBeNull();
        }
      }
    },
    900_000,
  );
});

describe('Silt appends to tables delta-rs and Spark created, and they read the result', () => {
  let root: string;
  const dirs: Record<string, string> = {};

  beforeAll(async () => {
    root = await makeTempDir('silt-append-interop-');
    for (const engine of ['deltars', 'spark']) {
      const dir = join(root, engine);
      dirs[engine] = dir;
      await runPython('make_tables.py', [engine, dir], { timeoutMs: 600_000 });
      const table = await DeltaTable.open(dir);
      await writeDeltaLake(
        dir,
        {
          rows: [
            { id: 5n, name: 'five', amount: 5.5, day: '2024-02-01', part: 'a' },
            { id: 6n, name: null, amount: null, day: null, part: 'new part' },
            { id: 7n, name: 'seven', amount: 7, day: '2024-02-03', part: null },
          ],
          schema: table.schema,
        },
        { mode: 'append' },
      );
    }
  }, 900_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it.each([
    ['delta-rs', 'conformance_deltars.py'],
    ['Spark', 'spark_dump.py'],
  ])(
    '%s reads Silt’s commit on its own table and on the other engine’s',
    async (_engine, script) => {
      const results = await readAll(script, Object.values(dirs));
      for (const dir of Object.values(dirs)) {
        const latest = results.find((r) => r.table === dir && r.requested === 'latest');
        expect(latest?.error ?? null).toBeNull();
        const silt = await siltRows(dir, latest!.version!);
        expect(silt).toHaveLength(7);
        expect(rowsDifference(silt, latest?.rows ?? [])).toBeNull();
      }
    },
    900_000,
  );
});
