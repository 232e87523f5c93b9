import {
  parseSchema,
  SiltError,
  tableFromRows,
  tableToJsonLines,
  writeParquet,
} from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { VersionNotFound } from '../log/errors/version-not-found.js';
import { commitFilePath } from '../log/log-file-name.js';
import { writeDeltaLake } from '../ops/write.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { TimestampOutOfRange } from '../snapshot/errors/timestamp-out-of-range.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { writeCheckpoint } from '../txn/checkpoint-writer.js';
import { ChangeDataNotRecorded } from './errors/change-data-not-recorded.js';
import { InvalidChangeRange } from './errors/invalid-change-range.js';
import type { ChangesOptions } from './table-changes.js';

const schema = 'id INT, name STRING, part STRING';
const CDF = { 'delta.enableChangeDataFeed': 'true' };
const CDF_DV = { ...CDF, 'delta.enableDeletionVectors': 'true' };

interface Change {
  id: number | null;
  name: string | null;
  part: string | null;
  _change_type: string;
  _commit_version: number;
  _commit_timestamp?: string;
}

async function newTable(
  properties: Record<string, string>,
  rows: Record<string, unknown>[] = [
    { id: 1, name: 'a', part: 'x' },
    { id: 2, name: 'b', part: 'x' },
    { id: 3, name: 'c', part: 'y' },
  ],
  partitionBy: string[] = ['part'],
): Promise<MemoryStorage> {
  const storage = new MemoryStorage();
  await writeDeltaLake(storage, { rows, schema }, { partitionBy, properties });
  return storage;
}

/** The feed as rows without the timestamp, sorted (a multiset compares as a sorted list). */
async function changes(storage: MemoryStorage, options: ChangesOptions): Promise<Change[]> {
  const table = await DeltaTable.open(storage);
  const lines = [...tableToJsonLines(await table.changes(options).toArrow())];
  return lines
    .map((line) => {
      const { _commit_timestamp: _, ...rest } = JSON.parse(line) as Change;
      return rest;
    })
    .sort(
      (a, b) =>
        a._commit_version - b._commit_version ||
        (a.id ?? -1) - (b.id ?? -1) ||
        a._change_type.localeCompare(b._change_type),
    );
}

function row(
  id: number,
  name: string,
  part: string,
  type: string,
  version: number,
): Omit<Change, '_commit_timestamp'> {
  return { id, name, part, _change_type: type, _commit_version: version };
}

async function dropCdcActions(storage: MemoryStorage, version: number): Promise<void> {
  const path = commitFilePath(version);
  const text = new TextDecoder().decode(await storage.read(path));
  const kept = text.split('\n').filter((line) => line !== '' && !line.startsWith('{"cdc"'));
  await storage.write(path, new TextEncoder().encode(`${kept.join('\n')}\n`));
}

