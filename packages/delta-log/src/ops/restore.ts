/**
 * RESTORE: a new version whose active files are those of an earlier one, as Spark's
 * `RestoreTableCommand` writes it.
 *
 * ```
 * latest ─┐
 *         ├─ diff files ── check restored files exist ── commit adds + removes (+ metadata, protocol)
 * target ─┘
 * ```
 */
import { SiltError } from '@silt/parquet-io';
import type { AddAction } from '../protocol/actions.js';
import { logicalFileKey } from '../protocol/logical-file-key.js';
import { readerFeatures, writerFeatures } from '../protocol/table-features.js';
import { checkWriteSupport, upgradeProtocol } from '../protocol/table-protocol.js';
import { deletionVectorPath } from '../scan/deletion-vector/deletion-vector-path.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { FileNotFound } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { Transaction } from '../txn/transaction.js';
import { RestoreFilesMissing } from './errors/restore-files-missing.js';
import { postCommitHook } from './post-commit.js';
import { removeActionOf } from './replace-files.js';

/**
 * The version to restore: a version number, or a time (milliseconds since the epoch, a `Date`, or
 * an ISO 8601 string), meaning the latest version committed at or before it.
 */
export type RestoreTarget =
  | { version: number; timestamp?: undefined }
  | { timestamp: number | Date | string; version?: undefined };

/** Options of {@link restore}. */
export interface RestoreOptions {
  /** The clock (milliseconds since the epoch). Default `Date.now`. */
  now?: () => number;
  /** Free text stored in `commitInfo.userMetadata`. */
  userMetadata?: string;
  /** Rebase-and-retry attempts when other writers commit first. Default 100. */
  maxRetries?: number;
}

/** Spark's RESTORE metrics. */
export interface RestoreMetrics {
  /** Bytes of the table's files after the restore. */
  tableSizeAfterRestore: number;
  /** Files of the table after the restore. */
  numOfFilesAfterRestore: number;
  /** Files active before the restore and removed by it. */
  numRemovedFiles: number;
  /** Files of the restored version added back. */
  numRestoredFiles: number;
  removedFilesSize: number;
  restoredFilesSize: number;
}

/** What {@link restore} did. */
export interface RestoreResult {
  /** The version the restore committed. */
  version: number;
  /** The version whose files the table now has. */
  restoredVersion: number;
  metrics: RestoreMetrics;
}

/**
 * Restores the table to an earlier version: commits a new version (operation `RESTORE`) whose
 * active files are those of the target — files of the target not active now are added back
 * (`dataChange` true), files active now and not in the target are removed — and whose metadata
 * is the target's. The protocol is never lowered: it becomes the union of the current one and
 * the target's. History is kept: the versions in between stay readable by time travel.
 *
 * Every file to add back must still exist (VACUUM may have deleted it); otherwise nothing is
 * committed.
 *
 * @example
 * ```ts
 * import { restore } from '@silt/delta-log';
 * const { version, metrics } = await restore('./lake/silver/orders', { version: 3 });
 * await restore('./lake/silver/orders', { timestamp: '2026-11-24T12:00:00Z' });
 * ```
 * @see https://docs.delta.io/latest/delta-utility.html#restore-a-delta-table-to-an-earlier-state
 * @throws {RestoreFilesMissing} naming files of the target that are gone.
 * @throws {VersionNotFound} / {TimestampOutOfRange} when the target does not exist.
 * @throws {WriteNotSupported} when the table needs writer features Silt lacks.
 * @throws {ConcurrentModification} when a concurrent commit conflicts.
 */
export async function restore(
  location: StorageLocation,
  target: RestoreTarget,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const storage = storageFor(location);
  const current = await loadSnapshot(storage);
  return restoreSnapshot(storage, current, target, options);
}

