import { describe, expect, it } from 'vitest';
import { commitFilePath } from '../log/log-file-name.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { versionAtTimestamp } from '../snapshot/time-travel.js';
import {
  addAction,
  commitInfoAction,
  createTableActions,
  metadataAction,
  protocolAction,
  removeAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { checkpointPath, writeCheckpoint } from './checkpoint-writer.js';
import { tableState } from './checkpoint-writer.test-support.js';
import { cleanupMetadata } from './log-cleanup.js';

const DAY = 86_400_000;
/** Midnight UTC, 2024-01-01. */
const START = Date.UTC(2024, 0, 1);

/**
 * A table with one commit a day for `days` days (version N at START + N days + 1 h), a
 * checkpoint at every version in `checkpoints` (written the same day as its commit), and the
 * same table state at each version as `expected[N]`.
 */
async function dailyTable(days: number, checkpoints: number[]) {
  const table = new TestTable();
  const expected = new Map<number, ReturnType<typeof tableState>>();
  for (let version = 0; version < days; version++) {
    const time = START + version * DAY + 3_600_000;
    table.at(time);
    await table.commit(
      version,
      version === 0
        ? [
            commitInfoAction({ timestamp: time }),
            protocolAction(),
            // Checkpoints keep every tombstone, so that each version's state is the same whichever files rebuild it.
            metadataAction({
              configuration: { 'delta.deletedFileRetentionDuration': 'interval 1000 days' },
            }),
            addAction('f0.parquet'),
          ]
        : [
            commitInfoAction({ timestamp: time }),
            addAction(`f${version}.parquet`),
            ...(version % 3 === 0
              ? [removeAction(`f${version - 1}.parquet`, { deletionTimestamp: time })]
              : []),
          ],
    );
    const snapshot = await loadSnapshot(table.storage);
    expected.set(version, tableState(snapshot));
    if (checkpoints.includes(version))
      await writeCheckpoint(table.storage, snapshot, { now: time });
  }
  return { table, expected };
}

function logFiles(table: TestTable): Promise<string[]> {
  return (async () => {
    const paths: string[] = [];
    for await (const file of table.storage.list('')) paths.push(file.path);
    return paths;
  })();
}

describe('cleanupMetadata', () => {
  it('deletes the log before the newest checkpoint older than the retention, and nothing else', async () => {
    const { table, expected } = await dailyTable(20, [5, 10, 15]);
    await table.writeText('_delta_log/00000000000000000003.crc', '{}');
    await table.writeText('_delta_log/00000000000000000012.crc', '{}');
    await table.writeText('_delta_log/.00000000000000000004.json.crc', 'x');
    await table.writeText(
      '_delta_log/00000000000000000001.00000000000000000004.compacted.json',
      '',
    );
    await table.writeText(
      '_delta_log/00000000000000000011.00000000000000000013.compacted.json',
      '',
    );
    const snapshot = await loadSnapshot(table.storage);
    // now = day 19 + 2 h; retention 7 days → cutoff midnight of day 12: version 11 is the newest
    // commit before it, checkpoint 10 the newest checkpoint at or before version 11.
    const now = START + 19 * DAY + 7_200_000;
    const result = await cleanupMetadata(table.storage, snapshot, { now, retentionMs: 7 * DAY });
    expect(result.cutoff).toBe(START + 12 * DAY);
    expect(result.checkpointVersion).toBe(10);
    expect(result.deleted).toEqual([
      commitFilePath(0),
      commitFilePath(1),
      commitFilePath(2),
      '_delta_log/00000000000000000003.crc',
      commitFilePath(3),
      // A compaction goes with its last version.
      '_delta_log/.00000000000000000004.json.crc',
      '_delta_log/00000000000000000001.00000000000000000004.compacted.json',
      commitFilePath(4),
      checkpointPath(5),
      commitFilePath(5),
      commitFilePath(6),
      commitFilePath(7),
      commitFilePath(8),
      commitFilePath(9),
    ]);
    const remaining = await logFiles(table);
    expect(remaining).toContain(checkpointPath(10));
    expect(remaining).toContain(commitFilePath(10));
    expect(remaining).toContain('_delta_log/00000000000000000012.crc');
    expect(remaining).toContain(
      '_delta_log/00000000000000000011.00000000000000000013.compacted.json',
    );
    expect(remaining).toContain('_delta_log/_last_checkpoint');
    for (const version of [10, 11, 12, 15, 19]) {
      expect(tableState(await loadSnapshot(table.storage, { version }))).toEqual(
        expected.get(version),
      );
    }
    await expect(loadSnapshot(table.storage, { version: 9 })).rejects.toMatchObject({
      code: 'SILT_VersionNotFound',
    });
  });

  it('keeps every version within the retention readable by version and by timestamp', async () => {
    const { table, expected } = await dailyTable(30, [4, 8, 12, 16, 20, 24, 28]);
    const now = START + 29 * DAY + 7_200_000;
    const retentionMs = 10 * DAY;
    const before = new Map<number, number>();
    for (let version = 0; version < 30; version++) {
      before.set(
        version,
        await versionAtTimestamp(table.storage, START + version * DAY + 3_600_000),
      );
    }
    const result = await cleanupMetadata(table.storage, await loadSnapshot(table.storage), {
      now,
      retentionMs,
    });
    expect(result.checkpointVersion).toBe(16);
    const cutoff = now - retentionMs;
    for (let version = 0; version < 30; version++) {
      const committed = START + version * DAY + 3_600_000;
      if (committed < cutoff) continue;
      expect(tableState(await loadSnapshot(table.storage, { version }))).toEqual(
        expected.get(version),
      );
      expect(await versionAtTimestamp(table.storage, committed)).toBe(before.get(version));
      const asOf = await loadSnapshot(table.storage, { timestamp: committed });
      expect(asOf.version).toBe(version);
    }
  });

  it('deletes nothing without a checkpoint older than the cutoff', async () => {
    const { table } = await dailyTable(10, [8]);
    const snapshot = await loadSnapshot(table.storage);
    const before = await logFiles(table);
    const result = await cleanupMetadata(table.storage, snapshot, {
      now: START + 9 * DAY,
      retentionMs: 3 * DAY,
    });
    expect(result).toMatchObject({ checkpointVersion: undefined, deleted: [] });
    expect(await logFiles(table)).toEqual(before);
  });

  it('reads delta.logRetentionDuration (default 30 days)', async () => {
    const { table } = await dailyTable(12, [2, 6]);
    const snapshot = await loadSnapshot(table.storage);
    const now = START + 11 * DAY;
    expect((await cleanupMetadata(table.storage, snapshot, { now, dryRun: true })).deleted).toEqual(
      [],
    );
    const custom = new TestTable();
    custom.at(START);
    await custom.commit(0, [
      commitInfoAction(),
      protocolAction(),
      metadataAction({ configuration: { 'delta.logRetentionDuration': 'interval 2 days' } }),
    ]);
    for (let version = 1; version < 6; version++) {
      custom.at(START + version * DAY);
      await custom.commit(version, [addAction(`f${version}`)]);
      if (version === 2)
        await writeCheckpoint(custom.storage, await loadSnapshot(custom.storage), { now: START });
    }
    const result = await cleanupMetadata(custom.storage, await loadSnapshot(custom.storage), {
      now: START + 5 * DAY,
    });
    expect(result.checkpointVersion).toBe(2);
    expect(result.deleted).toEqual([commitFilePath(0), commitFilePath(1)]);
  });

  it('plans without deleting in a dry run', async () => {
    const { table } = await dailyTable(10, [3]);
    const before = await logFiles(table);
    const result = await cleanupMetadata(table.storage, await loadSnapshot(table.storage), {
      now: START + 40 * DAY,
      dryRun: true,
    });
    expect(result.deleted).toEqual([0, 1, 2].map(commitFilePath));
    expect(await logFiles(table)).toEqual(before);
  });

  it('never touches data files or files outside _delta_log', async () => {
    const { table } = await dailyTable(10, [5]);
    await table.writeText('f0.parquet', 'data');
    await table.writeText('_delta_log_backup/00000000000000000000.json', '');
    await table.writeText('_delta_log/_staged_commits/00000000000000000001.abc.json', '');
    const result = await cleanupMetadata(table.storage, await loadSnapshot(table.storage), {
      now: START + 60 * DAY,
    });
    expect(result.deleted.every((path) => /^_delta_log\/[^/]+$/.test(path))).toBe(true);
    const remaining = await logFiles(table);
    expect(remaining).toEqual(
      expect.arrayContaining([
        'f0.parquet',
        '_delta_log_backup/00000000000000000000.json',
        '_delta_log/_staged_commits/00000000000000000001.abc.json',
      ]),
    );
  });

  it('deletes checkpoints of every naming before the cutoff checkpoint, incomplete ones too', async () => {
    const { table } = await dailyTable(10, [6]);
    table.at(START + 2 * DAY);
    const actions = createTableActions(addAction('f0.parquet'));
    const multi = await table.checkpoint(2, actions, { naming: 'multi-part', parts: 2 });
    const partial = await table.checkpoint(3, actions, {
      naming: 'multi-part',
      parts: 3,
      skipParts: [2],
    });
    const uuid = await table.checkpoint(4, actions, { naming: 'uuid' });
    const result = await cleanupMetadata(table.storage, await loadSnapshot(table.storage), {
      now: START + 60 * DAY,
    });
    expect(result.checkpointVersion).toBe(6);
    expect(result.deleted).toEqual(expect.arrayContaining([...multi, ...partial, ...uuid]));
    expect(await logFiles(table)).toContain(checkpointPath(6));
  });

  it('deletes sidecars no remaining checkpoint references, once they are a day old', async () => {
    const { table } = await dailyTable(10, []);
    table.at(START + 3 * DAY);
    const old = await table.sidecar('old.parquet', [addAction('f0.parquet')]);
    await table.checkpoint(3, [...createTableActions(), old], { naming: 'uuid', uuid: 'aaaa' });
    table.at(START + 6 * DAY);
    const kept = await table.sidecar('kept.parquet', [addAction('f0.parquet')]);
    await table.checkpoint(6, [...createTableActions(), kept], { naming: 'uuid', uuid: 'bbbb' });
    await table.sidecar('orphan.parquet', [addAction('f0.parquet')]);
    table.at(START + 40 * DAY);
    await table.sidecar('in-progress.parquet', [addAction('f0.parquet')]);
    const result = await cleanupMetadata(table.storage, await loadSnapshot(table.storage), {
      now: START + 40 * DAY + 3_600_000,
      retentionMs: 30 * DAY,
    });
    expect(result.checkpointVersion).toBe(6);
    expect(result.deleted).toEqual(
      expect.arrayContaining([
        '_delta_log/00000000000000000003.checkpoint.aaaa.json',
        '_delta_log/_sidecars/old.parquet',
        '_delta_log/_sidecars/orphan.parquet',
      ]),
    );
    const remaining = await logFiles(table);
    expect(remaining).toContain('_delta_log/_sidecars/kept.parquet');
    expect(remaining).toContain('_delta_log/_sidecars/in-progress.parquet');
    expect((await loadSnapshot(table.storage, { version: 6 })).version).toBe(6);
  });

  it('refuses a negative retention', async () => {
    const { table } = await dailyTable(2, []);
    await expect(
      cleanupMetadata(table.storage, await loadSnapshot(table.storage), { retentionMs: -1 }),
    ).rejects.toThrow(RangeError);
  });
});