describe('DeltaTable.changes', () => {
  it('reads inserts of the first write, and the change files of DELETE, UPDATE and MERGE', async () => {
    const storage = await newTable(CDF);
    let table = await DeltaTable.open(storage);
    await table.delete('id = 1');
    table = await table.latest();
    await table.update({ set: { name: "'B'" }, where: 'id = 2' });
    table = await table.latest();
    await table
      .merge(
        {
          rows: [
            { id: 3, name: 'C', part: 'y' },
            { id: 4, name: 'd', part: 'z' },
          ],
          schema,
        },
        't.id = s.id',
        { sourceAlias: 's', targetAlias: 't' },
      )
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute();
    expect(await changes(storage, { startingVersion: 0 })).toEqual(
      [
        row(1, 'a', 'x', 'insert', 0),
        row(2, 'b', 'x', 'insert', 0),
        row(3, 'c', 'y', 'insert', 0),
        row(1, 'a', 'x', 'delete', 1),
        row(2, 'b', 'x', 'update_postimage', 2),
        row(2, 'b', 'x', 'update_preimage', 2),
        row(3, 'c', 'y', 'update_postimage', 3),
        row(3, 'c', 'y', 'update_preimage', 3),
        row(4, 'd', 'z', 'insert', 3),
      ].map((change) =>
        change._change_type === 'update_postimage'
          ? { ...change, name: change.name!.toUpperCase() }
          : change,
      ),
    );
  });

  it('reads a sub-range, and an end past the latest version reads to the latest', async () => {
    const storage = await newTable(CDF);
    await (await DeltaTable.open(storage)).delete('id = 2');
    await writeDeltaLake(
      storage,
      { rows: [{ id: 9, name: 'z', part: 'x' }], schema },
      { mode: 'append' },
    );
    expect(await changes(storage, { startingVersion: 1, endingVersion: 1 })).toEqual([
      row(2, 'b', 'x', 'delete', 1),
    ]);
    expect(await changes(storage, { startingVersion: 2, endingVersion: 99 })).toEqual([
      row(9, 'z', 'x', 'insert', 2),
    ]);
  });

  it('derives appends and overwrites from their add and remove actions', async () => {
    const storage = await newTable(CDF, undefined, []);
    await writeDeltaLake(
      storage,
      { rows: [{ id: 4, name: 'd', part: 'y' }], schema },
      { mode: 'append' },
    );
    await writeDeltaLake(
      storage,
      { rows: [{ id: 5, name: 'e', part: 'y' }], schema },
      { mode: 'overwrite' },
    );
    expect(await changes(storage, { startingVersion: 1 })).toEqual([
      row(4, 'd', 'y', 'insert', 1),
      row(1, 'a', 'x', 'delete', 2),
      row(2, 'b', 'x', 'delete', 2),
      row(3, 'c', 'y', 'delete', 2),
      row(4, 'd', 'y', 'delete', 2),
      row(5, 'e', 'y', 'insert', 2),
    ]);
  });

  it('derives deletes from deletion vectors when a commit has no change files', async () => {
    const storage = await newTable(CDF_DV);
    const table = await DeltaTable.open(storage);
    await table.delete('id = 2');
    const withFiles = await changes(storage, { startingVersion: 1 });
    await dropCdcActions(storage, 1);
    const actions = parseCommitFile(await storage.read(commitFilePath(1)), 'v1');
    expect(actions.some((action) => 'cdc' in action)).toBe(false);
    expect(
      actions.some((action) => 'add' in action && action.add.deletionVector),
      'the delete wrote a deletion vector',
    ).toBe(true);
    await (await DeltaTable.open(storage)).delete('id = 1');
    await dropCdcActions(storage, 2);
    expect(withFiles).toEqual([row(2, 'b', 'x', 'delete', 1)]);
    // Version 2 replaces the file's vector {row of id 2} by {rows of ids 1 and 2}: only id 1 is new.
    expect(await changes(storage, { startingVersion: 1 })).toEqual([
      row(2, 'b', 'x', 'delete', 1),
      row(1, 'a', 'x', 'delete', 2),
    ]);
  });

  it('gives nothing for commits that change no data', async () => {
    const storage = await newTable(CDF);
    // A metadata-only commit (an empty append) and a delete that matches no row.
    await writeDeltaLake(storage, { rows: [], schema }, { mode: 'append' });
    await (await DeltaTable.open(storage)).delete('id = 42');
    expect(await changes(storage, { startingVersion: 1 })).toEqual([]);
  });

  it('stamps rows with the commit time that history reports', async () => {
    const storage = await newTable(CDF);
    await (await DeltaTable.open(storage)).delete('id = 3');
    const table = await DeltaTable.open(storage);
    const history = new Map(
      (await table.history()).map((entry) => [entry.version, entry.timestamp]),
    );
    const feed = await table.changes({ startingVersion: 0 }).toArrow();
    expect(feed.schema.fields.map((field) => field.name)).toEqual([
      'id',
      'name',
      'part',
      '_change_type',
      '_commit_version',
      '_commit_timestamp',
    ]);
    for (const line of tableToJsonLines(feed)) {
      const change = JSON.parse(line) as Change;
      expect(Date.parse(change._commit_timestamp!)).toBe(history.get(change._commit_version));
      expect(change._commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
  });

  it('resolves starting and ending timestamps to versions', async () => {
    const storage = await newTable(CDF);
    await (await DeltaTable.open(storage)).delete('id = 1');
    await (await DeltaTable.open(storage)).delete('id = 2');
    const times = new Map(
      (await (await DeltaTable.open(storage)).history()).map((e) => [e.version, e.timestamp]),
    );
    const at = (version: number) => times.get(version)!;
    expect(
      await changes(storage, { startingTimestamp: at(1), endingTimestamp: new Date(at(1)) }),
    ).toEqual([row(1, 'a', 'x', 'delete', 1)]);
    // A start between two commits begins at the next one; an ISO string works too.
    expect(
      await changes(storage, { startingTimestamp: new Date(at(1) + 1).toISOString() }),
    ).toEqual([row(2, 'b', 'x', 'delete', 2)]);
    // Before the first commit: from the first commit.
    expect(
      (await changes(storage, { startingTimestamp: at(0) - 60_000, endingVersion: 0 })).length,
    ).toBe(3);
    await expect(changes(storage, { startingTimestamp: at(2) + 60_000 })).rejects.toThrow(
      TimestampOutOfRange,
    );
  });

  it('reads change data files of a column-mapped table by physical names', async () => {
    const storage = await newTable({ ...CDF, 'delta.columnMapping.mode': 'name' });
    const table = await DeltaTable.open(storage);
    const physical = (name: string) =>
      table.schema.fields.find((field) => field.name === name)!.metadata[
        'delta.columnMapping.physicalName'
      ] as string;
    expect(physical('id')).not.toBe('id');
    // A change data file as Spark writes one: physical names, no partition column, _change_type.
    const cdc = tableFromRows(
      parseSchema(`\`${physical('id')}\` INT, \`${physical('name')}\` STRING, _change_type STRING`),
      [
        { [physical('id')]: 2, [physical('name')]: 'b', _change_type: 'update_preimage' },
        { [physical('id')]: 2, [physical('name')]: 'B', _change_type: 'update_postimage' },
      ],
    );
    const path = `_change_data/${physical('part')}=x/cdc-00000.snappy.parquet`;
    const bytes = await writeParquet(cdc);
    await storage.write(path, bytes);
    const commit = [
      { commitInfo: { timestamp: Date.now(), operation: 'UPDATE' } },
      {
        cdc: {
          path,
          partitionValues: { [physical('part')]: 'x' },
          size: bytes.length,
          dataChange: false,
        },
      },
    ];
    await storage.write(
      commitFilePath(1),
      new TextEncoder().encode(`${commit.map((action) => JSON.stringify(action)).join('\n')}\n`),
    );
    expect(await changes(storage, { startingVersion: 1 })).toEqual([
      { ...row(2, 'B', 'x', 'update_postimage', 1) },
      { ...row(2, 'b', 'x', 'update_preimage', 1) },
    ]);
  });

  it('refuses a range in which the feed was not recorded', async () => {
    const storage = await newTable({});
    await writeDeltaLake(
      storage,
      { rows: [{ id: 7, name: 'g', part: 'x' }], schema },
      { mode: 'append', properties: CDF },
    );
    const table = await DeltaTable.open(storage);
    const error = await table
      .changes({ startingVersion: 0 })
      .toArrow()
      .catch((e: unknown) => e);
    expect(SiltError.hasCode(error, ChangeDataNotRecorded.code)).toBe(true);
    expect((error as Error).message).toContain(
      'Error getting change data for range [0 , 1] as change data was not recorded for version [0]',
    );
    // From the version that enabled it, the feed is there.
    expect(await changes(storage, { startingVersion: 1 })).toEqual([row(7, 'g', 'x', 'insert', 1)]);
  });

  it('refuses a range through a version that turned the feed off', async () => {
    const storage = await newTable(CDF);
    await writeDeltaLake(
      storage,
      { rows: [{ id: 7, name: 'g', part: 'x' }], schema },
      { mode: 'overwrite', properties: { 'delta.enableChangeDataFeed': 'false' } },
    );
    const latest = await DeltaTable.open(storage);
    expect(latest.metadata.configuration['delta.enableChangeDataFeed']).toBe('false');
    await expect(changes(storage, { startingVersion: 0, endingVersion: 0 })).resolves.toHaveLength(
      3,
    );
    const error = await changes(storage, { startingVersion: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeDataNotRecorded);
    expect((error as ChangeDataNotRecorded).version).toBe(1);
  });

  it('refuses invalid ranges and versions no longer in the log', async () => {
    const storage = await newTable(CDF);
    await (await DeltaTable.open(storage)).delete('id = 1');
    await expect(changes(storage, {})).rejects.toThrow(InvalidChangeRange);
    await expect(changes(storage, { startingVersion: 2 })).rejects.toThrow(
      /start version 2 is after the latest version of the table \(1\)/,
    );
    await expect(changes(storage, { startingVersion: 1, endingVersion: 0 })).rejects.toThrow(
      InvalidChangeRange,
    );
    await expect(changes(storage, { startingVersion: -1 })).rejects.toThrow(InvalidChangeRange);
    await writeCheckpoint(storage, (await DeltaTable.open(storage)).snapshot);
    await storage.delete(commitFilePath(0));
    expect(await changes(storage, { startingVersion: 1 })).toEqual([row(1, 'a', 'x', 'delete', 1)]);
    await expect(changes(storage, { startingVersion: 0 })).rejects.toThrow(VersionNotFound);
  });
});
