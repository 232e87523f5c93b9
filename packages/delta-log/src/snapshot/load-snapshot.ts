import { readLastCheckpoint } from '../log/last-checkpoint.js';
import { buildLogSegment, type LogSegment, selectLogSegment } from '../log/log-segment.js';
import { readCommits, replayLogSegment } from '../log/read-log-segment.js';
import { replay } from '../log/replay.js';
import type { Storage } from '../storage/storage.js';
import { commitFileAt, Snapshot } from './snapshot.js';
import { resolveTimestamp } from './time-travel.js';

/** Options of {@link loadSnapshot}: at most one of them. */
export interface LoadSnapshotOptions {
  /** The version to read. Default: the latest. */
  version?: number;
  /**
   * Read the table as of this time (milliseconds since the epoch, or a `Date`): the latest
   * version committed at or before it (see {@link versionAtTimestamp}).
   */
  timestamp?: number | Date;
}

/**
 * Loads a snapshot of the table in `storage` (whose root is the table root): the latest
 * version, a given version, or the version as of a time.
 *
 * @example
 * ```ts
 * import { LocalStorage, loadSnapshot } from '@silt/delta-log';
 * const storage = new LocalStorage('./lake/silver');
 * const latest = await loadSnapshot(storage);
 * const old = await loadSnapshot(storage, { timestamp: new Date('2024-05-01T12:00:00Z') });
 * ```
 * @throws {TableNotFound} when there is no table.
 * @throws {VersionNotFound} when the version is not available (the message names the range).
 * @throws {TimestampOutOfRange} when the time is before the earliest or after the latest commit.
 * @throws {ProtocolNotSupported} when the table needs features Silt lacks.
 * @throws {CorruptLog} / {MissingProtocol} / {MissingMetadata} when the log is broken.
 */
export async function loadSnapshot(
  storage: Storage,
  options: LoadSnapshotOptions = {},
): Promise<Snapshot> {
  if (options.version !== undefined && options.timestamp !== undefined) {
    throw new TypeError('loadSnapshot takes a version or a timestamp, not both.');
  }
  let segment: LogSegment;
  if (options.timestamp !== undefined) {
    const { version, listing } = await resolveTimestamp(storage, options.timestamp);
    segment = selectLogSegment(listing, await readLastCheckpoint(storage), version);
  } else {
    segment = await buildLogSegment(storage, { version: options.version });
  }
  const state = await replayLogSegment(storage, segment);
  // A checkpoint at the version itself leaves its commit unread, but its commitInfo (and
  // in-commit timestamp) still belongs to the snapshot.
  const commit = commitFileAt(segment);
  if (
    commit &&
    !state.commitInfos.has(segment.version) &&
    segment.checkpoint?.version === segment.version
  ) {
    const commitInfo = replay(await readCommits(storage, [commit])).commitInfos.get(
      segment.version,
    );
    if (commitInfo) state.commitInfos.set(segment.version, commitInfo);
  }
  return Snapshot.fromReplay(segment, state);
}
