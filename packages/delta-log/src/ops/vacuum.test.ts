import { readParquet, SiltError, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { parseCommitFile } from '../protocol/commit-file.js';
import { PathOutsideTable } from '../protocol/errors/path-outside-table.js';
import { deletionVectorPath } from '../scan/deletion-vector/deletion-vector-path.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import {
  addAction,
  createTableActions,
  deletionVector,
  removeAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { RetentionTooShort } from './errors/retention-too-short.js';
import { UnresolvableFilePath } from './errors/unresolvable-file-path.js';
import { vacuum } from './vacuum.js';
import { writeDeltaLake } from './write.js';

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A memory storage whose clock tests move. */
function clockedStorage(start = T0) {
  const clock = { now: start };
  return { storage: new MemoryStorage(() => clock.now), clock };
}

async function listing(storage: MemoryStorage): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const file of storage.list('')) {
    files.set(file.path, Buffer.from(await storage.read(file.path)).toString('base64'));
  }
  return files;
}

async function rows(storage: MemoryStorage): Promise<unknown[]> {
  const table = await DeltaTable.open(storage);
  return [...tableToJsonLines(await table.scan().toArrow())].map((line) => JSON.parse(line));
}

async function commitInfo(storage: MemoryStorage, version: number) {
  const path = `_delta_log/${String(version).padStart(20, '0')}.json`;
  const actions = parseCommitFile(await storage.read(path), path);
  expect(actions).toHaveLength(1);
  return (actions[0] as { commitInfo: Record<string, unknown> }).commitInfo;
}

/** v0: ids 1..3 in one file; v1: a delete-like overwrite of id 2 (the file is rewritten). */
async function tableWithDeletedRow() {
  const { storage, clock } = clockedStorage();
  const now = () => clock.now;
  await writeDeltaLake(
    storage,
    { rows: [{ id: 1 }, { id: 2 }, { id: 3 }], schema: 'id INT' },
    { now },
  );
  clock.now += HOUR;
  await writeDeltaLake(
    storage,
    { rows: [], schema: 'id INT' },
    { mode: 'overwrite', replaceWhere: 'id = 2', now },
  );
  clock.now += HOUR;
  return { storage, clock, now };
}

