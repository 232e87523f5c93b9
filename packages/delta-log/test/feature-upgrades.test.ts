/**
 * Turning features on, one commit at a time, on a table Silt created: each commit upgrades the
 * protocol as Spark would, and delta-rs and Spark read every version with the rows written.
 */
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { rowsDifference } from '@silt/interop/conformance';
import { parseSchema, type StructType, tableFromRows, tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, type ProtocolAction, writeDeltaLake } from '../src/index.js';

interface EngineResult {
  table: string;
  requested: number | 'latest';
  version: number | null;
  rows?: string[];
  error?: { type: string; message: string } | null;
}

const STEPS: { property?: Record<string, string>; ddl: string; protocol: ProtocolAction }[] = [
  { ddl: 'id INT, name STRING', protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
  {
    ddl: 'id INT, name STRING',
    property: { 'delta.enableChangeDataFeed': 'true' },
    protocol: { minReaderVersion: 1, minWriterVersion: 4 },
  },
  {
    ddl: 'id INT, name STRING',
    property: { 'delta.constraints.id_positive': 'id > 0' },
    protocol: { minReaderVersion: 1, minWriterVersion: 4 },
  },
  {
    ddl: 'id INT, name STRING',
    property: { 'delta.columnMapping.mode': 'name' },
    protocol: { minReaderVersion: 2, minWriterVersion: 5 },
  },
  {
    ddl: 'id INT, name STRING',
    property: { 'delta.enableInCommitTimestamps': 'true' },
    protocol: {
      minReaderVersion: 2,
      minWriterVersion: 7,
      writerFeatures: [
        'appendOnly',
        'invariants',
        'checkConstraints',
        'changeDataFeed',
        'generatedColumns',
        'columnMapping',
        'inCommitTimestamp',
      ],
    },
  },
  {
    ddl: 'id INT, name STRING',
    property: { 'delta.enableDeletionVectors': 'true' },
    protocol: {
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ['columnMapping', 'deletionVectors'],
      writerFeatures: [
        'appendOnly',
        'invariants',
        'checkConstraints',
        'changeDataFeed',
        'generatedColumns',
        'columnMapping',
        'inCommitTimestamp',
        'deletionVectors',
      ],
    },
  },
  {
    ddl: 'id INT, name STRING, at TIMESTAMP_NTZ',
    protocol: {
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ['columnMapping', 'deletionVectors', 'timestampNtz'],
      writerFeatures: [
        'appendOnly',
        'invariants',
        'checkConstraints',
        'changeDataFeed',
        'generatedColumns',
        'columnMapping',
        'inCommitTimestamp',
        'deletionVectors',
        'timestampNtz',
      ],
    },
  },
];

describe('features turned on commit by commit', () => {
  let root: string;
  let dir: string;
  const expected = new Map<number, string[]>();

  beforeAll(async () => {
    root = await makeTempDir('silt-features-');
    dir = join(root, 'table');
    let all: Record<string, unknown>[] = [];
    for (const [index, step] of STEPS.entries()) {
      const schema: StructType = parseSchema(step.ddl);
      const rows = [
        { id: index * 10 + 1, name: `step ${index}`, at: '2024-01-01T10:00:00' },
        { id: index * 10 + 2, name: null, at: null },
      ].map((row) => (step.ddl.includes('at ') ? row : { id: row.id, name: row.name }));
      const result = await writeDeltaLake(
        dir,
        { rows, schema },
        {
          mode: 'append',
          ...(step.property ? { properties: step.property } : {}),
          ...(step.ddl.includes('at ') ? { schemaMode: 'merge' as const } : {}),
        },
      );
      all = [...all, ...rows];
      const table = await DeltaTable.open(dir);
      expect(table.version).toBe(result.version);
      expected.set(result.version, [
        ...tableToJsonLines(tableFromRows(table.schema, all as Record<string, unknown>[])),
      ]);
    }
  }, 300_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it('upgrades the protocol to what each feature needs, never lowering it', async () => {
    for (const [version, step] of STEPS.entries()) {
      const table = await DeltaTable.open(dir, { version });
      expect(table.protocol, `version ${version}`).toEqual(step.protocol);
    }
    const latest = await DeltaTable.open(dir);
    expect(latest.metadata.configuration['delta.inCommitTimestampEnablementVersion']).toBe('4');
    expect(latest.metadata.configuration['delta.columnMapping.maxColumnId']).toBe('3');
  });

  it.each([
    ['delta-rs', 'conformance_deltars.py'],
    ['Spark', 'spark_dump.py'],
  ])(
    '%s reads every version with the rows written',
    async (_engine, script) => {
      const out = await runPython(script, [dir, '--all-versions'], { timeoutMs: 900_000 });
      const results = out
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as EngineResult);
      const problems: string[] = [];
      for (const [version, rows] of expected) {
        const result = results.find((r) => r.requested === version);
        if (result?.error) problems.push(`v${version}: ${result.error.message.slice(0, 300)}`);
        else if (rowsDifference(rows, result?.rows ?? []))
          problems.push(`v${version}: ${JSON.stringify(rowsDifference(rows, result?.rows ?? []))}`);
      }
      expect(problems).toEqual([]);
    },
    900_000,
  );
});
