import { readCheckpointParquet } from '../log/checkpoint-parquet.js';
import { completeCheckpoints } from '../log/checkpoints.js';
import { listLog } from '../log/list-log.js';
import { LOG_FOLDER, parseLogFile, SIDECAR_FOLDER } from '../log/log-file-name.js';
import { sidecarPath } from '../log/sidecar-path.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { fileCommitTimes } from '../snapshot/commit-timestamps.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { FileInfo, Storage } from '../storage/storage.js';

/** Options of {@link cleanupMetadata}. */
export interface CleanupMetadataOptions {
  /**
   * How long log entries are kept, in milliseconds. Default: the table property
   * `delta.logRetentionDuration` (30 days).
   */
  retentionMs?: number;
  /** The current time, in milliseconds since the epoch. Default `Date.now()`. */
  now?: number;
  /** Plan only: report what would be deleted, delete nothing. Default false. */
  dryRun?: boolean;
}

/** What {@link cleanupMetadata} deleted (or, in a dry run, would delete). */
export interface MetadataCleanup {
  /** The cutoff time: midnight UTC of the day `now - retention` falls in. */
  cutoff: number;
  /**
   * The checkpoint everything older was deleted up to: the newest complete checkpoint of a
   * version committed at or before the cutoff. Undefined when there is none (nothing deleted).
   */
  checkpointVersion: number | undefined;
  /** The deleted files, relative to the table root, in the order deleted (oldest version first). */
  deleted: string[];
}

const DAY = 86_400_000;
/** `_delta_log/00000000000000000007.crc`: the version checksum file. */
const VERSION_CHECKSUM = /^(\d{20})\.crc$/;
/** Hadoop's hidden checksum of a file: `.<name>.crc`. */
const HADOOP_CHECKSUM = /^\.(.+)\.crc$/;

/**
 * Deletes log files that no version within the log retention needs (PROTOCOL.md, "Metadata
 * Cleanup"; what Apache Spark does after a checkpoint):
 *
 * ```
 * cutoff = midnight UTC of (now - delta.logRetentionDuration)
 * 0.json … 4.json 5.checkpoint 5.json … 9.json 10.checkpoint 10.json 11.json  (12.json after cutoff)
 * └── deleted: versions < 10 ──────────────────┘ └── kept: checkpoint 10 and every commit after ──┘
 * ```
 *
 * The cutoff checkpoint is the newest complete checkpoint whose version was committed at or
 * before the cutoff (commit times are file modification times made increasing, as time travel
 * reads them). Deleted, for versions strictly before it: commits, checkpoints of every kind
 * (classic, multi-part — complete or not —, UUID-named V2), version checksums (`N.crc`) and
 * Hadoop's `.name.crc` companions; and log compactions starting at or before it. Then sidecars
 * in `_delta_log/_sidecars/` that no remaining checkpoint references and that are older than
 * both the cutoff and a day (a checkpoint being written may not reference its sidecars yet).
 *
 * Every version from the cutoff checkpoint on stays readable, by version and by timestamp, so
 * time travel within the retention is unchanged; the commit of the cutoff checkpoint's version
 * is kept (its commitInfo and in-commit timestamp). Data files are never touched. Files are
 * deleted oldest version first, so an interrupted cleanup leaves a readable log.
 *
 * @example
 * ```ts
 * import { LocalStorage, cleanupMetadata, loadSnapshot } from '@silt/delta-log';
 * const storage = new LocalStorage('./lake/silver');
 * const { deleted } = await cleanupMetadata(storage, await loadSnapshot(storage));
 * ```
 * @throws {InvalidTableProperty} when `delta.logRetentionDuration` is malformed.
 * @throws {TableNotFound} when the log is gone.
 */
