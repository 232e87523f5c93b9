import { field, readParquet, readParquetSchema, SiltError, struct } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { readLastCheckpoint } from '../log/last-checkpoint.js';
import { formatCommitFile } from '../protocol/commit-file.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import {
  addAction,
  commitInfoAction,
  createTableActions,
  deletionVector,
  domainAction,
  metadataAction,
  protocolAction,
  removeAction,
  txnAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { checkpointPath, writeCheckpoint } from './checkpoint-writer.js';
import { tableState, withoutCommitsThrough } from './checkpoint-writer.test-support.js';
import { CheckpointNotSupported } from './errors/checkpoint-not-supported.js';

const T0 = 1_700_000_000_000;
const DAY = 86_400_000;

/** A table of three commits: adds with partitions, stats, tags and a DV; a remove; txns; domains. */
async function sampleTable(): Promise<TestTable> {
  const table = new TestTable();
  await table.at(T0).commit(0, [
    commitInfoAction({ operation: 'CREATE TABLE' }),
    protocolAction({
      readerFeatures: ['deletionVectors'],
      writerFeatures: ['deletionVectors', 'domainMetadata'],
    }),
    metadataAction({
      partitionColumns: ['part'],
      configuration: { 'delta.enableDeletionVectors': 'true' },
    }),
    addAction('part=a/1.parquet', {
      partitionValues: { part: 'a' },
      stats: '{"numRecords":3,"minValues":{"id":1},"maxValues":{"id":3},"nullCount":{"id":0}}',
      tags: { INSERTION_TIME: '1700000000000000' },
    }),
    addAction('part=__HIVE_DEFAULT_PARTITION__/2.parquet', { partitionValues: { part: null } }),
    txnAction('stream-1', 4),
  ]);
  await table.at(T0 + 1000).commit(1, [
    commitInfoAction({ operation: 'DELETE' }),
    removeAction('part=a/1.parquet', {
      deletionTimestamp: T0 + 1000,
      partitionValues: { part: 'a' },
      size: 100,
      extendedFileMetadata: true,
      tags: { a: 'b' },
    }),
    addAction('part=a/1.parquet', {
      partitionValues: { part: 'a' },
      deletionVector: deletionVector('1', { maxRowIndex: 2 }),
      dataChange: true,
    }),
    domainAction('delta.clustering', '{"clusteringColumns":[]}'),
    domainAction('app.gone', '{}'),
  ]);
  await table.at(T0 + 2000).commit(2, [
    commitInfoAction({ operation: 'WRITE' }),
    domainAction('app.gone', '{}', true),
    txnAction('stream-1', 5),
    txnAction('stream-2', 0),
    addAction('part=b/3.parquet', {
      partitionValues: { part: 'b' },
      baseRowId: 7,
      defaultRowCommitVersion: 2,
    }),
  ]);
  return table;
}

