import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsDifference, schemaDifference } from './compare.ts';
import { ReferenceStore } from './engines.ts';
import { type ConformanceRun, runConformance } from './run.ts';
import { listConformanceTables } from './tables.ts';
import type { ConformanceTable, SiltReader, SiltReadResult } from './types.ts';

describe('the conformance tables', () => {
  it('are every folder holding _delta_log/, nested ones included', () => {
    const names = listConformanceTables().map((table) => table.name);
    expect(names).toContain('delta-rs/simple_table');
    expect(names).toContain('golden/checkpoint');
    expect(names).toContain('delta-rs/golden/data-reader-array-primitives');
    expect(names).not.toContain('delta-rs/golden');
    expect(names).not.toContain('golden/log-store-read');
    expect(names.length).toBeGreaterThanOrEqual(100);
  });
});

describe('the comparison', () => {
  it('compares rows as multisets and names the first missing and extra row', () => {
    expect(
      rowsDifference(['{"a":1}', '{"a":2}', '{"a":2}'], ['{"a":2}', '{"a":1}', '{"a":2}']),
    ).toBeNull();
    expect(
      rowsDifference(['{"a":1}', '{"a":2}', '{"a":2}'], ['{"a":2}', '{"a":1}', '{"a":3}']),
    ).toEqual({
      missing: 1,
      extra: 1,
      firstMissing: '{"a":2}',
      firstExtra: '{"a":3}',
    });
  });

  it('compares schemas by names, types and nullability, not metadata', () => {
    const reference = {
      type: 'struct',
      fields: [
        { name: 'a', type: 'long', nullable: true, metadata: { 'delta.columnMapping.id': 1 } },
      ],
    };
    expect(
      schemaDifference(reference, {
        type: 'struct',
        fields: [{ name: 'a', type: 'long', nullable: true }],
      }),
    ).toBeNull();
    expect(
      schemaDifference(
        reference,
        JSON.stringify({
          type: 'struct',
          fields: [{ name: 'a', type: 'integer', nullable: true }],
        }),
      ),
    ).toMatch(/field 1: expected a:long, Silt a:integer/);
  });
});

/**
 * The harness over a few real tables with a fake Silt: one that answers what delta-rs answers
 * for some tables, and wrong rows, a wrong schema, a refusal or a read of what the reference
 * refuses for others, so each verdict is seen once.
 */
