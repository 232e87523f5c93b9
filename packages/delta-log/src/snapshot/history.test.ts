import { describe, expect, it } from 'vitest';
import {
  addAction,
  commitInfoAction,
  createTableActions,
  metadataAction,
  protocolAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { history } from './history.js';

const T0 = 1_700_000_000_000;

async function sampleTable(): Promise<TestTable> {
  const table = new TestTable();
  await table.at(T0).commit(0, createTableActions(addAction('a')));
  await table.at(T0 + 1000).commit(1, [
    commitInfoAction({
      timestamp: 42,
      operation: 'MERGE',
      operationParameters: { predicate: 'id = 1' },
      operationMetrics: { numTargetRowsUpdated: '1' },
      userMetadata: 'nightly',
      engineInfo: 'Apache-Spark/3.5.0 Delta-Lake/3.1.0',
    }),
    addAction('b'),
  ]);
  await table.at(T0 + 1000).commit(2, [addAction('c')]);
  return table;
}

describe('history', () => {
  it('lists every commit newest first with its commitInfo', async () => {
    const entries = await history((await sampleTable()).storage);
    expect(entries.map((entry) => entry.version)).toEqual([2, 1, 0]);
    expect(entries[1]).toEqual({
      version: 1,
      timestamp: T0 + 1000,
      operation: 'MERGE',
      operationParameters: { predicate: 'id = 1' },
      operationMetrics: { numTargetRowsUpdated: '1' },
      userMetadata: 'nightly',
      engineInfo: 'Apache-Spark/3.5.0 Delta-Lake/3.1.0',
      commitInfo: expect.objectContaining({ timestamp: 42, operation: 'MERGE' }),
    });
    expect(entries[2]?.operation).toBe('CREATE TABLE');
  });

  it('gives a commit without commitInfo only its version and time, made later than the commit before', async () => {
    const [latest] = await history((await sampleTable()).storage);
    expect(latest).toEqual({ version: 2, timestamp: T0 + 1001 });
  });

  it('returns at most limit entries, the newest', async () => {
    expect(
      (await history((await sampleTable()).storage, { limit: 2 })).map((entry) => entry.version),
    ).toEqual([2, 1]);
    expect(await history((await sampleTable()).storage, { limit: 0 })).toEqual([]);
  });

  it('lists commits older than the earliest checkpoint too', async () => {
    const table = await sampleTable();
    await table.checkpoint(1, [protocolAction(), metadataAction(), addAction('a'), addAction('b')]);
    expect((await history(table.storage)).map((entry) => entry.version)).toEqual([2, 1, 0]);
  });

  it('shows in-commit timestamps where the table has them', async () => {
    const table = new TestTable();
    await table
      .at(T0 + 5000)
      .commit(0, [
        commitInfoAction({ inCommitTimestamp: T0 + 10 }),
        protocolAction({ reader: 1, writer: 7, writerFeatures: ['inCommitTimestamp'] }),
        metadataAction({ configuration: { 'delta.enableInCommitTimestamps': 'true' } }),
      ]);
    await table
      .at(T0 + 4000)
      .commit(1, [commitInfoAction({ inCommitTimestamp: T0 + 20 }), addAction('a')]);
    expect((await history(table.storage)).map((entry) => [entry.version, entry.timestamp])).toEqual(
      [
        [1, T0 + 20],
        [0, T0 + 10],
      ],
    );
  });
});
