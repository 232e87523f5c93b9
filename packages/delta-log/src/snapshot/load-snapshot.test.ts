import { field, SiltError, struct } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { TableNotFound } from '../log/errors/table-not-found.js';
import { VersionNotFound } from '../log/errors/version-not-found.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { InvalidTableProperty } from '../protocol/errors/invalid-table-property.js';
import { PathOutsideTable } from '../protocol/errors/path-outside-table.js';
import { ProtocolNotSupported } from '../protocol/errors/protocol-not-supported.js';
import {
  addAction,
  commitInfoAction,
  createTableActions,
  domainAction,
  metadataAction,
  protocolAction,
  removeAction,
  TEST_SCHEMA,
  txnAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { MissingMetadata } from './errors/missing-metadata.js';
import { MissingProtocol } from './errors/missing-protocol.js';
import { loadSnapshot } from './load-snapshot.js';

const T0 = 1_700_000_000_000;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (SiltError.isInstance(error)) return error.code;
    throw error;
  }
  return 'no error';
}

/** A partitioned table of four versions, with transactions and domains. */
async function sampleTable(): Promise<TestTable> {
  const table = new TestTable();
  await table.at(T0).commit(0, [
    commitInfoAction({ operation: 'CREATE TABLE' }),
    protocolAction(),
    metadataAction({
      partitionColumns: ['part'],
      configuration: { 'delta.logRetentionDuration': 'interval 7 days' },
    }),
    addAction('part=a/1.parquet', { partitionValues: { part: 'a' } }),
    addAction('part=b/2.parquet', { partitionValues: { part: 'b' } }),
    txnAction('stream', 0),
    domainAction('app.settings', '{"v":1}'),
  ]);
  await table
    .at(T0 + 1000)
    .commit(1, [
      commitInfoAction({ operation: 'DELETE' }),
      removeAction('part=a/1.parquet'),
      txnAction('stream', 1),
    ]);
  await table
    .at(T0 + 2000)
    .commit(2, [
      addAction('part=c/3.parquet', { partitionValues: { part: 'c' } }),
      domainAction('app.settings', '{"v":1}', true),
    ]);
  await table
    .at(T0 + 3000)
    .commit(3, [
      commitInfoAction({ operation: 'WRITE' }),
      addAction('part=d/4%20x.parquet', { partitionValues: { part: 'd' } }),
    ]);
  return table;
}

