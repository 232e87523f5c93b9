import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { conformanceStorage } from '../test-support/conformance.js';
import { TimestampOutOfRange } from './errors/timestamp-out-of-range.js';
import { history } from './history.js';
import { loadSnapshot } from './load-snapshot.js';
import { versionAtTimestamp } from './time-travel.js';

/**
 * Time travel by timestamp over real tables, checked against Spark's rules rather than delta-rs:
 * delta-rs 1.6 neither makes file times increasing nor binary-searches in-commit timestamps, and
 * on these tables (copied, so every commit file has the same time) it returns versions that do
 * not match its own history (for example version 2 of delta-rs/checkpoints for the time of
 * version 0, and version 0 of delta-rs/cdc_ict_table for the in-commit timestamp of version 3).
 */
describe('time travel by timestamp over the conformance tables', () => {
  it.each([
    'delta-rs/checkpoints',
    'golden/checkpoint',
    'delta-rs/checkpoints_vacuumed',
    'delta-rs/cdc_ict_table',
  ])('%s: the commit time history shows for each version reads that version', async (table) => {
    const storage = conformanceStorage(table);
    const entries = (await history(storage)).reverse();
    const earliest = (await loadSnapshot(storage, { version: entries.at(-1)!.version })).logSegment
      .earliestVersion;
    for (const entry of entries.filter((candidate) => candidate.version >= earliest)) {
      // delta-rs/cdc_ict_table's version 1 has an in-commit timestamp older than version 0 (a
      // crafted table): the binary search, as Spark's, reads past it.
      if (table === 'delta-rs/cdc_ict_table' && entry.version < 2) continue;
      expect({
        version: entry.version,
        found: await versionAtTimestamp(storage, entry.timestamp),
      }).toEqual({ version: entry.version, found: entry.version });
    }
    const latest = entries.at(-1)!;
    const error = await versionAtTimestamp(storage, latest.timestamp + 1).catch((e: unknown) => e);
    expect(SiltError.hasCode(error, TimestampOutOfRange.code)).toBe(true);
  });

  it('delta-rs/checkpoints: a time before the first commit names the earliest commit time', async () => {
    const storage = conformanceStorage('delta-rs/checkpoints');
    const first = (await history(storage)).at(-1)!;
    const error = (await versionAtTimestamp(storage, new Date(first.timestamp - 60_000)).catch(
      (e: unknown) => e,
    )) as TimestampOutOfRange;
    expect(SiltError.hasCode(error, TimestampOutOfRange.code)).toBe(true);
    expect(error.earliest).toBe(first.timestamp);
    expect(error.message).toContain(new Date(first.timestamp).toISOString());
  });

  it('delta-rs/checkpoints_vacuumed: a version whose commits were cleaned up is not a candidate', async () => {
    const storage = conformanceStorage('delta-rs/checkpoints_vacuumed');
    const oldest = (await history(storage)).at(-1)!;
    expect(oldest.version).toBe(5);
    expect((await loadSnapshot(storage, { timestamp: oldest.timestamp })).version).toBe(5);
  });
});