describe('vacuum', () => {
  it('after a delete-like overwrite and a vacuum with retention 0, no data file holds the removed row', async () => {
    const { storage, clock, now } = await tableWithDeletedRow();
    const logBefore = new Map(
      [...(await listing(storage))].filter(([path]) => path.startsWith('_delta_log/')),
    );
    const removed = (await loadSnapshot(storage)).tombstones.map((t) => t.path);
    expect(removed).toHaveLength(1);

    const result = await vacuum(storage, {
      retentionHours: 0,
      enforceRetentionDuration: false,
      now,
    });
    expect(result.dryRun).toBe(false);
    expect(result.filesDeleted.map((file) => file.path)).toEqual(removed);
    expect(result.filesToDelete).toEqual(result.filesDeleted);
    expect(result.bytes).toBe(result.filesDeleted[0]!.size);
    expect(result.version).toBe(3);

    // Every Parquet file left in storage, read raw: no row with id 2.
    const ids: number[] = [];
    for await (const file of storage.list('')) {
      if (!file.path.endsWith('.parquet') || file.path.startsWith('_delta_log/')) continue;
      const table = await readParquet(await storage.read(file.path));
      for (const line of tableToJsonLines(table)) ids.push((JSON.parse(line) as { id: number }).id);
    }
    expect(ids.sort()).toEqual([1, 3]);
    expect(await rows(storage)).toEqual([{ id: 1 }, { id: 3 }].sort());

    // The log is untouched but for the two new commits.
    const logAfter = new Map(
      [...(await listing(storage))].filter(([path]) => path.startsWith('_delta_log/')),
    );
    for (const [path, bytes] of logBefore) expect(logAfter.get(path)).toBe(bytes);
    expect([...logAfter.keys()].filter((path) => !logBefore.has(path))).toEqual([
      '_delta_log/00000000000000000002.json',
      '_delta_log/00000000000000000003.json',
    ]);
    const start = await commitInfo(storage, 2);
    expect(start).toMatchObject({
      operation: 'VACUUM START',
      operationParameters: {
        retentionCheckEnabled: 'false',
        specifiedRetentionMillis: '0',
        defaultRetentionMillis: String(7 * DAY),
      },
      operationMetrics: {
        numFilesToDelete: '1',
        sizeOfDataToDelete: String(result.bytes),
      },
      readVersion: 1,
    });
    const end = await commitInfo(storage, 3);
    expect(end).toMatchObject({
      operation: 'VACUUM END',
      operationParameters: { status: 'COMPLETED' },
      operationMetrics: { numDeletedFiles: '1', numVacuumedDirectories: '1' },
      readVersion: 2,
    });
    expect(clock.now).toBeGreaterThan(0);
  });

  it('dry run lists files with sizes and deletes and commits nothing', async () => {
    const { storage, now } = await tableWithDeletedRow();
    const before = await listing(storage);
    const result = await vacuum(storage, {
      retentionHours: 0,
      enforceRetentionDuration: false,
      dryRun: true,
      now,
    });
    expect(result.dryRun).toBe(true);
    expect(result.filesDeleted).toEqual([]);
    expect(result.filesToDelete).toHaveLength(1);
    const [file] = result.filesToDelete;
    expect(file!.path).toMatch(/^part-00000-.*\.parquet$/);
    expect(file!.size).toBe((await storage.stat(file!.path)).size);
    expect(result.version).toBe(1);
    expect(await listing(storage)).toEqual(before);
  });

  it('refuses a retention shorter than delta.deletedFileRetentionDuration unless told not to check', async () => {
    const { storage, now } = await tableWithDeletedRow();
    const before = await listing(storage);
    const error = await vacuum(storage, { retentionHours: 1, now }).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, RetentionTooShort.code)).toBe(true);
    expect((error as RetentionTooShort).minimumMillis).toBe(7 * DAY);
    expect((error as Error).message).toMatch(/168 hours/);
    expect((error as Error).message).toMatch(/enforceRetentionDuration: false/);
    expect(await listing(storage)).toEqual(before);
    await expect(vacuum(storage, { retentionHours: -1, now })).rejects.toThrow(TypeError);
  });

  it('keeps a recently removed file by default and deletes it once its tombstone expires', async () => {
    const { storage, clock, now } = await tableWithDeletedRow();
    const removed = (await loadSnapshot(storage)).tombstones[0]!.path;
    const early = await vacuum(storage, { dryRun: true, now });
    expect(early.filesToDelete).toEqual([]);
    clock.now += 6 * DAY;
    expect((await vacuum(storage, { dryRun: true, now })).filesToDelete).toEqual([]);
    clock.now += 2 * DAY;
    const late = await vacuum(storage, { now });
    expect(late.filesDeleted.map((file) => file.path)).toEqual([removed]);
    expect(late.retentionMillis).toBe(7 * DAY);
  });

  it('honours a table retention set by delta.deletedFileRetentionDuration', async () => {
    const { storage, clock } = clockedStorage();
    const now = () => clock.now;
    const schema = 'id INT';
    await writeDeltaLake(
      storage,
      { rows: [{ id: 1 }], schema },
      { properties: { 'delta.deletedFileRetentionDuration': 'interval 2 hours' }, now },
    );
    await writeDeltaLake(storage, { rows: [{ id: 2 }], schema }, { mode: 'overwrite', now });
    clock.now += HOUR;
    expect((await vacuum(storage, { dryRun: true, now })).filesToDelete).toEqual([]);
    await expect(vacuum(storage, { retentionHours: 1, now })).rejects.toThrow(RetentionTooShort);
    clock.now += 2 * HOUR;
    expect((await vacuum(storage, { dryRun: true, now })).filesToDelete).toHaveLength(1);
  });

  it('follows Spark on hidden files: skips _ and . names, but not partition folders, _change_data or _delta_index', async () => {
    const { storage, clock } = clockedStorage();
    const now = () => clock.now;
    await writeDeltaLake(
      storage,
      { rows: [{ id: 1, _p: 'a' }], schema: 'id INT, _p STRING' },
      { partitionBy: ['_p'], now },
    );
    const stray = [
      'orphan.parquet',
      '_p=a/orphan.parquet',
      '_change_data/cdc-00000.parquet',
      '_delta_index/index.bin',
      '_tmp/hidden.parquet',
      '.hidden.parquet',
      '_p=a/.part.crc',
      'x=1/_SUCCESS',
      '_delta_log/stray.txt',
    ];
    for (const path of stray) await storage.write(path, new Uint8Array(7));
    clock.now += HOUR;
    await storage.write('young.parquet', new Uint8Array(3));
    const result = await vacuum(storage, {
      retentionHours: 0.5,
      enforceRetentionDuration: false,
      dryRun: true,
      now,
    });
    expect(result.filesToDelete.map((file) => file.path)).toEqual([
      '_change_data/cdc-00000.parquet',
      '_delta_index/index.bin',
      '_p=a/orphan.parquet',
      'orphan.parquet',
    ]);
    expect(result.bytes).toBe(28);
    // The active file (in _p=a/) stays.
    const active = (await loadSnapshot(storage)).files[0]!.path;
    expect(active).toMatch(/^_p=a\//);
    const done = await vacuum(storage, {
      retentionHours: 0.5,
      enforceRetentionDuration: false,
      now,
    });
    expect(done.filesDeleted).toEqual(result.filesToDelete);
    await expect(storage.stat(decodeURIComponent(active))).resolves.toBeDefined();
    await expect(storage.stat('_delta_log/stray.txt')).resolves.toBeDefined();
    await expect(storage.stat('_tmp/hidden.parquet')).resolves.toBeDefined();
    await expect(storage.stat('young.parquet')).resolves.toBeDefined();
    expect(await rows(storage)).toEqual([{ id: 1, _p: 'a' }]);
    // Directories listed: _change_data, _delta_index, _p=a (x=1 only holds a hidden file), + root.
    expect((await commitInfo(storage, 2)).operationMetrics).toMatchObject({
      numVacuumedDirectories: '4',
    });
  });

  it('keeps deletion vectors of active files and of unexpired tombstones', async () => {
    const table = new TestTable();
    const live = deletionVector('live');
    const recent = deletionVector('recent');
    const old = deletionVector('old');
    await table.commit(
      0,
      createTableActions(
        addAction('a.parquet', { deletionVector: live }),
        addAction('b.parquet', { deletionVector: recent }),
        addAction('c.parquet', { deletionVector: old }),
      ),
    );
    await table.commit(1, [
      removeAction('b.parquet', { deletionTimestamp: T0 + 9 * DAY, deletionVector: recent }),
      removeAction('c.parquet', { deletionTimestamp: T0, deletionVector: old }),
    ]);
    for (const path of [
      'a.parquet',
      'b.parquet',
      'c.parquet',
      deletionVectorPath(live),
      deletionVectorPath(recent),
      deletionVectorPath(old),
    ]) {
      await table.writeText(path, 'x');
    }
    const result = await vacuum(table.storage, { dryRun: true, now: () => T0 + 10 * DAY });
    expect(result.filesToDelete.map((file) => file.path).sort()).toEqual(
      ['c.parquet', deletionVectorPath(old)].sort(),
    );
  });

  it('resolves absolute paths with tableUrl, and refuses to guess without it', async () => {
    const table = new TestTable();
    await table.commit(0, createTableActions(addAction('s3://bucket/t/kept%20file.parquet')));
    await table.writeText('kept file.parquet', 'x');
    await table.writeText('gone.parquet', 'x');
    const now = () => T0 + 30 * DAY;
    const error = await vacuum(table.storage, { dryRun: true, now }).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, UnresolvableFilePath.code)).toBe(true);
    const result = await vacuum(table.storage, { dryRun: true, now, tableUrl: 's3://bucket/t' });
    expect(result.filesToDelete.map((file) => file.path)).toEqual(['gone.parquet']);
  });

  it('refuses a log whose relative path climbs out of the table', async () => {
    const table = new TestTable();
    await table.commit(0, createTableActions(addAction('../other/part-0.parquet')));
    await expect(vacuum(table.storage, { dryRun: true, now: () => T0 + 30 * DAY })).rejects.toThrow(
      PathOutsideTable,
    );
  });

  it('commits VACUUM START and END even when there is nothing to delete, as Spark does', async () => {
    const { storage, now } = await tableWithDeletedRow();
    const result = await vacuum(storage, { now });
    expect(result.filesDeleted).toEqual([]);
    expect(result.version).toBe(3);
    expect(await commitInfo(storage, 2)).toMatchObject({
      operation: 'VACUUM START',
      operationParameters: {
        retentionCheckEnabled: 'true',
        defaultRetentionMillis: String(7 * DAY),
      },
      operationMetrics: { numFilesToDelete: '0', sizeOfDataToDelete: '0' },
    });
    expect((await commitInfo(storage, 2)).operationParameters).not.toHaveProperty(
      'specifiedRetentionMillis',
    );
  });

  it('is reachable from DeltaTable, on the latest version', async () => {
    const { storage, now } = await tableWithDeletedRow();
    const old = await DeltaTable.open(storage, { version: 0 });
    const result = await old.vacuum({ retentionHours: 0, enforceRetentionDuration: false, now });
    expect(result.filesDeleted).toHaveLength(1);
    expect((await old.latest()).version).toBe(3);
  });
});
