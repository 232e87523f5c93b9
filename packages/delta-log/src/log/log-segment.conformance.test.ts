import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { conformanceStorage } from '../test-support/conformance.js';
import { copyToMemory } from '../test-support/copy-table.js';
import { TableNotFound } from './errors/table-not-found.js';
import { VersionNotFound } from './errors/version-not-found.js';
import { buildLogSegment } from './log-segment.js';

/**
 * Log segments of real tables: which checkpoint and commits rebuild each version, and what
 * became of `_last_checkpoint`. (File contents are compared with delta-rs in the snapshot tests.)
 */
describe('buildLogSegment over the conformance tables', () => {
  it.each([
    // table, version asked, version, checkpoint (version/naming), first..last commit, hint status,
    // earliest version listed (the latest version is listed from a confirmed _last_checkpoint on)
    ['delta-rs/checkpoints', undefined, 12, undefined, [0, 12], 'missing', 0],
    ['delta-rs/checkpoint-v2-table', undefined, 9, [8, 'uuid'], [9, 9], 'used', 8],
    ['delta-rs/checkpoint-v2-table', 7, 7, [6, 'uuid'], [7, 7], 'ignored', 0],
    [
      'delta-rs/with_checkpoint_no_last_checkpoint',
      undefined,
      3,
      [2, 'classic'],
      [3, 3],
      'missing',
      0,
    ],
    ['delta-rs/latest_not_checkpointed', undefined, 3, [2, 'classic'], [3, 3], 'used', 2],
    [
      'delta-rs/table_failed_last_checkpoint_update',
      undefined,
      3,
      [3, 'classic'],
      undefined,
      'stale',
      1,
    ],
    ['delta-rs/checkpoints_vacuumed', undefined, 12, [10, 'classic'], [11, 12], 'missing', 5],
    ['delta-rs/checkpoints_vacuumed', 7, 7, [5, 'classic'], [6, 7], 'missing', 5],
    [
      'delta-rs/table-with-domain-metadata',
      undefined,
      108,
      [108, 'classic'],
      undefined,
      'missing',
      108,
    ],
    ['golden/checkpoint', undefined, 14, [10, 'classic'], [11, 14], 'used', 10],
    ['golden/corrupted-last-checkpoint', undefined, 10, [10, 'classic'], undefined, 'used', 10],
  ] as const)(
    '%s at version %s',
    async (table, asked, version, checkpoint, commits, hint, earliest) => {
      const segment = await buildLogSegment(
        conformanceStorage(table),
        asked === undefined ? {} : { version: asked },
      );
      expect(segment.version).toBe(version);
      expect(
        segment.checkpoint ? [segment.checkpoint.version, segment.checkpoint.naming] : undefined,
      ).toEqual(checkpoint);
      const versions = segment.commits.map((commit) => commit.version);
      expect(versions.length === 0 ? undefined : [versions[0], versions.at(-1)]).toEqual(commits);
      expect(segment.lastCheckpoint).toBe(hint);
      expect(segment.earliestVersion).toBe(earliest);
    },
  );

  it.each([
    ['empty', ''],
    ['garbage', '\u0000\u0001 not json'],
  ])(
    'golden/corrupted-last-checkpoint with a %s _last_checkpoint falls back to listing',
    async (_case, content) => {
      const copy = await copyToMemory(conformanceStorage('golden/corrupted-last-checkpoint'));
      await copy.write('_delta_log/_last_checkpoint', new TextEncoder().encode(content));
      const segment = await buildLogSegment(copy);
      expect(segment.version).toBe(10);
      expect(segment.checkpoint?.version).toBe(10);
      expect(segment.lastCheckpoint).toBe('corrupt');
    },
  );

  it('delta-rs/checkpoints_vacuumed refuses a version whose commits were cleaned up, naming the range', async () => {
    const error = await buildLogSegment(conformanceStorage('delta-rs/checkpoints_vacuumed'), {
      version: 4,
    }).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, VersionNotFound.code)).toBe(true);
    expect((error as VersionNotFound).message).toContain('versions 5 to 12');
  });

  it.each(['golden/log-store-listFrom', 'delta-rs/checkpoints_tombstones', 'delta-rs/golden'])(
    '%s is no table (TableNotFound, as delta-rs says)',
    async (table) => {
      const error = await buildLogSegment(conformanceStorage(table)).catch((e: unknown) => e);
      expect(SiltError.hasCode(error, TableNotFound.code)).toBe(true);
    },
  );
});
