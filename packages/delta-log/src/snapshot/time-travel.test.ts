import { describe, expect, it } from 'vitest';
import type { Action } from '../protocol/actions.js';
import {
  addAction,
  commitInfoAction,
  createTableActions,
  metadataAction,
  protocolAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { TimestampOutOfRange } from './errors/timestamp-out-of-range.js';
import { loadSnapshot } from './load-snapshot.js';
import { versionAtTimestamp } from './time-travel.js';

const T0 = 1_700_000_000_000;

/** Commits whose files were written at the given times (as a copy or a skewed clock leaves them). */
async function tableWithFileTimes(times: number[]): Promise<TestTable> {
  const table = new TestTable();
  for (const [version, time] of times.entries()) {
    await table
      .at(time)
      .commit(
        version,
        version === 0
          ? createTableActions(addAction('f0'))
          : [commitInfoAction(), addAction(`f${version}`)],
      );
  }
  return table;
}

const ictProtocol = protocolAction({ reader: 1, writer: 7, writerFeatures: ['inCommitTimestamp'] });

async function outOfRange(promise: Promise<unknown>): Promise<TimestampOutOfRange> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TimestampOutOfRange) return error;
    throw error;
  }
  throw new Error('expected TimestampOutOfRange');
}

describe('versionAtTimestamp with file modification times', () => {
  // Versions 2 and 3 have file times not after the one before: they count as 1 ms after it.
  const times = [T0, T0 + 1000, T0 + 1000, T0 + 500];

  it.each([
    [T0, 0],
    [T0 + 999, 0],
    [T0 + 1000, 1],
    [T0 + 1001, 2],
    [T0 + 1002, 3],
  ])('the time %i reads version %i (the latest commit at or before it)', async (time, version) => {
    const table = await tableWithFileTimes(times);
    expect(await versionAtTimestamp(table.storage, time)).toBe(version);
    expect(await versionAtTimestamp(table.storage, new Date(time))).toBe(version);
    expect((await loadSnapshot(table.storage, { timestamp: time })).version).toBe(version);
  });

  it('a time before the first commit fails with TimestampOutOfRange naming the earliest time', async () => {
    const error = await outOfRange(
      versionAtTimestamp((await tableWithFileTimes(times)).storage, T0 - 1),
    );
    expect(error).toMatchObject({ timestamp: T0 - 1, earliest: T0, latest: T0 + 1002 });
    expect(error.message).toContain(new Date(T0).toISOString());
    expect(error.message).toContain('before the earliest');
  });

  it('a time after the latest commit fails with TimestampOutOfRange, as Spark does', async () => {
    const error = await outOfRange(
      versionAtTimestamp((await tableWithFileTimes(times)).storage, T0 + 1003),
    );
    expect(error.message).toContain('after the latest commit');
    expect(error.message).toContain(new Date(T0 + 1002).toISOString());
  });

  it('only versions that can still be rebuilt are candidates (log cleaned up to a checkpoint)', async () => {
    const table = await tableWithFileTimes([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    await table
      .at(T0 + 2500)
      .checkpoint(2, [
        protocolAction(),
        metadataAction(),
        addAction('f0'),
        addAction('f1'),
        addAction('f2'),
      ]);
    await table.storage.delete('_delta_log/00000000000000000000.json');
    await table.storage.delete('_delta_log/00000000000000000001.json');
    expect(await versionAtTimestamp(table.storage, T0 + 2000)).toBe(2);
    expect((await outOfRange(versionAtTimestamp(table.storage, T0 + 1500))).earliest).toBe(
      T0 + 2000,
    );
  });

  it('refuses a time that is not a number', async () => {
    await expect(
      versionAtTimestamp((await tableWithFileTimes([T0])).storage, Number.NaN),
    ).rejects.toThrow(TypeError);
  });
});

describe('versionAtTimestamp with in-commit timestamps', () => {
  it('uses in-commit timestamps, not file times, when enabled at creation', async () => {
    const table = new TestTable();
    const enabled = metadataAction({ configuration: { 'delta.enableInCommitTimestamps': 'true' } });
    // File times run backwards; in-commit timestamps are what counts.
    await table
      .at(T0 + 9000)
      .commit(0, [commitInfoAction({ inCommitTimestamp: T0 + 100 }), ictProtocol, enabled]);
    await table
      .at(T0 + 8000)
      .commit(1, [commitInfoAction({ inCommitTimestamp: T0 + 200 }), addAction('a')]);
    await table
      .at(T0 + 7000)
      .commit(2, [commitInfoAction({ inCommitTimestamp: T0 + 300 }), addAction('b')]);
    expect(await versionAtTimestamp(table.storage, T0 + 250)).toBe(1);
    expect(await versionAtTimestamp(table.storage, T0 + 300)).toBe(2);
    expect((await outOfRange(versionAtTimestamp(table.storage, T0 + 99))).earliest).toBe(T0 + 100);
    expect((await outOfRange(versionAtTimestamp(table.storage, T0 + 301))).latest).toBe(T0 + 300);
    expect((await loadSnapshot(table.storage, { version: 1 })).timestamp).toBe(T0 + 200);
  });

  it('uses file times before the enablement version and in-commit timestamps from it on', async () => {
    const table = new TestTable();
    const enablement: Action = metadataAction({
      configuration: {
        'delta.enableInCommitTimestamps': 'true',
        'delta.inCommitTimestampEnablementVersion': '2',
        'delta.inCommitTimestampEnablementTimestamp': String(T0 + 5000),
      },
    });
    await table.at(T0).commit(0, createTableActions());
    await table.at(T0 + 1000).commit(1, [addAction('a')]);
    await table
      .at(T0 + 99_000)
      .commit(2, [commitInfoAction({ inCommitTimestamp: T0 + 5000 }), ictProtocol, enablement]);
    await table
      .at(T0 + 98_000)
      .commit(3, [commitInfoAction({ inCommitTimestamp: T0 + 6000 }), addAction('b')]);
    const cases: [number, number][] = [
      [T0, 0],
      [T0 + 1500, 1],
      [T0 + 4999, 1],
      [T0 + 5000, 2],
      [T0 + 5999, 2],
      [T0 + 6000, 3],
    ];
    for (const [time, version] of cases)
      expect({ time, version: await versionAtTimestamp(table.storage, time) }).toEqual({
        time,
        version,
      });
    await outOfRange(versionAtTimestamp(table.storage, T0 + 6001));
    await outOfRange(versionAtTimestamp(table.storage, T0 - 1));
    expect((await loadSnapshot(table.storage, { version: 1 })).timestamp).toBe(T0 + 1000);
    expect((await loadSnapshot(table.storage, { version: 3 })).timestamp).toBe(T0 + 6000);
  });
});
