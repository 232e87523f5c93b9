import { completeCheckpoints } from '../log/checkpoints.js';
import type { LogListing } from '../log/list-log.js';
import type { CommitFile } from '../log/log-file-name.js';
import { readCommits } from '../log/read-log-segment.js';
import { replay } from '../log/replay.js';
import type { Storage } from '../storage/storage.js';
import { inCommitTimestampOf } from './in-commit-timestamps.js';

/** A version and the time of its commit, in milliseconds since the epoch. */
export interface CommitTime {
  version: number;
  timestamp: number;
}

/**
 * The commit times of every listed version from file modification times, made strictly
 * increasing as Apache Spark's DeltaHistoryManager does ("monotonizeCommitTimestamps"): a
 * commit not later than the one before it (clock skew, files copied together) is taken to be
 * 1 ms after it. A version with only a checkpoint (its commit cleaned up) uses the checkpoint's
 * modification time.
 */
export function fileCommitTimes(listing: LogListing): CommitTime[] {
  const byVersion = new Map<number, number>();
  for (const checkpoint of completeCheckpoints(listing.checkpoints)) {
    byVersion.set(
      checkpoint.version,
      Math.max(...checkpoint.files.map((file) => file.modificationTime)),
    );
  }
  for (const commit of listing.commits) byVersion.set(commit.version, commit.modificationTime);
  const times = [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, timestamp]) => ({ version, timestamp }));
  return monotonize(times);
}

/** Makes commit times strictly increasing by version (see {@link fileCommitTimes}). */
export function monotonize(times: readonly CommitTime[]): CommitTime[] {
  const out: CommitTime[] = [];
  for (const time of times) {
    const previous = out.at(-1);
    out.push(
      previous && time.timestamp <= previous.timestamp
        ? { version: time.version, timestamp: previous.timestamp + 1 }
        : { ...time },
    );
  }
  return out;
}

/**
 * Reads the in-commit timestamp of one commit.
 *
 * @throws {CorruptLog} when the commit has none.
 */
export async function readInCommitTimestamp(storage: Storage, commit: CommitFile): Promise<number> {
  const [batch] = await readCommits(storage, [commit]);
  return inCommitTimestampOf(
    replay([batch!]).commitInfos.get(commit.version),
    commit.version,
    commit.path,
  );
}
