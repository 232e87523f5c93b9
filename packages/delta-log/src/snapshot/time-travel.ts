import { type LogListing, listLog } from '../log/list-log.js';
import { availableVersions, selectLogSegment } from '../log/log-segment.js';
import { readProtocolAndMetadata } from '../log/read-log-segment.js';
import type { Storage } from '../storage/storage.js';
import { type CommitTime, fileCommitTimes, readInCommitTimestamp } from './commit-timestamps.js';
import { MissingMetadata } from './errors/missing-metadata.js';
import { MissingProtocol } from './errors/missing-protocol.js';
import { TimestampOutOfRange } from './errors/timestamp-out-of-range.js';
import { inCommitTimestamps } from './in-commit-timestamps.js';

/**
 * The version a read "as of" a time sees: the latest commit whose timestamp is at or before
 * it, among the versions that can still be rebuilt — as Apache Spark resolves
 * `TIMESTAMP AS OF`.
 *
 * Commit timestamps are in-commit timestamps from the version where the table enabled them
 * (the latest metadata decides, as in Spark), and file modification times before it, made
 * strictly increasing (see {@link fileCommitTimes}). In-commit timestamps are increasing by
 * protocol, so they are binary-searched: only a few commit files are read.
 *
 * A time after the latest commit is refused, as Spark refuses it for time travel (a read "as
 * of" a future time would otherwise change meaning as commits arrive); read without a
 * timestamp to get the latest version. delta-rs instead returns the latest version.
 *
 * @example
 * ```ts
 * import { LocalStorage, versionAtTimestamp } from '@silt/delta-log';
 * await versionAtTimestamp(new LocalStorage('./lake/silver'), new Date('2024-05-01T12:00:00Z')); // 7
 * ```
 * @throws {TimestampOutOfRange} before the earliest available commit or after the latest one.
 * @throws {TableNotFound} when there is no table.
 */
export async function versionAtTimestamp(
  storage: Storage,
  timestamp: number | Date,
): Promise<number> {
  return (await resolveTimestamp(storage, timestamp)).version;
}

/** {@link versionAtTimestamp}, also handing back the listing it made (so the caller need not list again). */
export async function resolveTimestamp(
  storage: Storage,
  timestamp: number | Date,
): Promise<{ version: number; listing: LogListing }> {
  const time = timestamp instanceof Date ? timestamp.getTime() : timestamp;
  if (!Number.isFinite(time))
    throw new TypeError(`The timestamp ${String(timestamp)} is not a valid time.`);
  const listing = await listLog(storage);
  const { earliest, latest } = availableVersions(listing);
  const latestSegment = selectLogSegment(listing, { status: 'missing' });
  const { protocol, metadata } = await readProtocolAndMetadata(storage, latestSegment);
  if (!protocol) throw new MissingProtocol({ version: latest });
  if (!metadata) throw new MissingMetadata({ version: latest });
  const ict = inCommitTimestamps(protocol.action, metadata.action);
  const ictCommits = ict
    ? listing.commits.filter(
        (commit) => commit.version >= Math.max(ict.enablementVersion, earliest),
      )
    : [];
  const ictStart = ictCommits[0]?.version ?? Number.POSITIVE_INFINITY;
  const fileTimes = fileCommitTimes(listing).filter(
    (time) => time.version >= earliest && time.version < ictStart,
  );

  const beforeIct =
    ict?.enablementTimestamp !== undefined &&
    time < ict.enablementTimestamp &&
    fileTimes.length > 0;
  if (ictCommits.length > 0 && !beforeIct) {
    const timeOf = (index: number) => readInCommitTimestamp(storage, ictCommits[index]!);
    const found = await latestAtOrBefore(ictCommits.length, time, timeOf);
    if (found === undefined) {
      if (fileTimes.length > 0)
        return {
          version: pick(fileTimes, time, await timeOf(ictCommits.length - 1)).version,
          listing,
        };
      throw new TimestampOutOfRange({
        timestamp: time,
        earliest: await timeOf(0),
        latest: await timeOf(ictCommits.length - 1),
      });
    }
    const last = ictCommits.length - 1;
    if (found.index === last && time > found.timestamp) {
      throw new TimestampOutOfRange({
        timestamp: time,
        earliest: fileTimes[0]?.timestamp ?? (await timeOf(0)),
        latest: found.timestamp,
      });
    }
    return { version: ictCommits[found.index]!.version, listing };
  }
  const latestTime =
    ictCommits.length > 0 ? await readInCommitTimestamp(storage, ictCommits.at(-1)!) : undefined;
  return { version: pick(fileTimes, time, latestTime).version, listing };
}

/**
 * The latest of `times` at or before `time`.
 *
 * @param latestTime the time of the latest commit when it lies beyond `times` (in-commit
 * timestamps follow); undefined when `times` ends at the latest commit, which then may not be
 * exceeded.
 */
function pick(
  times: readonly CommitTime[],
  time: number,
  latestTime: number | undefined,
): CommitTime {
  const earliest = times[0]!.timestamp;
  const latest = latestTime ?? times.at(-1)!.timestamp;
  let found: CommitTime | undefined;
  for (const candidate of times) if (candidate.timestamp <= time) found = candidate;
  if (!found || (latestTime === undefined && found === times.at(-1) && time > found.timestamp)) {
    throw new TimestampOutOfRange({ timestamp: time, earliest, latest });
  }
  return found;
}

/** Binary search over increasing times for the last index at or before `time`. */
async function latestAtOrBefore(
  count: number,
  time: number,
  timeOf: (index: number) => Promise<number>,
): Promise<{ index: number; timestamp: number } | undefined> {
  let low = 0;
  let high = count - 1;
  let found: { index: number; timestamp: number } | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const timestamp = await timeOf(middle);
    if (timestamp <= time) {
      found = { index: middle, timestamp };
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
