/**
 * The change data feed as Apache Spark (`readChangeFeed`) and delta-rs (`load_cdf`) read it,
 * against `DeltaTable.changes`: the Spark-written conformance tables with the feed enabled, and
 * tables Silt writes (partitioned; deletion vectors, with and without change data files; column
 * mapping). One Spark session for the whole file (tooling/interop/python/cdf_dump.py).
 * Node-only (real files, reference engines in Python), hence outside src/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { conformanceRoot, rowsDifference } from '@silt/interop/conformance';
import { SiltError, tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, writeDeltaLake } from '../src/index.js';

interface Request {
  table: string;
  startingVersion: number;
  endingVersion?: number;
}

interface EngineResult extends Request {
  engine: 'spark' | 'delta-rs';
  rows: string[] | null;
  error: { type: string; message: string } | null;
}

type SiltResult = { rows: string[] } | { error: string; message: string };

const conformance = (name: string) => join(conformanceRoot(), 'delta-rs', name);

/**
 * Where delta-rs is known to read the feed otherwise than Spark (Spark is the reference):
 * table name -> why. Checked: each entry must still differ, so that a fix shows up.
 */
const DELTA_RS_DIFFERS: Record<string, string> = {
  'silt-dvs-derived':
    'deltalake 1.6 derives a commit that changed a deletion vector as the whole file deleted and inserted again, not as the rows the new vector hides (Spark: CDCReader.processDeletionVectorActions)',
  'silt-column-mapping':
    "deltalake 1.6 refuses: 'Column mapping is not supported for read operation CHANGE DATA FEED scans'",
};

const schema = 'id INT, name STRING, part STRING';
const rows = [
  { id: 1, name: 'a', part: 'x' },
  { id: 2, name: 'b', part: 'x' },
  { id: 3, name: 'c', part: 'y' },
  { id: 4, name: 'd', part: null },
];

async function writeSiltTable(
  dir: string,
  properties: Record<string, string>,
  partitionBy: string[],
) {
  await writeDeltaLake(dir, { rows, schema }, { partitionBy, properties });
  let table = await DeltaTable.open(dir);
  await table.delete('id = 1');
  table = await table.latest();
  await table.update({ set: { name: 'upper(name)' }, where: 'id >= 3' });
  table = await table.latest();
  await table
    .merge(
      {
        rows: [
          { id: 2, name: 'B', part: 'x' },
          { id: 5, name: 'e', part: 'y' },
        ],
        schema,
      },
      't.id = s.id',
      { sourceAlias: 's', targetAlias: 't' },
    )
    .whenMatchedUpdateAll()
    .whenNotMatchedInsertAll()
    .execute();
  await writeDeltaLake(
    dir,
    { rows: [{ id: 6, name: 'f', part: 'x' }], schema },
    { mode: 'append' },
  );
  table = await DeltaTable.open(dir);
  await table.delete('id = 2');
}

/** Removes the `cdc` actions from every commit: readers must then derive the feed from add/remove. */
function dropChangeFiles(dir: string, versions: number[]): void {
  for (const version of versions) {
    const path = join(dir, '_delta_log', `${String(version).padStart(20, '0')}.json`);
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('{"cdc"'));
    writeFileSync(path, `${kept.join('\n')}\n`);
  }
}

function withoutTimestamp(lines: readonly string[]): string[] {
  return lines.map((line) => {
    const { _commit_timestamp: _, ...rest } = JSON.parse(line) as Record<string, unknown>;
    return JSON.stringify(rest);
  });
}

async function siltRead(request: Request): Promise<SiltResult> {
  try {
    const table = await DeltaTable.open(request.table);
    const feed = await table
      .changes({
        startingVersion: request.startingVersion,
        ...(request.endingVersion === undefined ? {} : { endingVersion: request.endingVersion }),
      })
      .toArrow();
    return { rows: [...tableToJsonLines(feed)] };
  } catch (error) {
    if (!SiltError.isInstance(error)) throw error;
    return { error: error.code, message: error.message };
  }
}