describe('writeCheckpoint', () => {
  it('writes a checkpoint from which the same table state loads without the commits', async () => {
    const table = await sampleTable();
    const snapshot = await loadSnapshot(table.storage);
    const written = await writeCheckpoint(table.storage, snapshot, { now: T0 + DAY });
    expect(written).toMatchObject({
      version: 2,
      path: '_delta_log/00000000000000000002.checkpoint.parquet',
      kind: 'classic',
      // protocol, metaData, 2 txns, 1 domain, 3 adds, 1 remove (the add of 1.parquet without DV)
      size: 9,
      numOfAddFiles: 3,
      numOfRemoveFiles: 1,
    });
    const withCheckpoint = await loadSnapshot(table.storage);
    expect(withCheckpoint.logSegment.checkpoint?.version).toBe(2);
    expect(withCheckpoint.logSegment.lastCheckpoint).toBe('used');
    expect(tableState(withCheckpoint)).toEqual(tableState(snapshot));
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 2));
    expect(tableState(alone)).toEqual(tableState(snapshot));
  });

  it('keeps later commits readable on top of the checkpoint', async () => {
    const table = await sampleTable();
    await writeCheckpoint(table.storage, await loadSnapshot(table.storage), { now: T0 });
    await table.commit(3, [
      removeAction('part=b/3.parquet', { deletionTimestamp: T0 + 3000 }),
      txnAction('stream-2', 1),
    ]);
    const fromCommits = await loadSnapshot(await withoutCommitsThrough(table.storage, -1));
    const storage = await withoutCommitsThrough(table.storage, 2);
    const latest = await loadSnapshot(storage);
    expect(latest.version).toBe(3);
    expect(tableState(latest)).toEqual(tableState(fromCommits));
  });

  it('writes _last_checkpoint with the size, bytes, add count and Spark checksum', async () => {
    const table = await sampleTable();
    const written = await writeCheckpoint(table.storage, await loadSnapshot(table.storage), {
      now: T0,
    });
    const text = new TextDecoder().decode(await table.storage.read('_delta_log/_last_checkpoint'));
    const hint = JSON.parse(text);
    expect(Object.keys(hint)).toEqual([
      'version',
      'size',
      'sizeInBytes',
      'numOfAddFiles',
      'checksum',
    ]);
    expect(hint).toEqual(written.lastCheckpoint);
    expect(hint.sizeInBytes).toBe((await table.storage.stat(written.path)).size);
    expect(await readLastCheckpoint(table.storage)).toEqual({
      status: 'found',
      hint: { version: 2, size: 9 },
    });
  });

  it('leaves out tombstones older than delta.deletedFileRetentionDuration', async () => {
    const table = new TestTable();
    await table.commit(0, [...createTableActions(addAction('a'), addAction('b'), addAction('c'))]);
    await table.commit(1, [
      removeAction('a', { deletionTimestamp: T0 }),
      removeAction('b', { deletionTimestamp: T0 + 2 * DAY }),
      removeAction('c', { deletionTimestamp: undefined }),
    ]);
    const snapshot = await loadSnapshot(table.storage);
    const written = await writeCheckpoint(table.storage, snapshot, { now: T0 + 8 * DAY });
    expect(written.numOfRemoveFiles).toBe(1);
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 1));
    expect(alone.tombstones.map((remove) => remove.path)).toEqual(['b']);
  });

  it('follows a custom delta.deletedFileRetentionDuration', async () => {
    const table = new TestTable();
    await table.commit(0, [
      commitInfoAction(),
      protocolAction(),
      metadataAction({
        configuration: { 'delta.deletedFileRetentionDuration': 'interval 1 hour' },
      }),
      addAction('a'),
    ]);
    await table.commit(1, [removeAction('a', { deletionTimestamp: T0 })]);
    const snapshot = await loadSnapshot(table.storage);
    expect(
      (await writeCheckpoint(table.storage, snapshot, { now: T0 + 3_599_000 })).numOfRemoveFiles,
    ).toBe(1);
    expect(
      (await writeCheckpoint(table.storage, snapshot, { now: T0 + 3_600_000 })).numOfRemoveFiles,
    ).toBe(0);
  });

  it('drops expired application transactions when delta.setTransactionRetentionDuration is set', async () => {
    const table = new TestTable();
    await table.commit(0, [
      commitInfoAction(),
      protocolAction(),
      metadataAction({
        configuration: { 'delta.setTransactionRetentionDuration': 'interval 1 day' },
      }),
      { txn: { appId: 'old', version: 1, lastUpdated: T0 } },
      { txn: { appId: 'new', version: 2, lastUpdated: T0 + DAY } },
      { txn: { appId: 'timeless', version: 3 } },
    ]);
    await writeCheckpoint(table.storage, await loadSnapshot(table.storage), { now: T0 + DAY + 1 });
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 0));
    expect(alone.appIds().sort()).toEqual(['new', 'timeless']);
  });

  it('writes the columns and add fields Spark writes, in its order', async () => {
    const table = await sampleTable();
    const written = await writeCheckpoint(table.storage, await loadSnapshot(table.storage), {
      now: T0,
    });
    const schema = await readParquetSchema(await table.storage.read(written.path));
    expect(schema.fields.map((column) => column.name)).toEqual([
      'txn',
      'add',
      'remove',
      'metaData',
      'protocol',
      'domainMetadata',
    ]);
    const children = (name: string) =>
      (schema.fields.find((column) => column.name === name)!.type.children ?? []).map(
        (child: { name: string }) => child.name,
      );
    expect(children('add')).toEqual([
      'path',
      'partitionValues',
      'size',
      'modificationTime',
      'dataChange',
      'tags',
      'deletionVector',
      'baseRowId',
      'defaultRowCommitVersion',
      'clusteringProvider',
      'stats',
    ]);
    expect(children('remove')).toEqual([
      'path',
      'deletionTimestamp',
      'dataChange',
      'extendedFileMetadata',
      'partitionValues',
      'size',
      'deletionVector',
      'baseRowId',
      'defaultRowCommitVersion',
    ]);
  });

  it('leaves out add.stats when delta.checkpoint.writeStatsAsJson is false', async () => {
    const table = await sampleTable();
    const snapshot = await loadSnapshot(table.storage);
    const written = await writeCheckpoint(table.storage, snapshot, {
      now: T0,
      writeStatsAsJson: false,
    });
    const schema = await readParquetSchema(await table.storage.read(written.path));
    const add = schema.fields.find((column) => column.name === 'add')!;
    expect(add.type.children.map((child: { name: string }) => child.name)).not.toContain('stats');
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 2));
    expect(alone.files.every((file) => file.stats === undefined || file.stats === null)).toBe(true);
  });

  it('writes stats_parsed and partitionValues_parsed with delta.checkpoint.writeStatsAsStruct', async () => {
    const table = new TestTable();
    const schema = struct([
      field('id', 'long'),
      field('name', 'string'),
      field('at', 'timestamp'),
      field('price', 'decimal(10,2)'),
      field('flag', 'boolean'),
      field('nested', struct([field('x', 'integer')])),
      field('day', 'date'),
    ]);
    await table.commit(0, [
      commitInfoAction(),
      protocolAction(),
      metadataAction({
        schema,
        partitionColumns: ['day'],
        configuration: { 'delta.checkpoint.writeStatsAsStruct': 'true' },
      }),
      addAction('day=2024-01-02/a.parquet', {
        partitionValues: { day: '2024-01-02' },
        stats: JSON.stringify({
          numRecords: 2,
          minValues: {
            id: 1,
            name: 'a',
            at: '2024-01-01T00:00:00.000Z',
            price: 1.5,
            nested: { x: 3 },
          },
          maxValues: {
            id: 'BIG',
            name: 'z',
            at: '2024-01-02T00:00:00.000Z',
            price: 99.99,
            nested: { x: 4 },
          },
          nullCount: { id: 0, name: 1, at: 0, price: 0, flag: 2, nested: { x: 0 } },
        })
          // 2^53 + 1, written as exact JSON integers are.
          .replace('"BIG"', '9007199254740993'),
      }),
      addAction('day=__HIVE_DEFAULT_PARTITION__/b.parquet', { partitionValues: { day: null } }),
    ]);
    const written = await writeCheckpoint(table.storage, await loadSnapshot(table.storage), {
      now: T0,
    });
    const data = await readParquet(await table.storage.read(written.path), {
      columns: ['add.path', 'add.partitionValues_parsed', 'add.stats_parsed'],
    });
    const adds = data
      .toArray()
      .map((row) => row.toJSON().add)
      .filter((add) => add !== null)
      .map((add) =>
        JSON.parse(
          JSON.stringify(add.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
        ),
      );
    expect(adds[0]).toMatchObject({
      path: 'day=2024-01-02/a.parquet',
      // Arrow JS reads a date32 as milliseconds: 2024-01-02T00:00:00Z
      partitionValues_parsed: { day: Date.UTC(2024, 0, 2) },
      stats_parsed: {
        numRecords: '2',
        minValues: { id: '1', name: 'a', nested: { x: 3 } },
        // a long beyond 2^53 cannot be known exactly from JSON: unknown, not rounded
        maxValues: { id: null, name: 'z', nested: { x: 4 } },
        nullCount: { id: '0', name: '1', flag: '2', nested: { x: '0' } },
      },
    });
    expect(adds[1]).toMatchObject({ partitionValues_parsed: { day: null }, stats_parsed: null });
    // The checkpoint still rebuilds the table.
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 0));
    expect(alone.files.map((file) => file.path).sort()).toEqual([
      'day=2024-01-02/a.parquet',
      'day=__HIVE_DEFAULT_PARTITION__/b.parquet',
    ]);
  });

  it('keys partition values by physical name in column mapping tables', async () => {
    const table = new TestTable();
    const schema = struct([
      field('id', 'long', true, {
        'delta.columnMapping.id': 1,
        'delta.columnMapping.physicalName': 'col-1',
      }),
      field('part', 'string', true, {
        'delta.columnMapping.id': 2,
        'delta.columnMapping.physicalName': 'col-2',
      }),
    ]);
    await table.commit(0, [
      commitInfoAction(),
      protocolAction({ reader: 2, writer: 5 }),
      metadataAction({
        schema,
        partitionColumns: ['part'],
        configuration: {
          'delta.columnMapping.mode': 'name',
          'delta.columnMapping.maxColumnId': '2',
          'delta.checkpoint.writeStatsAsStruct': 'true',
        },
      }),
      addAction('x/a.parquet', {
        partitionValues: { 'col-2': 'p' },
        stats:
          '{"numRecords":1,"minValues":{"col-1":5},"maxValues":{"col-1":5},"nullCount":{"col-1":0}}',
      }),
    ]);
    const written = await writeCheckpoint(table.storage, await loadSnapshot(table.storage), {
      now: T0,
    });
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 0));
    expect(alone.files[0]!.partitionValues).toEqual({ 'col-2': 'p' });
    const data = await readParquet(await table.storage.read(written.path), {
      columns: ['add.partitionValues_parsed', 'add.stats_parsed'],
    });
    const add = data
      .toArray()
      .map((row) => row.toJSON().add)
      .find((value) => value !== null)!
      .toJSON();
    expect(add.partitionValues_parsed.toJSON()).toEqual({ 'col-2': 'p' });
    expect(add.stats_parsed.toJSON().minValues.toJSON()).toEqual({ 'col-1': 5n });
  });

  it('writes a V2 checkpoint under the classic name for tables with v2Checkpoint', async () => {
    const table = new TestTable();
    await table.commit(0, [
      commitInfoAction(),
      protocolAction({ readerFeatures: ['v2Checkpoint'], writerFeatures: ['v2Checkpoint'] }),
      metadataAction({ configuration: { 'delta.checkpointPolicy': 'v2' } }),
      addAction('a'),
      txnAction('app', 1),
    ]);
    const written = await writeCheckpoint(table.storage, await loadSnapshot(table.storage), {
      now: T0,
    });
    expect(written).toMatchObject({ kind: 'v2', size: 5, path: checkpointPath(0) });
    const data = await readParquet(await table.storage.read(written.path));
    expect(data.schema.fields.map((column) => column.name)).toEqual([
      'txn',
      'add',
      'remove',
      'metaData',
      'protocol',
      'domainMetadata',
      'checkpointMetadata',
      'sidecar',
    ]);
    expect(data.get(0)!.toJSON().checkpointMetadata.toJSON()).toMatchObject({ version: 0n });
    const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 0));
    expect(alone.files.map((file) => file.path)).toEqual(['a']);
    expect(alone.appTransaction('app')?.version).toBe(1);
  });

  it('replaces an existing checkpoint of the same version with identical content', async () => {
    const table = await sampleTable();
    const snapshot = await loadSnapshot(table.storage);
    const first = await writeCheckpoint(table.storage, snapshot, { now: T0 });
    const bytes = await table.storage.read(first.path);
    await writeCheckpoint(table.storage, snapshot, { now: T0 });
    expect(await table.storage.read(first.path)).toEqual(bytes);
  });

  it('refuses tables whose commits a catalog publishes', async () => {
    const table = new TestTable();
    await table.commit(0, [
      commitInfoAction(),
      protocolAction({
        reader: 3,
        writer: 7,
        readerFeatures: [],
        writerFeatures: ['catalogManaged'],
      }),
      metadataAction(),
    ]);
    const snapshot = await loadSnapshot(table.storage);
    const error = await writeCheckpoint(table.storage, snapshot).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CheckpointNotSupported);
    expect(SiltError.hasCode(error, 'SILT_CheckpointNotSupported')).toBe(true);
    expect((error as CheckpointNotSupported).features).toEqual(['catalogManaged']);
  });

  it('checkpoints 100,000 files in bounded time and loads them back', async () => {
    const storage = new MemoryStorage(() => T0);
    const lines = [
      commitInfoAction(),
      protocolAction(),
      metadataAction({ partitionColumns: ['part'] }),
    ];
    const adds = Array.from({ length: 100_000 }, (_, index) =>
      addAction(`part=${index % 100}/file-${index}.parquet`, {
        partitionValues: { part: String(index % 100) },
        stats: `{"numRecords":10,"minValues":{"id":${index}},"maxValues":{"id":${index + 9}},"nullCount":{"id":0}}`,
      }),
    );
    await storage.write(
      '_delta_log/00000000000000000000.json',
      new TextEncoder().encode(formatCommitFile([...lines, ...adds])),
    );
    const snapshot = await loadSnapshot(storage);
    const written = await writeCheckpoint(storage, snapshot, { now: T0 });
    expect(written.numOfAddFiles).toBe(100_000);
    const alone = await loadSnapshot(await withoutCommitsThrough(storage, 0));
    expect(alone.files.length).toBe(100_000);
    expect(alone.files[99_999]).toEqual(snapshot.files[99_999]);
  }, 120_000);
});
