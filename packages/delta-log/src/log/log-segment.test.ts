import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { addAction, createTableActions } from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { TableNotFound } from './errors/table-not-found.js';
import { VersionNotFound } from './errors/version-not-found.js';
import { buildLogSegment } from './log-segment.js';

const pad = (value: number, width = 20) => String(value).padStart(width, '0');

/** A table with the commits of `commits` and checkpoint files named in `checkpoints` (content is not read here). */
async function table(options: {
  commits: number[];
  checkpoints?: string[];
  lastCheckpoint?: Record<string, unknown> | string;
}): Promise<TestTable> {
  const result = new TestTable();
  for (const version of options.commits)
    await result.commit(version, version === 0 ? createTableActions() : [addAction(`f${version}`)]);
  for (const name of options.checkpoints ?? [])
    await result.writeText(`_delta_log/${name}`, 'checkpoint');
  if (options.lastCheckpoint !== undefined) await result.lastCheckpoint(options.lastCheckpoint);
  return result;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

const classic = (version: number) => `${pad(version)}.checkpoint.parquet`;
const part = (version: number, index: number, parts: number) =>
  `${pad(version)}.checkpoint.${pad(index, 10)}.${pad(parts, 10)}.parquet`;

async function failure(promise: Promise<unknown>): Promise<SiltError> {
  try {
    await promise;
  } catch (error) {
    if (SiltError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a Silt error');
}

describe('buildLogSegment', () => {
  it('replays from commit 0 when there is no checkpoint', async () => {
    const segment = await buildLogSegment((await table({ commits: range(0, 3) })).storage);
    expect(segment).toMatchObject({
      version: 3,
      checkpoint: undefined,
      earliestVersion: 0,
      latestVersion: 3,
      lastCheckpoint: 'missing',
    });
    expect(segment.commits.map((commit) => commit.version)).toEqual([0, 1, 2, 3]);
  });

  it('starts from the newest checkpoint and takes the commits after it', async () => {
    const segment = await buildLogSegment(
      (
        await table({
          commits: range(0, 12),
          checkpoints: [classic(5), classic(10)],
          lastCheckpoint: { version: 10, size: 3 },
        })
      ).storage,
    );
    expect(segment.checkpoint?.version).toBe(10);
    expect(segment.commits.map((commit) => commit.version)).toEqual([11, 12]);
    expect(segment.lastCheckpoint).toBe('used');
  });

  it('uses a checkpoint at the version itself without any commit', async () => {
    const segment = await buildLogSegment(
      (await table({ commits: range(0, 10), checkpoints: [classic(10)] })).storage,
    );
    expect(segment).toMatchObject({ version: 10, commits: [] });
    expect(segment.checkpoint?.version).toBe(10);
  });

  it('time travel uses the newest checkpoint at or before the version', async () => {
    const segment = await buildLogSegment(
      (
        await table({
          commits: range(0, 12),
          checkpoints: [classic(5), classic(10)],
          lastCheckpoint: { version: 10 },
        })
      ).storage,
      { version: 7 },
    );
    expect(segment.checkpoint?.version).toBe(5);
    expect(segment.commits.map((commit) => commit.version)).toEqual([6, 7]);
    expect(segment.lastCheckpoint).toBe('ignored');
  });

  it('falls back to an earlier complete checkpoint when a multi-part checkpoint misses a part', async () => {
    const log = await table({
      commits: range(0, 12),
      checkpoints: [part(5, 1, 2), part(5, 2, 2), part(10, 1, 3), part(10, 3, 3)],
      lastCheckpoint: { version: 10, parts: 3 },
    });
    const segment = await buildLogSegment(log.storage);
    expect(segment.checkpoint).toMatchObject({ version: 5, naming: 'multi-part' });
    expect(segment.commits.map((commit) => commit.version)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(segment.lastCheckpoint).toBe('stale');
  });

  it('fails with CorruptLog when an incomplete checkpoint leaves no way back to commit 0', async () => {
    const log = await table({ commits: range(10, 12), checkpoints: [part(10, 1, 2)] });
    const error = await failure(buildLogSegment(log.storage));
    expect(error.code).toBe(CorruptLog.code);
    expect(error.message).toContain('no complete checkpoint');
  });

  it.each([
    ['corrupt', 'not json', 'corrupt'],
    ['stale (an older checkpoint)', { version: 5 }, 'stale'],
    ['naming a checkpoint that does not exist', { version: 11 }, 'stale'],
  ])('lists the log when _last_checkpoint is %s', async (_case, hint, status) => {
    const segment = await buildLogSegment(
      (
        await table({
          commits: range(0, 12),
          checkpoints: [classic(5), classic(10)],
          lastCheckpoint: hint,
        })
      ).storage,
    );
    expect(segment.checkpoint?.version).toBe(10);
    expect(segment.lastCheckpoint).toBe(status);
  });

  it('fails with CorruptLog naming the missing commit when versions have a gap', async () => {
    const error = await failure(buildLogSegment((await table({ commits: [0, 1, 3, 4] })).storage));
    expect(error.code).toBe(CorruptLog.code);
    expect(error.message).toContain('commit 2 is missing');
    expect(error.message).toContain('00000000000000000002.json');
  });

  it('reads versions before a gap, and ignores gaps before the checkpoint', async () => {
    const log = await table({ commits: [0, 1, 3, 4, 5], checkpoints: [classic(4)] });
    expect((await buildLogSegment(log.storage)).version).toBe(5);
    expect((await buildLogSegment(log.storage, { version: 1 })).version).toBe(1);
    expect((await failure(buildLogSegment(log.storage, { version: 3 }))).code).toBe(
      CorruptLog.code,
    );
  });

  it('fails with CorruptLog when there is no checkpoint and the commits do not start at 0', async () => {
    const error = await failure(buildLogSegment((await table({ commits: range(3, 5) })).storage));
    expect(error.code).toBe(CorruptLog.code);
    expect(error.message).toContain('first commit is version 3');
  });

  it.each([[-1], [13], [2], [1.5]])(
    'fails with VersionNotFound naming the range for version %d',
    async (version) => {
      const log = await table({ commits: range(3, 12), checkpoints: [classic(3)] });
      const error = await failure(buildLogSegment(log.storage, { version }));
      expect(error.code).toBe(VersionNotFound.code);
      expect(error).toMatchObject({ version, earliest: 3, latest: 12 });
      expect(error.message).toContain('versions 3 to 12');
    },
  );

  it.each([
    ['no _delta_log folder', []],
    ['an empty _delta_log', ['_delta_log/']],
    [
      'only _last_checkpoint and stray files',
      [
        '_delta_log/_last_checkpoint',
        '_delta_log/00000000000000000000.crc',
        '_delta_log/notes.txt',
      ],
    ],
  ])('fails with TableNotFound for %s', async (_case, paths) => {
    const log = new TestTable();
    await log.writeText('part-0.parquet', 'data');
    for (const path of paths) if (!path.endsWith('/')) await log.writeText(path, '{}');
    expect((await failure(buildLogSegment(log.storage))).code).toBe(TableNotFound.code);
  });

  it('lists compaction files but replays the commits themselves', async () => {
    const log = await table({ commits: range(0, 6) });
    await log.writeText(`_delta_log/${pad(4)}.${pad(6)}.compacted.json`, '');
    const segment = await buildLogSegment(log.storage);
    expect(segment.listing.compactions).toHaveLength(1);
    expect(segment.commits.map((commit) => commit.version)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('does not take sidecar files for multi-part checkpoints', async () => {
    const log = await table({ commits: range(0, 3) });
    await log.writeText(
      `_delta_log/_sidecars/${part(2, 1, 1).replace('.parquet', '.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.parquet')}`,
      'x',
    );
    await log.writeText(`_delta_log/_sidecars/${classic(2)}`, 'x');
    expect((await buildLogSegment(log.storage)).checkpoint).toBeUndefined();
  });
});