export async function cleanupMetadata(
  storage: Storage,
  snapshot: Snapshot,
  options: CleanupMetadataOptions = {},
): Promise<MetadataCleanup> {
  const retention = options.retentionMs ?? snapshot.properties.logRetentionDuration;
  if (!Number.isFinite(retention) || retention < 0)
    throw new RangeError(`The log retention must be a non-negative duration, got ${retention} ms.`);
  const now = options.now ?? Date.now();
  const cutoff = startOfUtcDay(now - retention);
  const listing = await listLog(storage);

  const committedBeforeCutoff = fileCommitTimes(listing)
    .filter((time) => time.timestamp <= cutoff)
    .at(-1)?.version;
  const checkpoint =
    committedBeforeCutoff === undefined
      ? undefined
      : completeCheckpoints(listing.checkpoints)
          .filter((candidate) => candidate.version <= committedBeforeCutoff)
          .at(-1);
  if (!checkpoint) return { cutoff, checkpointVersion: undefined, deleted: [] };
  const keepFrom = checkpoint.version;

  const all: FileInfo[] = [];
  for await (const info of storage.list(LOG_FOLDER)) all.push(info);

  // Files of versions before the cutoff checkpoint, by version.
  const expired: { version: number; path: string }[] = [];
  for (const info of all) {
    const name = info.path.slice(LOG_FOLDER.length);
    if (name.includes('/')) continue;
    const file = parseLogFile(info);
    if (file?.kind === 'commit' || file?.kind === 'checkpoint') {
      if (file.version < keepFrom) expired.push({ version: file.version, path: file.path });
    } else if (file?.kind === 'compaction') {
      if (file.version <= keepFrom) expired.push({ version: file.endVersion, path: file.path });
    } else {
      const match = VERSION_CHECKSUM.exec(name);
      if (match && Number(match[1]) < keepFrom)
        expired.push({ version: Number(match[1]), path: info.path });
    }
  }
  const expiredPaths = new Set(expired.map((file) => file.path));
  // Hadoop's checksum companions go with their files.
  for (const info of all) {
    const name = info.path.slice(LOG_FOLDER.length);
    const match = name.includes('/') ? null : HADOOP_CHECKSUM.exec(name);
    const companion = match ? `${LOG_FOLDER}${match[1]}` : undefined;
    if (companion && expiredPaths.has(companion)) {
      const owner = expired.find((file) => file.path === companion)!;
      expired.push({ version: owner.version, path: info.path });
    }
  }
  expired.sort((a, b) => a.version - b.version || (a.path < b.path ? -1 : 1));
  const deleted = expired.map((file) => file.path);

  const sidecars = all.filter((info) => info.path.startsWith(SIDECAR_FOLDER));
  if (sidecars.length > 0) {
    const referenced = await referencedSidecars(
      storage,
      all.filter((info) => !expiredPaths.has(info.path)),
    );
    if (referenced) {
      const sidecarCutoff = Math.min(cutoff, startOfUtcDay(now) - DAY);
      for (const sidecar of sidecars) {
        if (!referenced.has(sidecar.path) && sidecar.modificationTime < sidecarCutoff)
          deleted.push(sidecar.path);
      }
    }
  }

  if (!options.dryRun) for (const path of deleted) await storage.delete(path);
  return { cutoff, checkpointVersion: keepFrom, deleted };
}

/**
 * The sidecar files the remaining checkpoints reference; undefined when a checkpoint cannot be
 * read (then no sidecar is deleted: one it references might be).
 */
async function referencedSidecars(
  storage: Storage,
  remaining: readonly FileInfo[],
): Promise<Set<string> | undefined> {
  const referenced = new Set<string>();
  for (const info of remaining) {
    const file = parseLogFile(info);
    // Multi-part checkpoints cannot hold sidecar actions; classic and UUID-named ones can (V2).
    if (file?.kind !== 'checkpoint' || file.naming === 'multi-part') continue;
    try {
      const bytes = await storage.read(file.path);
      const actions =
        file.format === 'json'
          ? parseCommitFile(bytes, file.path)
          : await readCheckpointParquet(bytes, file.path, { actions: ['sidecar'] });
      for (const action of actions)
        if ('sidecar' in action) referenced.add(sidecarPath(action.sidecar, file.path));
    } catch {
      return undefined;
    }
  }
  return referenced;
}

/** Midnight UTC of the day `time` falls in. */
function startOfUtcDay(time: number): number {
  return Math.floor(time / DAY) * DAY;
}
