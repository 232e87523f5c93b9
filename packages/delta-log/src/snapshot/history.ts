import { listLog } from '../log/list-log.js';
import { selectLogSegment } from '../log/log-segment.js';
import { readCommits, readProtocolAndMetadata } from '../log/read-log-segment.js';
import { replay } from '../log/replay.js';
import type { CommitInfoAction } from '../protocol/actions.js';
import type { Storage } from '../storage/storage.js';
import { fileCommitTimes } from './commit-timestamps.js';
import { inCommitTimestampOf, inCommitTimestamps } from './in-commit-timestamps.js';

/** One commit of the table's history, as `DESCRIBE HISTORY` shows it. */
export interface HistoryEntry {
  version: number;
  /**
   * The commit time in milliseconds since the epoch: the in-commit timestamp where the table has
   * them, else the commit file's modification time made increasing (as Spark shows it; the
   * writer's own clock is in `commitInfo.timestamp`).
   */
  timestamp: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  operationMetrics?: Record<string, unknown>;
  userMetadata?: string;
  engineInfo?: string;
  /** The whole commitInfo as written; absent when the commit has none. */
  commitInfo?: CommitInfoAction;
}

/** Options of {@link history}. */
export interface HistoryOptions {
  /** The most entries to return, newest first. Default: all commits in the log. */
  limit?: number;
}

/**
 * The commits of the table, newest first, from their commitInfo actions. Every commit file
 * still in the log is listed, also those older than the earliest version that can be read.
 *
 * @example
 * ```ts
 * import { history, LocalStorage } from '@silt/delta-log';
 * const [last] = await history(new LocalStorage('./lake/silver'), { limit: 1 });
 * console.log(last?.version, last?.operation); // 12 'WRITE'
 * ```
 * @throws {TableNotFound} when there is no table.
 * @throws {CorruptLog} when a commit file is not valid.
 */
export async function history(
  storage: Storage,
  options: HistoryOptions = {},
): Promise<HistoryEntry[]> {
  const listing = await listLog(storage);
  const latest = selectLogSegment(listing, { status: 'missing' });
  const { protocol, metadata } = await readProtocolAndMetadata(storage, latest);
  const ict =
    protocol && metadata ? inCommitTimestamps(protocol.action, metadata.action) : undefined;
  const fileTimes = new Map(fileCommitTimes(listing).map((time) => [time.version, time.timestamp]));
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const commits = listing.commits.slice(Math.max(0, listing.commits.length - limit)).reverse();
  const batches = await readCommits(storage, commits);
  return batches.map((batch) => {
    const commitInfo = replay([batch]).commitInfos.get(batch.version);
    const timestamp =
      ict && batch.version >= ict.enablementVersion
        ? inCommitTimestampOf(commitInfo, batch.version, batch.file)
        : fileTimes.get(batch.version)!;
    return entry(batch.version, timestamp, commitInfo);
  });
}

function entry(
  version: number,
  timestamp: number,
  commitInfo: CommitInfoAction | undefined,
): HistoryEntry {
  const out: HistoryEntry = { version, timestamp };
  if (!commitInfo) return out;
  if (typeof commitInfo.operation === 'string') out.operation = commitInfo.operation;
  if (isRecord(commitInfo.operationParameters))
    out.operationParameters = commitInfo.operationParameters;
  if (isRecord(commitInfo.operationMetrics)) out.operationMetrics = commitInfo.operationMetrics;
  if (typeof commitInfo.userMetadata === 'string') out.userMetadata = commitInfo.userMetadata;
  if (typeof commitInfo.engineInfo === 'string') out.engineInfo = commitInfo.engineInfo;
  out.commitInfo = commitInfo;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
