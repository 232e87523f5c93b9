import { SiltError } from '@silt/parquet-io';
import { type LogListing, listLog } from '../log/list-log.js';
import type { CommitFile } from '../log/log-file-name.js';
import { availableVersions, selectLogSegment } from '../log/log-segment.js';
import { readCommits, readProtocolAndMetadata } from '../log/read-log-segment.js';
import { replay } from '../log/replay.js';
import type { CommitInfoAction } from '../protocol/actions.js';
import { fileCommitTimes } from '../snapshot/commit-timestamps.js';
import { TimestampOutOfRange } from '../snapshot/errors/timestamp-out-of-range.js';
import { inCommitTimestampOf, inCommitTimestamps } from '../snapshot/in-commit-timestamps.js';
import { versionAtTimestamp } from '../snapshot/time-travel.js';
import type { Storage } from '../storage/storage.js';
import { InvalidChangeRange } from './errors/invalid-change-range.js';

/** A point in time: milliseconds since the epoch, a `Date`, or an ISO 8601 string. */
export type ChangeTime = number | Date | string;

/** Where a change data feed read starts and ends (both inclusive): a version or a time for each end. */
export interface ChangeRangeOptions {
  /** The first version whose changes are read. */
  startingVersion?: number;
  /** Read from the first version committed at or after this time (as Spark's `startingTimestamp`). */
  startingTimestamp?: ChangeTime;
  /** The last version whose changes are read. Default: the latest; a later version reads to the latest. */
  endingVersion?: number;
  /** Read to the latest version committed at or before this time (as time travel resolves it). */
  endingTimestamp?: ChangeTime;
}

/** A resolved range: the versions to read (`start` > `end` when there is nothing to read). */
export interface ChangeRange {
  start: number;
  end: number;
  listing: LogListing;
}

/**
 * Resolves the versions of a change data feed read as Apache Spark does (`readChangeFeed`): a
 * start after the latest version or an end before the start is refused, an end after the latest
 * version reads to the latest, a starting time picks the first commit at or after it (the
 * earliest one for a time before it), an ending time the last commit at or before it. Two times
 * that fall between the same two commits give an empty range.
 *
 * @throws {InvalidChangeRange} for a missing start, an end before the start, a start after the latest version.
 * @throws {TimestampOutOfRange} for a starting time after the latest commit, or an ending time outside the log.
 */
export async function resolveChangeRange(
  storage: Storage,
  options: ChangeRangeOptions,
): Promise<ChangeRange> {
  if (options.startingVersion !== undefined && options.startingTimestamp !== undefined)
    throw new InvalidChangeRange({ reason: 'give startingVersion or startingTimestamp, not both' });
  if (options.endingVersion !== undefined && options.endingTimestamp !== undefined)
    throw new InvalidChangeRange({ reason: 'give endingVersion or endingTimestamp, not both' });
  if (options.startingVersion === undefined && options.startingTimestamp === undefined)
    throw new InvalidChangeRange({
      reason: 'no start was given: pass startingVersion (such as 0) or startingTimestamp',
    });
  for (const [name, value] of [
    ['startingVersion', options.startingVersion],
    ['endingVersion', options.endingVersion],
  ] as const) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0))
      throw new InvalidChangeRange({
        reason: `${name} must be a whole number of at least 0, not ${String(value)}`,
      });
  }
  const listing = await listLog(storage);
  const { earliest, latest } = availableVersions(listing);

  let start: number;
  let startTime: number | undefined;
  if (options.startingVersion !== undefined) start = options.startingVersion;
  else {
    startTime = toMillis(options.startingTimestamp!);
    start = await versionAtOrAfter(storage, listing, startTime, earliest);
  }
  if (start > latest)
    throw new InvalidChangeRange({
      reason: `the start version ${start} is after the latest version of the table (${latest})`,
    });

  let end = latest;
  let endTime: number | undefined;
  if (options.endingVersion !== undefined) end = Math.min(options.endingVersion, latest);
  else if (options.endingTimestamp !== undefined) {
    endTime = toMillis(options.endingTimestamp);
    end = await versionAtTimestamp(storage, endTime);
  }
  if (startTime !== undefined && endTime !== undefined) {
    if (startTime > endTime)
      throw new InvalidChangeRange({
        reason: `the starting timestamp ${iso(startTime)} is after the ending timestamp ${iso(endTime)}`,
      });
    // Both times between the same two commits: nothing was committed in between.
    if (end === start - 1) return { start, end, listing };
  }
  if (end < start)
    throw new InvalidChangeRange({
      reason: `the end version ${end} is before the start version ${start}`,
    });
  return { start, end, listing };
}

/** The first version committed at or after `time`; the earliest available for a time before it. */
async function versionAtOrAfter(
  storage: Storage,
  listing: LogListing,
  time: number,
  earliest: number,
): Promise<number> {
  let version: number;
  try {
    version = await versionAtTimestamp(storage, time);
  } catch (error) {
    if (
      SiltError.hasCode(error, TimestampOutOfRange.code) &&
      time < (error as TimestampOutOfRange).earliest
    )
      return earliest;
    throw error;
  }
  const times = await commitTimes(storage, listing);
  const commit = listing.commits.find((file) => file.version === version);
  const at = commit ? await times.of(version, await commitInfoOf(storage, commit)) : undefined;
  return at !== undefined && at >= time ? version : version + 1;
}

async function commitInfoOf(
  storage: Storage,
  commit: CommitFile,
): Promise<CommitInfoAction | undefined> {
  const [batch] = await readCommits(storage, [commit]);
  return replay([batch!]).commitInfos.get(commit.version);
}

/** Commit timestamps as Spark reports them. */
export interface CommitTimes {
  /**
   * The commit time of `version` in milliseconds since the epoch: its in-commit timestamp where
   * the table has them (the latest metadata decides, as for history), else the commit file's
   * modification time made strictly increasing.
   *
   * @throws {CorruptLog} when in-commit timestamps are enabled for the version but its commitInfo lacks one.
   */
  of(version: number, commitInfo: CommitInfoAction | undefined, file?: string): number;
}

/** The commit times of a listed log (see {@link CommitTimes}). */
export async function commitTimes(storage: Storage, listing: LogListing): Promise<CommitTimes> {
  const { protocol, metadata } = await readProtocolAndMetadata(
    storage,
    selectLogSegment(listing, { status: 'missing' }),
  );
  const ict =
    protocol && metadata ? inCommitTimestamps(protocol.action, metadata.action) : undefined;
  const fileTimes = new Map(fileCommitTimes(listing).map((time) => [time.version, time.timestamp]));
  return {
    of(version, commitInfo, file = `version ${version}`) {
      if (ict && version >= ict.enablementVersion)
        return inCommitTimestampOf(commitInfo, version, file);
      return fileTimes.get(version) ?? 0;
    },
  };
}

function toMillis(time: ChangeTime): number {
  const millis =
    time instanceof Date ? time.getTime() : typeof time === 'string' ? Date.parse(time) : time;
  if (!Number.isFinite(millis))
    throw new InvalidChangeRange({
      reason: `"${String(time)}" is not a timestamp (use an ISO 8601 time such as 2026-11-24T12:00:00Z, milliseconds since the epoch, or a Date)`,
    });
  return millis;
}

function iso(millis: number): string {
  return new Date(millis).toISOString();
}
