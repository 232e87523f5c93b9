import { SiltError } from '@silt/parquet-io';
import type { ExpressionLike } from '../expr/builder.js';
import { formatExpression } from '../expr/format-expression.js';
import type { AddAction, CdcAction, RemoveAction } from '../protocol/actions.js';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { Transaction } from '../txn/transaction.js';
import { refuseOnAppendOnly } from './append-only.js';
import { deleteWithDeletionVectors } from './deletion-vector-writer.js';
import { filesMatchingPartitions, isPartitionPredicate } from './partition-predicate.js';
import { postCommitHook } from './post-commit.js';
import { resolvePredicate } from './predicate.js';
import { filesToReplace, removeActionOf, rewriteKeepingRows } from './replace-files.js';

/** Options of {@link deleteRows}. */
export interface DeleteOptions {
  /** Free text stored in `commitInfo.userMetadata`. */
  userMetadata?: string;
  /** The clock (milliseconds since the epoch). */
  now?: () => number;
}

/** Spark's DELETE metrics. */
export interface DeleteMetrics {
  numRemovedFiles: number;
  numAddedFiles: number;
  numDeletedRows: number;
  numCopiedRows: number;
  numAddedChangeFiles: number;
  numDeletionVectorsAdded: number;
  numDeletionVectorsRemoved: number;
  numDeletionVectorsUpdated: number;
  executionTimeMs: number;
  scanTimeMs: number;
  rewriteTimeMs: number;
}

/** What a DELETE did. */
export interface DeleteResult {
  /** The new version; the read version when nothing matched (nothing is committed then). */
  version: number;
  metrics: DeleteMetrics;
}

/**
 * Deletes the rows matching `predicate` (every row without one) — Spark's `DELETE FROM`.
 *
 * - No predicate, or one on partition columns only: whole files leave the table, nothing is
 *   read (metadata-only).
 * - Otherwise the files that might hold a matching row (partition pruning and statistics
 *   skipping) are read; with `delta.enableDeletionVectors` the matching rows are marked in
 *   deletion vectors, else each such file is rewritten without them (copy-on-write).
 * - With `delta.enableChangeDataFeed`, rewritten rows' deletions are written as change data.
 *
 * @example
 * ```ts
 * import { deleteRows } from '@silt/delta-log';
 * await deleteRows('./lake/silver', "status = 'cancelled' AND amount < 10");
 * ```
 * @throws {InvalidPredicate} when the predicate does not parse or names an unknown column.
 * @throws {WriteNotSupported} for an append-only table or writer features Silt lacks.
 * @throws {ConcurrentModification} when a concurrent commit conflicts.
 */
export async function deleteRows(
  location: StorageLocation,
  predicate?: ExpressionLike | string,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  const storage = storageFor(location);
  return deleteFromSnapshot(storage, await loadSnapshot(storage), predicate, options);
}

/** {@link deleteRows} on an opened table version. */
export async function deleteFromSnapshot(
  storage: Storage,
  snapshot: Snapshot,
  predicate: ExpressionLike | string | undefined,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  const started = Date.now();
  const now = options.now ?? Date.now;
  checkWriteSupport(snapshot.protocol, snapshot.schema);
  refuseOnAppendOnly(
    { protocol: snapshot.protocol, appendOnly: snapshot.properties.appendOnly },
    'deleting from',
  );
  const condition =
    predicate === undefined ? undefined : resolvePredicate(predicate, snapshot.schema);
  const txn: Transaction = new Transaction(storage, snapshot, {
    now,
    afterCommit: postCommitHook(storage, () => snapshot.configuration),
  });
  const metrics: DeleteMetrics = {
    numRemovedFiles: 0,
    numAddedFiles: 0,
    numDeletedRows: 0,
    numCopiedRows: 0,
    numAddedChangeFiles: 0,
    numDeletionVectorsAdded: 0,
    numDeletionVectorsRemoved: 0,
    numDeletionVectorsUpdated: 0,
    executionTimeMs: 0,
    scanTimeMs: 0,
    rewriteTimeMs: 0,
  };
  let removes: RemoveAction[] = [];
  let adds: AddAction[] = [];
  let cdcs: CdcAction[] = [];
  if (!condition || isPartitionPredicate(condition, snapshot.partitionColumns)) {
    // Metadata-only: whole files go; their row counts come from their statistics.
    const files = condition ? filesMatchingPartitions(snapshot, condition) : [...snapshot.files];
    if (condition) txn.readPredicate(condition);
    else txn.readWholeTable();
    txn.readFiles(files);
    removes = files.map((add) => removeActionOf(add, now()));
    metrics.numDeletedRows = files.reduce((sum, add) => sum + recordCount(add), 0);
    metrics.numDeletionVectorsRemoved = files.filter((add) => add.deletionVector).length;
  } else {
    const scanStarted = Date.now();
    const candidates = filesToReplace(snapshot, condition);
    txn.readPredicate(condition).readFiles(candidates);
    metrics.scanTimeMs = Date.now() - scanStarted;
    const rewriteStarted = Date.now();
    if (snapshot.properties.enableDeletionVectors) {
      const result = await deleteWithDeletionVectors(storage, snapshot, candidates, condition, {
        now,
      });
      removes = result.removes;
      adds = result.adds;
      cdcs = result.cdcs;
      metrics.numDeletedRows = result.numDeletedRows;
      metrics.numDeletionVectorsAdded = result.numDeletionVectorsAdded;
      metrics.numDeletionVectorsUpdated = result.numDeletionVectorsUpdated;
      metrics.numDeletionVectorsRemoved = result.numDeletionVectorsRemoved;
    } else {
      const result = await rewriteKeepingRows(storage, snapshot, candidates, condition, {
        now,
        changeData: snapshot.properties.enableChangeDataFeed,
      });
      removes = result.removes;
      adds = result.adds;
      cdcs = result.cdcs;
      metrics.numDeletedRows = result.numDeletedRows;
      metrics.numCopiedRows = result.numCopiedRows;
      metrics.numDeletionVectorsRemoved = result.removes.filter((r) => r.deletionVector).length;
    }
    metrics.rewriteTimeMs = Date.now() - rewriteStarted;
  }
  metrics.numRemovedFiles = removes.filter(
    (remove) => !adds.some((add) => add.path === remove.path),
  ).length;
  metrics.numAddedFiles = adds.filter((add) => !removes.some((r) => r.path === add.path)).length;
  metrics.numAddedChangeFiles = cdcs.length;
  if (removes.length === 0 && adds.length === 0) {
    metrics.executionTimeMs = Date.now() - started;
    return { version: snapshot.version, metrics };
  }
  txn
    .remove(...removes)
    .add(...adds)
    .addChangeData(...cdcs);
  metrics.executionTimeMs = Date.now() - started;
  const result = await txn.commit({
    operation: 'DELETE',
    operationParameters: {
      predicate: JSON.stringify(condition ? [formatExpression(condition)] : []),
    },
    operationMetrics: { ...metrics },
    ...(options.userMetadata === undefined ? {} : { userMetadata: options.userMetadata }),
  });
  return { version: result.version, metrics };
}

function recordCount(add: AddAction): number {
  if (!add.stats) return 0;
  try {
    const records = (JSON.parse(add.stats) as { numRecords?: unknown }).numRecords;
    const deleted = add.deletionVector?.cardinality ?? 0;
    return typeof records === 'number' ? records - deleted : 0;
  } catch (error) {
    if (SiltError.isInstance(error)) throw error;
    return 0;
  }
}