describe('runConformance with a fake Silt reader', () => {
  const tables = [
    'delta-rs/simple_table',
    'golden/data-reader-map',
    'golden/data-reader-primitives',
    'delta-rs/checkpoints',
    'golden/snapshot-data1',
  ];
  const store = new ReferenceStore();
  let byDir: Map<string, ConformanceTable>;
  let run: ConformanceRun;
  let folder: string;

  /** delta-rs's own answer for a table and version, as Silt would give it. */
  const reference = (table: ConformanceTable, version: number | null): SiltReadResult => {
    const results = store.results('delta-rs', table) ?? [];
    const found = results.find((r) => r.requested === (version ?? 'latest'));
    if (!found) throw new Error(`no delta-rs answer for ${table.name}@${version}`);
    if (found.error !== null)
      return { error: { code: 'FAKE_REJECT', message: found.error.message } };
    return {
      version: found.version,
      schema: found.schema,
      rows: [...store.rows('delta-rs', table, found.rowsId)].reverse(),
    };
  };

  const fake: SiltReader = async (dir, version) => {
    const table = byDir.get(dir);
    if (!table) throw new Error(`unexpected table ${dir}`);
    const truth = reference(table, version);
    switch (table.name) {
      case 'golden/data-reader-map': {
        if ('error' in truth) return truth;
        return { ...truth, rows: [...truth.rows.slice(1), '{"i":99}'] };
      }
      case 'golden/data-reader-primitives': {
        if ('error' in truth) return truth;
        return {
          ...truth,
          schema: { type: 'struct', fields: [{ name: 'as_int', type: 'long', nullable: true }] },
        };
      }
      case 'delta-rs/checkpoints':
        // Rejects every version: delta-rs reads version 0 (an empty table) and rejects the rest.
        return { error: { code: 'FAKE_MISSING_FILE', message: 'a data file is absent' } };
      case 'golden/snapshot-data1':
        if (version === 0) throw new Error('the fake reader threw');
        return truth;
      default:
        return truth;
    }
  };

  beforeAll(async () => {
    byDir = new Map(listConformanceTables().map((table) => [table.dir, table]));
    folder = mkdtempSync(join(tmpdir(), 'silt-conformance-'));
    run = await runConformance({
      reader: fake,
      tables,
      spark: false,
      store,
      reportPath: join(folder, 'CONFORMANCE.md'),
    });
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const entry = (table: string, requested: number | 'latest') => {
    const found = run.entries.find((e) => e.table === table && e.requested === requested);
    if (!found) throw new Error(`no entry for ${table}@${requested}`);
    return found;
  };

  it('covers every version of each table and its latest', () => {
    expect(
      run.entries.filter((e) => e.table === 'delta-rs/simple_table').map((e) => e.requested),
    ).toEqual([0, 1, 2, 3, 4, 'latest']);
    expect(entry('delta-rs/simple_table', 'latest').resolvedVersion).toBe(4);
  });

  it('agrees where the fake answers what the reference answers, in any row order', () => {
    for (const requested of [0, 1, 2, 3, 4, 'latest'] as const) {
      expect(entry('delta-rs/simple_table', requested)).toMatchObject({
        outcome: 'agree',
        reference: 'delta-rs',
      });
    }
  });

  it('catches wrong rows, a wrong schema and each kind of refusal', () => {
    expect(entry('golden/data-reader-map', 0)).toMatchObject({ outcome: 'differ' });
    expect(entry('golden/data-reader-map', 0).note).toMatch(
      /rows differ \(1 missing \/ 1 extra\).*first extra \{"i":99\}/,
    );
    expect(entry('golden/data-reader-primitives', 0).note).toMatch(/^schema differs at field 1/);
    expect(entry('delta-rs/checkpoints', 0)).toMatchObject({ outcome: 'differ' });
    expect(entry('delta-rs/checkpoints', 0).note).toMatch(
      /^Silt rejects what the reference reads: FAKE_MISSING_FILE/,
    );
    expect(entry('delta-rs/checkpoints', 5)).toMatchObject({
      outcome: 'both reject',
      reference: 'delta-rs',
    });
    expect(entry('golden/snapshot-data1', 0).note).toMatch(
      /^Silt rejects what the reference reads: thrown Error/,
    );
    expect(run.counts.differ).toBe(run.entries.filter((e) => e.outcome === 'differ').length);
    expect(run.counts.differ).toBeGreaterThanOrEqual(4);
  });

  it('flags a read of what the reference rejects', async () => {
    const readsAnything: SiltReader = async () => ({
      version: 5,
      schema: { type: 'struct', fields: [] },
      rows: [],
    });
    const again = await runConformance({
      reader: readsAnything,
      tables: ['delta-rs/checkpoints'],
      spark: false,
      store,
    });
    expect(again.entries.find((e) => e.requested === 5)?.note).toMatch(
      /^Silt reads what the reference rejects/,
    );
    // Everything came from the cache this time: no engine ran.
    expect(again.engineSeconds['delta-rs']).toBe(0);
  });

  it('writes a Markdown report with a summary and one row per table and version', () => {
    const report = readFileSync(join(folder, 'CONFORMANCE.md'), 'utf8');
    expect(report).toMatch(/## Summary: 5 tables, \d+ \(table, version\) pairs/);
    expect(report).toContain(`| differ | ${run.counts.differ} |`);
    expect(report).toContain('| delta-rs/simple_table | latest (4) | delta-rs | agree | 3 rows |');
  });
});

describe('runConformance falls back to Spark', () => {
  it('takes Spark as the reference where delta-rs rejects a table Spark reads', async () => {
    // delta-rs 1.6.6 rejects the reader feature variantShredding-preview; Spark reads the table.
    const shredded = 'delta-rs/spark-shredded-variant-preview-delta';
    // delta-rs rejects this log (a metaData action without schemaString), and so does Spark.
    const broken = 'golden/deltalog-commit-info';
    const rejecting: SiltReader = async () => ({ error: { code: 'FAKE', message: 'no' } });
    // One run, so one SparkSession for both tables.
    const run = await runConformance({ reader: rejecting, tables: [shredded, broken] });
    const latest = run.entries.find((e) => e.table === shredded && e.requested === 'latest');
    expect(latest).toMatchObject({ reference: 'spark', outcome: 'differ', resolvedVersion: 2 });
    expect(latest?.note).toMatch(/^Silt rejects what the reference reads/);
    const both = run.entries.filter((e) => e.table === broken);
    expect(both.length).toBeGreaterThan(0);
    expect(
      both.every((e) => e.outcome === 'both reject' && e.reference === 'delta-rs, spark'),
    ).toBe(true);
  });
});
