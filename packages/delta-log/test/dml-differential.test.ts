/**
 * DELETE, UPDATE and MERGE, differentially: each operation runs with Silt on one copy of a
 * generated table and with delta-rs on another; the resulting rows must be equal as multisets,
 * delta-rs and Spark must read Silt's result, and Silt delta-rs's. Tables: partitioned and not, with nulls,
 * deletion vectors on and off.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { rowsDifference } from '@silt/interop/conformance';
import { tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, writeDeltaLake } from '../src/index.js';

const DDL = 'id INT, name STRING, value DOUBLE, part STRING';
const PYARROW_SCHEMA = [
  ['id', 'int32'],
  ['name', 'string'],
  ['value', 'float64'],
  ['part', 'string'],
];

function row(id: number) {
  return {
    id,
    name: id % 7 === 3 ? null : `n${id}`,
    value: id % 5 === 4 ? null : (id - 10) * 1.5,
    part: ['a', 'b', 'c', null][id % 4] ?? null,
  };
}

const CONFIGS = [
  { name: 'partitioned', partitionBy: ['part'], dv: false },
  { name: 'partitioned-dv', partitionBy: ['part'], dv: true },
  { name: 'flat', partitionBy: [], dv: false },
  { name: 'flat-dv', partitionBy: [], dv: true },
] as const;

type Clause = { kind: string; predicate?: string; set?: Record<string, string> };
type Operation =
  | { name: string; op: 'delete'; predicate: string | null }
  | { name: string; op: 'update'; set: Record<string, string>; predicate: string | null }
  | {
      name: string;
      op: 'merge';
      source: ReturnType<typeof row>[];
      predicate: string;
      clauses: Clause[];
    };

const changed = (ids: number[], tweak: (r: ReturnType<typeof row>) => ReturnType<typeof row>) =>
  ids.map((id) => tweak(row(id)));

const OPERATIONS: Operation[] = [
  { name: 'delete id = 2', op: 'delete', predicate: 'id = 2' },
  { name: 'delete arithmetic', op: 'delete', predicate: 'id * 2 > 60' },
  { name: 'delete LIKE', op: 'delete', predicate: "name LIKE 'n1%'" },
  { name: 'delete IS NULL', op: 'delete', predicate: 'value IS NULL' },
  { name: 'delete partition-only', op: 'delete', predicate: "part = 'b'" },
  { name: 'delete partition OR data', op: 'delete', predicate: "part = 'a' OR value < 0" },
  { name: 'delete everything', op: 'delete', predicate: null },
  {
    name: 'update arithmetic',
    op: 'update',
    set: { value: 'value * 2' },
    predicate: "name LIKE 'n2%'",
  },
  { name: 'update literal', op: 'update', set: { name: "'x'" }, predicate: 'id = 5' },
  { name: 'update partition column', op: 'update', set: { part: "'z'" }, predicate: 'id < 4' },
  {
    name: 'merge upsert',
    op: 'merge',
    source: [
      ...changed([3, 4, 5, 6], (r) => ({ ...r, name: `up${r.id}`, value: 0.5 })),
      ...[100, 101, 102].map(row),
    ],
    predicate: 't.id = s.id',
    clauses: [{ kind: 'matchedUpdateAll' }, { kind: 'notMatchedInsertAll' }],
  },
  {
    name: 'merge insert-only',
    op: 'merge',
    source: [row(1), row(2), row(200), row(201)],
    predicate: 't.id = s.id',
    clauses: [{ kind: 'notMatchedInsertAll' }],
  },
  {
    name: 'merge delete matched with condition',
    op: 'merge',
    source: [row(7), row(8), row(9), row(300)],
    predicate: 't.id = s.id',
    clauses: [{ kind: 'matchedDelete', predicate: 's.id <> 8' }],
  },
  {
    name: 'merge not matched by source delete',
    op: 'merge',
    source: [row(10), row(11)],
    predicate: 't.id = s.id',
    clauses: [
      { kind: 'matchedUpdate', set: { name: "'m'" } },
      { kind: 'notMatchedBySourceDelete', predicate: 't.value < 0' },
    ],
  },
];

interface Case {
  label: string;
  silt: string;
  deltars: string;
  operation: Operation;
}

async function siltOperation(dir: string, operation: Operation): Promise<void> {
  const table = await DeltaTable.open(dir);
  if (operation.op === 'delete') {
    await table.delete(operation.predicate ?? undefined);
  } else if (operation.op === 'update') {
    await table.update({
      set: operation.set,
      ...(operation.predicate ? { where: operation.predicate } : {}),
    });
  } else {
    let merge = table.merge({ rows: operation.source, schema: DDL }, operation.predicate, {
      sourceAlias: 's',
      targetAlias: 't',
    });
    for (const clause of operation.clauses) {
      if (clause.kind === 'matchedUpdateAll') merge = merge.whenMatchedUpdateAll(clause.predicate);
      else if (clause.kind === 'matchedUpdate')
        merge = merge.whenMatchedUpdate(clause.set!, clause.predicate);
      else if (clause.kind === 'matchedDelete') merge = merge.whenMatchedDelete(clause.predicate);
      else if (clause.kind === 'notMatchedInsertAll')
        merge = merge.whenNotMatchedInsertAll(clause.predicate);
      else if (clause.kind === 'notMatchedBySourceDelete')
        merge = merge.whenNotMatchedBySourceDelete(clause.predicate);
    }
    await merge.execute();
  }
}

interface EngineResult {
  table: string;
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

describe('DML differential tests against delta-rs, read back by delta-rs and Spark', () => {
  let root: string;
  const cases: Case[] = [];
  let deltaRsReads: EngineResult[] = [];
  let sparkReads: EngineResult[] = [];

  beforeAll(async () => {
    root = await makeTempDir('silt-dml-');
    const requests: unknown[] = [];
    for (const config of CONFIGS) {
      const base = join(root, `base-${config.name}`);
      for (let chunk = 0; chunk < 3; chunk++) {
        const rows = Array.from({ length: 14 }, (_, k) => row(chunk * 14 + k));
        await writeDeltaLake(
          base,
          { rows, schema: DDL },
          {
            mode: 'append',
            partitionBy: config.partitionBy,
            ...(config.dv ? { properties: { 'delta.enableDeletionVectors': 'true' } } : {}),
          },
        );
      }
      OPERATIONS.forEach((operation, index) => {
        const silt = join(root, `${config.name}-${index}-silt`);
        const deltars = join(root, `${config.name}-${index}-deltars`);
        cpSync(base, silt, { recursive: true });
        cpSync(base, deltars, { recursive: true });
        cases.push({ label: `${config.name}: ${operation.name}`, silt, deltars, operation });
        const { name: _name, ...request } = operation;
        requests.push({
          dir: deltars,
          ...request,
          ...(operation.op === 'merge' ? { schema: PYARROW_SCHEMA } : {}),
        });
      });
    }
    for (const entry of cases) await siltOperation(entry.silt, entry.operation);
    const requestFile = join(root, 'requests.json');
    writeFileSync(requestFile, JSON.stringify(requests));
    const results = parseLines(await runPython('dml_deltars.py', [requestFile])) as unknown as {
      dir: string;
      error?: string;
    }[];
    const failed = results.filter((result) => result.error);
    if (failed.length > 0) throw new Error(`delta-rs failed: ${JSON.stringify(failed)}`);
    const dirs = cases.flatMap((entry) => [entry.silt, entry.deltars]);
    deltaRsReads = parseLines(
      await runPython('conformance_deltars.py', dirs, { timeoutMs: 900_000 }),
    );
    sparkReads = parseLines(
      await runPython(
        'spark_dump.py',
        cases.map((entry) => entry.silt),
        { timeoutMs: 900_000 },
      ),
    );
  }, 1_200_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('Silt and delta-rs leave the same rows, and delta-rs, Spark and Silt read Silt’s result alike', async () => {
    const problems: string[] = [];
    for (const entry of cases) {
      const reference = deltaRsReads.find((r) => r.table === entry.deltars);
      const siltByDeltaRs = deltaRsReads.find((r) => r.table === entry.silt);
      const siltBySpark = sparkReads.find((r) => r.table === entry.silt);
      const table = await DeltaTable.open(entry.silt);
      const siltRows = [...tableToJsonLines(await table.scan().toArrow())];
      // delta-rs 1.x writes strings as Utf8View in its Arrow schema hint: Silt must read them.
      const theirs = await DeltaTable.open(entry.deltars);
      const siltReadingDeltaRs = [...tableToJsonLines(await theirs.scan().toArrow())];
      const checks: [string, EngineResult | undefined, string[] | undefined][] = [
        ['delta-rs reading Silt’s table', siltByDeltaRs, siltByDeltaRs?.rows],
        ['Spark reading Silt’s table', siltBySpark, siltBySpark?.rows],
        ['Silt reading its own table', undefined, siltRows],
        ['Silt reading delta-rs’s table', undefined, siltReadingDeltaRs],
      ];
      if (!reference?.rows || reference.error) {
        problems.push(`${entry.label}: delta-rs could not read its own result`);
        continue;
      }
      for (const [who, result, rows] of checks) {
        if (result?.error) {
          problems.push(`${entry.label}: ${who} failed: ${result.error.message.slice(0, 300)}`);
          continue;
        }
        const difference = rowsDifference(reference.rows, rows ?? []);
        if (difference)
          problems.push(`${entry.label}: ${who} differs: ${JSON.stringify(difference)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(cases).toHaveLength(CONFIGS.length * OPERATIONS.length);
  });
});
