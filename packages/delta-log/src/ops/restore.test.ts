import { SiltError, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import type { Action, AddAction, RemoveAction } from '../protocol/actions.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { RestoreFilesMissing } from './errors/restore-files-missing.js';
import { restore } from './restore.js';
import { vacuum } from './vacuum.js';
import { writeDeltaLake } from './write.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

async function rows(storage: MemoryStorage, version?: number): Promise<string[]> {
  const table = await DeltaTable.open(storage, version === undefined ? {} : { version });
  return [...tableToJsonLines(await table.scan().toArrow())].sort();
}

async function commit(storage: MemoryStorage, version: number): Promise<Action[]> {
  const path = `_delta_log/${String(version).padStart(20, '0')}.json`;
  return parseCommitFile(await storage.read(path), path);
}

/** v0: [1, 2]; v1: + [3]; v2: overwritten by [9]. One minute between commits. */
async function threeVersions() {
  const clock = { now: T0 };
  const storage = new MemoryStorage(() => clock.now);
  const now = () => clock.now;
  const schema = 'id INT';
  await writeDeltaLake(storage, { rows: [{ id: 1 }, { id: 2 }], schema }, { now });
  clock.now += MINUTE;
  await writeDeltaLake(storage, { rows: [{ id: 3 }], schema }, { mode: 'append', now });
  clock.now += MINUTE;
  await writeDeltaLake(storage, { rows: [{ id: 9 }], schema }, { mode: 'overwrite', now });
  clock.now += MINUTE;
  return { storage, clock, now };
}

describe('restore', () => {
  it('restores a version by number: its files come back, later ones go, with Spark metrics', async () => {
    const { storage, now } = await threeVersions();
    const target = await loadSnapshot(storage, { version: 1 });
    const latest = await loadSnapshot(storage);
    const result = await restore(storage, { version: 1 }, { now });
    expect(result.version).toBe(3);
    expect(result.restoredVersion).toBe(1);
    expect(await rows(storage)).toEqual(await rows(storage, 1));

    const size = (files: readonly AddAction[]) => files.reduce((sum, add) => sum + add.size, 0);
    expect(result.metrics).toEqual({
      tableSizeAfterRestore: size(target.files),
      numOfFilesAfterRestore: 2,
      numRemovedFiles: 1,
      numRestoredFiles: 2,
      removedFilesSize: size(latest.files),
      restoredFilesSize: size(target.files),
    });
    const actions = await commit(storage, 3);
    const info = (actions[0] as { commitInfo: Record<string, unknown> }).commitInfo;
    expect(info).toMatchObject({
      operation: 'RESTORE',
      operationParameters: { version: '1', timestamp: null },
      readVersion: 2,
      isBlindAppend: false,
    });
    expect(Object.keys(info.operationMetrics as object).sort()).toEqual(
      [
        'numOfFilesAfterRestore',
        'numRemovedFiles',
        'numRestoredFiles',
        'removedFilesSize',
        'restoredFilesSize',
        'tableSizeAfterRestore',
      ].sort(),
    );
    const adds = actions.flatMap((a) => ('add' in a ? [a.add as AddAction] : []));
    const removes = actions.flatMap((a) => ('remove' in a ? [a.remove as RemoveAction] : []));
    expect(adds.map((add) => add.path).sort()).toEqual(target.files.map((f) => f.path).sort());
    expect(adds.every((add) => add.dataChange)).toBe(true);
    expect(adds.every((add) => typeof add.stats === 'string')).toBe(true);
    expect(removes.map((remove) => remove.path)).toEqual(latest.files.map((f) => f.path));
    expect(removes.every((remove) => remove.dataChange && remove.size !== undefined)).toBe(true);
    // Same metadata and protocol: not rewritten.
    expect(actions.some((a) => 'metaData' in a || 'protocol' in a)).toBe(false);
  });

  it('restores the version as of a timestamp', async () => {
    const { storage, now } = await threeVersions();
    const result = await restore(
      storage,
      { timestamp: new Date(T0 + MINUTE + MINUTE / 2).toISOString() },
      { now },
    );
    expect(result.restoredVersion).toBe(1);
    expect(await rows(storage)).toEqual(['{"id":1}', '{"id":2}', '{"id":3}']);
    const info = ((await commit(storage, 3))[0] as { commitInfo: Record<string, unknown> })
      .commitInfo;
    expect(info.operationParameters).toEqual({
      version: null,
      timestamp: new Date(T0 + MINUTE + MINUTE / 2).toISOString(),
    });
    const byDate = await restore(storage, { timestamp: new Date(T0 + 10_000) }, { now });
    expect(byDate.restoredVersion).toBe(0);
    expect(await rows(storage)).toEqual(['{"id":1}', '{"id":2}']);
  });

  it('restores the metadata of the target, and never lowers the protocol', async () => {
    const clock = { now: T0 };
    const storage = new MemoryStorage(() => clock.now);
    const now = () => clock.now;
    await writeDeltaLake(storage, { rows: [{ id: 1 }], schema: 'id INT' }, { now });
    clock.now += MINUTE;
    await writeDeltaLake(
      storage,
      { rows: [{ id: 2, name: 'b' }], schema: 'id INT, name STRING' },
      {
        mode: 'append',
        schemaMode: 'merge',
        properties: { 'delta.enableChangeDataFeed': 'true' },
        now,
      },
    );
    const before = await loadSnapshot(storage);
    expect(before.protocol.minWriterVersion).toBe(4);
    clock.now += MINUTE;
    await DeltaTable.open(storage).then((table) => table.restore({ version: 0 }, { now }));
    const after = await loadSnapshot(storage);
    expect(after.schema.fields.map((field) => field.name)).toEqual(['id']);
    expect(after.configuration['delta.enableChangeDataFeed']).toBeUndefined();
    expect(after.protocol).toEqual(before.protocol);
    expect(await rows(storage)).toEqual(['{"id":1}']);
  });

  it('fails naming the file when a file of the target was vacuumed, and commits nothing', async () => {
    const { storage, now } = await threeVersions();
    await vacuum(storage, { retentionHours: 0, enforceRetentionDuration: false, now });
    const latest = (await loadSnapshot(storage)).version;
    const gone = (await loadSnapshot(storage, { version: 0 })).files[0]!.path;
    const error = await restore(storage, { version: 0 }, { now }).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, RestoreFilesMissing.code)).toBe(true);
    expect((error as RestoreFilesMissing).paths).toEqual([gone]);
    expect((error as RestoreFilesMissing).version).toBe(0);
    expect((error as Error).message).toContain(gone);
    expect((await loadSnapshot(storage)).version).toBe(latest);
  });

  it('restoring the current files commits a RESTORE without file changes', async () => {
    const { storage, now } = await threeVersions();
    const result = await restore(storage, { version: 2 }, { now });
    expect(result.metrics).toMatchObject({ numRemovedFiles: 0, numRestoredFiles: 0 });
    expect(await rows(storage)).toEqual(['{"id":9}']);
  });

  it('refuses a target that is neither or both of version and timestamp', async () => {
    const { storage } = await threeVersions();
    await expect(restore(storage, {} as never)).rejects.toThrow(TypeError);
    await expect(restore(storage, { version: 0, timestamp: T0 } as never)).rejects.toThrow(
      TypeError,
    );
    await expect(restore(storage, { timestamp: 'yesterday' })).rejects.toThrow(/ISO 8601/);
  });
});
