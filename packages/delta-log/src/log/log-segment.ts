import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import type { Storage } from '../storage/storage.js';
import { type Checkpoint, completeCheckpoints } from './checkpoints.js';
import { VersionNotFound } from './errors/version-not-found.js';
import { type LastCheckpointRead, readLastCheckpoint } from './last-checkpoint.js';
import { type LogListing, listLog } from './list-log.js';
import type { CommitFile } from './log-file-name.js';

/**
 * What became of the `_last_checkpoint` hint: it named the checkpoint the segment starts from
 * (`used`), named a checkpoint that is missing, incomplete or older than the newest one
 * (`stale`), was not readable (`corrupt`), was absent (`missing`), or named a checkpoint newer
 * than the version asked for (`ignored`, time travel).
 */
export type LastCheckpointStatus = 'used' | 'stale' | 'corrupt' | 'missing' | 'ignored';

/**
 * The log files that rebuild one version of a table: the newest complete checkpoint at or
 * before the version (if any) and every commit after it, without gaps.
 *
 * ```
 * _delta_log/ ... 0009.json  0010.checkpoint.parquet  0010.json  0011.json  0012.json
 *                            └── checkpoint ────────┘            └─ commits ────────┘ → version 12
 * ```
 */
export interface LogSegment {
  /** The version the segment rebuilds. */
  version: number;
  /** The checkpoint replay starts from; none when replay starts at commit 0. */
  checkpoint: Checkpoint | undefined;
  /** The commits after the checkpoint up to `version`, ascending. */
  commits: CommitFile[];
  /** The earliest version that can be rebuilt from the files listed. */
  earliestVersion: number;
  /** The latest version of the table. */
  latestVersion: number;
  /** What became of the `_last_checkpoint` hint. */
  lastCheckpoint: LastCheckpointStatus;
  /**
   * What was listed of `_delta_log/`: everything, or — for the latest version, when the
   * `_last_checkpoint` hint is confirmed — the files from that checkpoint on.
   */
  listing: LogListing;
}

/**
 * Lists the log and picks the files that rebuild `version` (default: the latest). Log
 * compaction files are listed but not used: they are an optional speed-up, and reading the
 * commits themselves is always correct.
 *
 * @throws {TableNotFound} when `_delta_log/` holds no commit and no checkpoint.
 * @throws {VersionNotFound} when the version is not in the available range.
 * @throws {CorruptLog} when a commit is missing between the checkpoint and the version, or no
 * version can be rebuilt at all (no checkpoint, and the commits do not start at 0).
 */
export async function buildLogSegment(
  storage: Storage,
  options: { version?: number } = {},
): Promise<LogSegment> {
  if (options.version === undefined) {
    // The latest version needs nothing before its checkpoint: list from the hinted one, when
    // the listing confirms it (complete, present). A stale hint still works — newer checkpoints
    // sort after it — and a wrong one falls back to listing everything.
    const lastCheckpoint = await readLastCheckpoint(storage);
    if (lastCheckpoint.status === 'found') {
      const from = lastCheckpoint.hint.version;
      const listing = await listLog(storage, { fromVersion: from }).catch(() => undefined);
      if (listing && completeCheckpoints(listing.checkpoints).some((c) => c.version === from)) {
        return selectLogSegment(listing, lastCheckpoint);
      }
    }
    return selectLogSegment(await listLog(storage), lastCheckpoint);
  }
  const [listing, lastCheckpoint] = await Promise.all([
    listLog(storage),
    readLastCheckpoint(storage),
  ]);
  return selectLogSegment(listing, lastCheckpoint, options.version);
}

/** The version range that can be rebuilt from a listing. */
export function availableVersions(listing: LogListing): { earliest: number; latest: number } {
  const checkpoints = completeCheckpoints(listing.checkpoints);
  const lastCommit = listing.commits.at(-1)?.version ?? -1;
  const lastCheckpoint = checkpoints.at(-1)?.version ?? -1;
  const latest = Math.max(lastCommit, lastCheckpoint);
  const bases = checkpoints.map((checkpoint) => checkpoint.version);
  if (listing.commits[0]?.version === 0) bases.push(0);
  if (bases.length === 0) {
    throw new CorruptLog({
      reason: `no version can be rebuilt: there is no complete checkpoint, and the first commit is version ${listing.commits[0]?.version ?? '?'}, not 0`,
      hint: 'The log was cleaned up without keeping a checkpoint, or checkpoint parts are missing; restore the missing files from a backup',
    });
  }
  return { earliest: Math.min(...bases), latest };
}

/** Picks the segment for `version` out of a listing (pure; see {@link buildLogSegment}). */
export function selectLogSegment(
  listing: LogListing,
  lastCheckpoint: LastCheckpointRead,
  version?: number,
): LogSegment {
  const { earliest, latest } = availableVersions(listing);
  const target = version ?? latest;
  if (!Number.isSafeInteger(target) || target < earliest || target > latest) {
    throw new VersionNotFound({ version: target, earliest, latest });
  }
  const checkpoint = completeCheckpoints(listing.checkpoints)
    .filter((candidate) => candidate.version <= target)
    .at(-1);
  const start = checkpoint ? checkpoint.version + 1 : 0;
  const byVersion = new Map(listing.commits.map((commit) => [commit.version, commit]));
  const commits: CommitFile[] = [];
  for (let next = start; next <= target; next++) {
    const commit = byVersion.get(next);
    if (!commit) {
      throw new CorruptLog({
        reason: `commit ${next} is missing, but version ${target} needs every commit from ${start} on${checkpoint ? ` (after the checkpoint of version ${checkpoint.version})` : ''}`,
        hint: `Restore _delta_log/${String(next).padStart(20, '0')}.json from a backup, or read a version before ${next}`,
      });
    }
    commits.push(commit);
  }
  return {
    version: target,
    checkpoint,
    commits,
    earliestVersion: earliest,
    latestVersion: latest,
    lastCheckpoint: hintStatus(lastCheckpoint, target, checkpoint),
    listing,
  };
}

function hintStatus(
  read: LastCheckpointRead,
  target: number,
  chosen: Checkpoint | undefined,
): LastCheckpointStatus {
  if (read.status !== 'found') return read.status;
  if (read.hint.version > target) return 'ignored';
  return chosen?.version === read.hint.version ? 'used' : 'stale';
}