describe('loadSnapshot', () => {
  it('loads the latest version with its state', async () => {
    const snapshot = await loadSnapshot((await sampleTable()).storage);
    expect(snapshot.version).toBe(3);
    expect(snapshot.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    expect(snapshot.schema).toEqual(TEST_SCHEMA);
    expect(snapshot.partitionColumns).toEqual(['part']);
    expect(snapshot.files.map((file) => file.path)).toEqual([
      'part=b/2.parquet',
      'part=c/3.parquet',
      'part=d/4%20x.parquet',
    ]);
    expect(snapshot.tombstones.map((file) => file.path)).toEqual(['part=a/1.parquet']);
    expect(snapshot.appTransaction('stream')?.version).toBe(1);
    expect(snapshot.appTransaction('other')).toBeUndefined();
    expect(snapshot.appIds()).toEqual(['stream']);
    expect(snapshot.domainMetadata('app.settings')).toBeUndefined();
    expect(snapshot.domainNames()).toEqual([]);
    expect(snapshot.commitInfo?.operation).toBe('WRITE');
    expect(snapshot.timestamp).toBe(T0 + 3000);
    expect(snapshot.properties.logRetentionDuration).toBe(7 * 86_400_000);
    expect(snapshot.configuration).toEqual({ 'delta.logRetentionDuration': 'interval 7 days' });
  });

  it.each([
    [0, ['part=a/1.parquet', 'part=b/2.parquet'], 0, '{"v":1}'],
    [1, ['part=b/2.parquet'], 1, '{"v":1}'],
    [2, ['part=b/2.parquet', 'part=c/3.parquet'], 1, undefined],
  ])('time travel to version %i sees that version', async (version, files, txn, domain) => {
    const snapshot = await loadSnapshot((await sampleTable()).storage, { version });
    expect(snapshot.version).toBe(version);
    expect(snapshot.files.map((file) => file.path)).toEqual(files);
    expect(snapshot.appTransaction('stream')?.version).toBe(txn);
    expect(snapshot.domainMetadata('app.settings')).toBe(domain);
    expect(snapshot.timestamp).toBe(T0 + version * 1000);
  });

  it('a version without commitInfo has none', async () => {
    expect(
      (await loadSnapshot((await sampleTable()).storage, { version: 2 })).commitInfo,
    ).toBeUndefined();
  });

  it('exposes the decoded storage path of a file', async () => {
    const snapshot = await loadSnapshot((await sampleTable()).storage);
    expect(snapshot.filePath(snapshot.files.at(-1)!)).toBe('part=d/4 x.parquet');
  });

  it('builds the same state from a checkpoint as from the commits, with the commitInfo of the checkpointed version', async () => {
    const table = await sampleTable();
    const fromCommits = await loadSnapshot(table.storage, { version: 3 });
    await table
      .at(T0 + 9000)
      .checkpoint(3, [
        protocolAction(),
        { metaData: fromCommits.metadata },
        ...fromCommits.files.map((add) => ({ add })),
        ...fromCommits.tombstones.map((remove) => ({ remove })),
        txnAction('stream', 1),
      ]);
    await table.lastCheckpoint({ version: 3, size: 7 });
    const fromCheckpoint = await loadSnapshot(table.storage);
    expect(fromCheckpoint.logSegment.checkpoint?.version).toBe(3);
    expect(fromCheckpoint.logSegment.lastCheckpoint).toBe('used');
    expect(fromCheckpoint.files).toEqual(fromCommits.files);
    expect(fromCheckpoint.tombstones.map((file) => file.path)).toEqual(['part=a/1.parquet']);
    expect(fromCheckpoint.appTransaction('stream')?.version).toBe(1);
    expect(fromCheckpoint.commitInfo?.operation).toBe('WRITE');
    expect(fromCheckpoint.timestamp).toBe(T0 + 3000);
  });

  it('uses the checkpoint time for a version whose commit was cleaned up', async () => {
    const table = new TestTable();
    await table.at(T0 + 500).checkpoint(4, [protocolAction(), metadataAction(), addAction('a')]);
    const snapshot = await loadSnapshot(table.storage);
    expect(snapshot.version).toBe(4);
    expect(snapshot.timestamp).toBe(T0 + 500);
  });

  it('takes the in-commit timestamp as the snapshot time where the table has them', async () => {
    const table = new TestTable();
    await table
      .at(T0)
      .commit(0, [
        commitInfoAction({ inCommitTimestamp: 123_456 }),
        protocolAction({ reader: 1, writer: 7, writerFeatures: ['inCommitTimestamp'] }),
        metadataAction({ configuration: { 'delta.enableInCommitTimestamps': 'true' } }),
      ]);
    expect((await loadSnapshot(table.storage)).timestamp).toBe(123_456);
  });

  it('fails with CorruptLog when an in-commit timestamp is missing', async () => {
    const table = new TestTable();
    await table.commit(0, [
      protocolAction({ reader: 1, writer: 7, writerFeatures: ['inCommitTimestamp'] }),
      metadataAction({ configuration: { 'delta.enableInCommitTimestamps': 'true' } }),
    ]);
    expect(await codeOf(loadSnapshot(table.storage))).toBe(CorruptLog.code);
  });

  it.each([
    [
      'a reader feature Silt lacks',
      [protocolAction({ readerFeatures: ['catalogManaged'] }), metadataAction()],
      ProtocolNotSupported.code,
    ],
    [
      'reader version 4',
      [protocolAction({ reader: 4, writer: 7 }), metadataAction()],
      ProtocolNotSupported.code,
    ],
    ['no protocol', [metadataAction(), addAction('a')], MissingProtocol.code],
    ['no metaData', [protocolAction(), addAction('a')], MissingMetadata.code],
    [
      'an invalid schema',
      [
        protocolAction(),
        metadataAction({ schema: '{"type":"struct","fields":[{"name":"x","type":"uuid"}]}' }),
      ],
      CorruptLog.code,
    ],
  ])('refuses a table with %s', async (_case, actions, code) => {
    const table = new TestTable();
    await table.commit(0, actions);
    expect(await codeOf(loadSnapshot(table.storage))).toBe(code);
  });

  it('checks the protocol before parsing the schema', async () => {
    const table = new TestTable();
    await table.commit(0, [
      protocolAction({ readerFeatures: ['futureTypes'] }),
      metadataAction({ schema: '{"type":"struct","fields":[{"name":"x","type":"future"}]}' }),
    ]);
    expect(await codeOf(loadSnapshot(table.storage))).toBe(ProtocolNotSupported.code);
  });

  it('a malformed table property fails only when properties are read', async () => {
    const table = new TestTable();
    await table.commit(0, [
      protocolAction(),
      metadataAction({ configuration: { 'delta.checkpointInterval': 'often' } }),
    ]);
    const snapshot = await loadSnapshot(table.storage);
    expect(() => snapshot.properties).toThrow(InvalidTableProperty);
  });

  it('fails with TableNotFound for an empty storage, and VersionNotFound outside the range', async () => {
    expect(await codeOf(loadSnapshot(new TestTable().storage))).toBe(TableNotFound.code);
    expect(await codeOf(loadSnapshot((await sampleTable()).storage, { version: 9 }))).toBe(
      VersionNotFound.code,
    );
  });

  it('refuses a version and a timestamp together', async () => {
    await expect(
      loadSnapshot((await sampleTable()).storage, { version: 1, timestamp: T0 }),
    ).rejects.toThrow(TypeError);
  });

  it('reads a table whose metaData lacks a schema as a table without columns (as Spark does)', async () => {
    const table = new TestTable();
    await table.commit(0, [
      protocolAction(),
      {
        metaData: {
          id: 'x',
          format: { provider: 'parquet', options: {} },
          partitionColumns: [],
          configuration: {},
        },
      } as never,
    ]);
    expect((await loadSnapshot(table.storage)).schema).toEqual(struct([]));
  });

  it('reads a nested schema', async () => {
    const schema = struct([
      field(
        's',
        struct([field('a', { type: 'array', elementType: 'integer', containsNull: true })]),
      ),
    ]);
    const table = new TestTable();
    await table.commit(
      0,
      createTableActions().map((action) =>
        'metaData' in action ? metadataAction({ schema }) : action,
      ),
    );
    expect((await loadSnapshot(table.storage)).schema).toEqual(schema);
  });
});

describe('a crafted log with paths outside the table', () => {
  it.each([
    ['../../etc/passwd'],
    ['%2E%2E/%2E%2E/etc/passwd'],
    ['/etc/passwd'],
    ['file:///etc/passwd'],
    ['s3://elsewhere/secret.parquet'],
  ])('loads, but refuses to resolve %j with PathOutsideTable', async (path) => {
    const table = new TestTable();
    await table.commit(0, createTableActions(addAction('ok.parquet'), addAction(path)));
    const snapshot = await loadSnapshot(table.storage);
    expect(snapshot.files.map((file) => file.path)).toEqual(['ok.parquet', path]);
    expect(snapshot.filePath(snapshot.files[0]!)).toBe('ok.parquet');
    expect(() => snapshot.filePath(snapshot.files[1]!)).toThrow(PathOutsideTable);
  });

  it('a remove of such a path is refused the same way (VACUUM must never delete outside the table)', async () => {
    const table = new TestTable();
    await table.commit(0, createTableActions(removeAction('../../home/user/.ssh/id_rsa')));
    const snapshot = await loadSnapshot(table.storage);
    expect(() => snapshot.filePath(snapshot.tombstones[0]!)).toThrow(PathOutsideTable);
  });
});