/** {@link restore} with the current version already loaded. */
export async function restoreSnapshot(
  storage: Storage,
  current: Snapshot,
  target: RestoreTarget,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const now = options.now ?? Date.now;
  const { version, timestamp } = target as { version?: number; timestamp?: number | Date | string };
  if ((version === undefined) === (timestamp === undefined)) {
    throw new TypeError('restore takes a version or a timestamp (one of them).');
  }
  const timestampMillis = timestamp === undefined ? undefined : toMillis(timestamp);
  const restored = await loadSnapshot(
    storage,
    timestampMillis === undefined ? { version: version! } : { timestamp: timestampMillis },
  );

  // The protocol never goes down: the current one, grown by whatever the target's needs.
  const merged = upgradeProtocol(current.protocol, [
    ...new Set([...writerFeatures(restored.protocol), ...readerFeatures(restored.protocol)]),
  ]);
  checkWriteSupport(current.protocol, current.schema);
  checkWriteSupport(merged, restored.schema);

  const currentKeys = new Set(current.files.map(logicalFileKey));
  const targetKeys = new Set(restored.files.map(logicalFileKey));
  const toAdd = restored.files.filter((add) => !currentKeys.has(logicalFileKey(add)));
  const toRemove = current.files.filter((add) => !targetKeys.has(logicalFileKey(add)));

  const missing = await missingFiles(storage, restored, toAdd);
  if (missing.length > 0) {
    throw new RestoreFilesMissing({ version: restored.version, paths: missing });
  }

  const txn: Transaction = new Transaction(storage, current, {
    now,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    afterCommit: postCommitHook(storage, () => txn.metadata?.configuration ?? {}),
  });
  txn.readWholeTable();
  if (!sameJson(merged, current.protocol)) txn.setProtocol(merged);
  if (!sameJson(restored.metadata, current.metadata)) txn.setMetadata(restored.metadata);
  const deletionTimestamp = now();
  txn
    .remove(...toRemove.map((add) => removeActionOf(add, deletionTimestamp)))
    .add(...toAdd.map((add): AddAction => ({ ...add, dataChange: true })));

  const size = (files: readonly AddAction[]) => files.reduce((sum, add) => sum + add.size, 0);
  const metrics: RestoreMetrics = {
    tableSizeAfterRestore: size(restored.files),
    numOfFilesAfterRestore: restored.files.length,
    numRemovedFiles: toRemove.length,
    numRestoredFiles: toAdd.length,
    removedFilesSize: size(toRemove),
    restoredFilesSize: size(toAdd),
  };
  const result = await txn.commit({
    operation: 'RESTORE',
    operationParameters: {
      version: version ?? null,
      timestamp: timestamp === undefined ? null : timestampText(timestamp),
    },
    operationMetrics: { ...metrics },
    ...(options.userMetadata === undefined ? {} : { userMetadata: options.userMetadata }),
  });
  return { version: result.version, restoredVersion: restored.version, metrics };
}

/** Storage paths of the files to add back (and their deletion vectors) that no longer exist. */
async function missingFiles(
  storage: Storage,
  snapshot: Snapshot,
  adds: readonly AddAction[],
): Promise<string[]> {
  const paths = new Set<string>();
  for (const add of adds) {
    paths.add(snapshot.filePath(add));
    if (add.deletionVector?.storageType === 'u') paths.add(deletionVectorPath(add.deletionVector));
  }
  const missing: string[] = [];
  const all = [...paths];
  for (let k = 0; k < all.length; k += 32) {
    await Promise.all(
      all.slice(k, k + 32).map(async (path) => {
        try {
          await storage.stat(path);
        } catch (error) {
          if (SiltError.hasCode(error, FileNotFound.code)) missing.push(path);
          else throw error;
        }
      }),
    );
  }
  return missing.sort();
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function toMillis(timestamp: number | Date | string): number {
  if (typeof timestamp === 'number') return timestamp;
  if (timestamp instanceof Date) return timestamp.getTime();
  const millis = Date.parse(timestamp);
  if (Number.isNaN(millis))
    throw new TypeError(
      `"${timestamp}" is not an ISO 8601 timestamp (for example 2026-11-24T12:00:00Z)`,
    );
  return millis;
}

/** The timestamp as the commit records it: the text given, else ISO 8601. */
function timestampText(timestamp: number | Date | string): string {
  return typeof timestamp === 'string' ? timestamp : new Date(toMillis(timestamp)).toISOString();
}