describe('the change data feed, against Spark and delta-rs', () => {
  let root: string;
  const requests: Request[] = [];
  const results: EngineResult[] = [];

  beforeAll(async () => {
    root = await makeTempDir('silt-cdf-interop-');
    const partitioned = join(root, 'silt-partitioned');
    const dvs = join(root, 'silt-dvs');
    const dvsDerived = join(root, 'silt-dvs-derived');
    const mapped = join(root, 'silt-column-mapping');
    const CDF = { 'delta.enableChangeDataFeed': 'true' };
    await writeSiltTable(partitioned, CDF, ['part']);
    await writeSiltTable(dvs, { ...CDF, 'delta.enableDeletionVectors': 'true' }, []);
    await writeSiltTable(dvsDerived, { ...CDF, 'delta.enableDeletionVectors': 'true' }, []);
    dropChangeFiles(dvsDerived, [1, 2, 3, 4, 5]);
    // Silt's DML cannot yet write change data files under column mapping (the change-type
    // column gets no physical name): appends and an overwrite, whose feed is derived.
    await writeDeltaLake(
      mapped,
      { rows, schema },
      { partitionBy: ['part'], properties: { ...CDF, 'delta.columnMapping.mode': 'name' } },
    );
    await writeDeltaLake(
      mapped,
      { rows: [{ id: 6, name: 'f', part: 'x' }], schema },
      { mode: 'append' },
    );
    await writeDeltaLake(mapped, { rows: rows.slice(0, 2), schema }, { mode: 'overwrite' });
    requests.push(
      { table: conformance('cdf-table'), startingVersion: 0 },
      { table: conformance('cdf-table'), startingVersion: 1, endingVersion: 2 },
      { table: conformance('cdf-table-non-partitioned'), startingVersion: 0 },
      { table: conformance('cdf-table-with-cdc-and-dvs'), startingVersion: 0 },
      { table: conformance('checkpoint-cdf-table'), startingVersion: 0 },
      { table: conformance('checkpoint-cdf-table'), startingVersion: 3 },
      { table: conformance('cdc_ict_table'), startingVersion: 0 },
      { table: conformance('simple_table_with_cdc'), startingVersion: 0 },
      { table: conformance('simple_table'), startingVersion: 0 },
      { table: partitioned, startingVersion: 0 },
      { table: partitioned, startingVersion: 2, endingVersion: 3 },
      { table: dvs, startingVersion: 0 },
      { table: dvsDerived, startingVersion: 0 },
      { table: mapped, startingVersion: 0 },
    );
    const out = await runPython('cdf_dump.py', ['--requests', '-'], {
      input: JSON.stringify(requests),
      timeoutMs: 900_000,
    });
    for (const line of out.split('\n')) if (line.trim()) results.push(JSON.parse(line));
  }, 1_000_000);

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  const name = (request: Request) =>
    `${request.table.split('/').at(-1)} from ${request.startingVersion}${request.endingVersion === undefined ? '' : ` to ${request.endingVersion}`}`;
  const find = (engine: EngineResult['engine'], request: Request) =>
    results.find(
      (result) =>
        result.engine === engine &&
        result.table === request.table &&
        result.startingVersion === request.startingVersion &&
        (result.endingVersion ?? undefined) === request.endingVersion,
    );

  it('reads every feed as Spark reads it (rows, change types, versions, commit timestamps)', async () => {
    expect(results.length).toBe(requests.length * 2);
    const report: string[] = [];
    for (const request of requests) {
      const spark = find('spark', request)!;
      const silt = await siltRead(request);
      if (spark.error) {
        if (!('error' in silt))
          report.push(
            `${name(request)}: Spark refuses (${spark.error.type}), Silt reads ${silt.rows.length} rows`,
          );
        continue;
      }
      if ('error' in silt) {
        report.push(
          `${name(request)}: Spark reads ${spark.rows!.length} rows, Silt refuses: ${silt.message}`,
        );
        continue;
      }
      expect(spark.rows!.length, `${name(request)} has changes`).toBeGreaterThan(0);
      const difference = rowsDifference(spark.rows!, silt.rows);
      if (difference) report.push(`${name(request)}: ${JSON.stringify(difference)}`);
    }
    expect(report).toEqual([]);
  });

  it('refuses what Spark refuses, with the same reason', async () => {
    const notRecorded = await siltRead({ table: conformance('simple_table'), startingVersion: 0 });
    expect(notRecorded).toMatchObject({ error: 'SILT_ChangeDataNotRecorded' });
    expect(
      find('spark', { table: conformance('simple_table'), startingVersion: 0 })!.error!.message,
    ).toMatch(/change data was not\s+recorded for version \[0\]/);
    const cleaned = await siltRead({
      table: conformance('checkpoint-cdf-table'),
      startingVersion: 0,
    });
    expect(cleaned).toMatchObject({ error: 'SILT_VersionNotFound' });
  });

  // delta-rs stamps rows with commitInfo.timestamp (the writer's clock), not the commit time
  // Spark and Silt report (in-commit timestamp, else the commit file's modification time): the
  // rows are compared without _commit_timestamp.
  it('agrees with delta-rs on rows, change types and versions', async () => {
    const report: string[] = [];
    for (const request of requests) {
      const spark = find('spark', request)!;
      const deltaRs = find('delta-rs', request)!;
      const table = request.table.split('/').at(-1)!;
      const agrees =
        spark.error || deltaRs.error
          ? Boolean(spark.error) === Boolean(deltaRs.error)
          : rowsDifference(withoutTimestamp(spark.rows!), withoutTimestamp(deltaRs.rows!)) === null;
      if (agrees === table in DELTA_RS_DIFFERS) {
        report.push(
          `${name(request)}: delta-rs ${agrees ? 'now agrees' : 'differs'} (${deltaRs.error ? deltaRs.error.message : JSON.stringify(rowsDifference(spark.rows ?? [], deltaRs.rows ?? []))})`,
        );
      }
    }
    expect(report).toEqual([]);
  });
});
