import { filterBatch, type ParquetCompression } from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import type { Expression } from '../expr/expression.js';
import type { AddAction, CdcAction, RemoveAction } from '../protocol/actions.js';
import { readDataFile } from '../scan/data-file-reader.js';
import { filePruner } from '../scan/file-pruning.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { ChangeDataWriter } from './change-data-writer.js';
import { DataFileWriter } from './data-file-writer.js';
import { predicateMask } from './predicate.js';

/** The active files that might hold a row matching `predicate` (by partition values and statistics). */
export function filesToReplace(snapshot: Snapshot, predicate: Expression): AddAction[] {
  return snapshot.files.filter(filePruner(snapshot, predicate));
}

/**
 * The `remove` of an active file, as Spark writes it: with its partition values, size, stats,
 * tags and deletion vector (so that readers and VACUUM know the file), `dataChange` true.
 */
export function removeActionOf(add: AddAction, now: number, dataChange = true): RemoveAction {
  return {
    path: add.path,
    deletionTimestamp: now,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    ...(add.stats ? { stats: add.stats } : {}),
    ...(add.tags ? { tags: add.tags } : {}),
    ...(add.deletionVector ? { deletionVector: add.deletionVector } : {}),
    ...(add.baseRowId !== undefined && add.baseRowId !== null ? { baseRowId: add.baseRowId } : {}),
    ...(add.defaultRowCommitVersion !== undefined && add.defaultRowCommitVersion !== null
      ? { defaultRowCommitVersion: add.defaultRowCommitVersion }
      : {}),
  };
}

/** The outcome of rewriting files without the rows matching a predicate. */
export interface RewriteResult {
  /** The files that held a matching row. */
  removes: RemoveAction[];
  /** The new files holding their other rows. */
  adds: AddAction[];
  /** Rows matching the predicate, now gone. */
  numDeletedRows: number;
  /** Rows copied into the new files. */
  numCopiedRows: number;
  /** Change data files holding the deleted rows (when asked for). */
  cdcs: CdcAction[];
}

/**
 * Copy-on-write removal of the rows matching `predicate` from `files`: each file holding a
 * matching row is removed, and its other rows (NULL or FALSE for the predicate) are written to
 * new files; files without a matching row are left alone.
 */
export async function rewriteKeepingRows(
  storage: Storage,
  snapshot: Snapshot,
  files: readonly AddAction[],
  predicate: Expression,
  options: {
    now: () => number;
    compression?: ParquetCompression;
    targetFileSize?: number;
    /** Also write the deleted rows as change data (`_change_type` = `delete`). */
    changeData?: boolean;
  },
): Promise<RewriteResult> {
  const changes = options.changeData
    ? new ChangeDataWriter(storage, snapshot, options.now)
    : undefined;
  const writer = new DataFileWriter({
    storage,
    schema: snapshot.schema,
    partitionColumns: snapshot.partitionColumns,
    configuration: snapshot.configuration,
    now: options.now,
    ...(options.compression ? { compression: options.compression } : {}),
    ...(options.targetFileSize ? { targetFileSize: options.targetFileSize } : {}),
  });
  const removes: RemoveAction[] = [];
  let numDeletedRows = 0;
  let numCopiedRows = 0;
  for (const add of files) {
    const kept: arrow.RecordBatch[] = [];
    let deleted = 0;
    for await (const batch of readDataFile(storage, snapshot, add, {
      outputSchema: snapshot.schema,
    })) {
      const matches = predicateMask(predicate, batch, snapshot.schema);
      const keep = new Uint8Array(matches.length);
      for (let row = 0; row < matches.length; row++) {
        if (matches[row] === 1) deleted++;
        else keep[row] = 1;
      }
      const rest = filterBatch(batch, keep);
      if (rest.numRows > 0) kept.push(rest);
      if (changes && rest.numRows < batch.numRows)
        await changes.write(filterBatch(batch, matches), 'delete');
    }
    if (deleted === 0) continue;
    removes.push(removeActionOf(add, options.now()));
    numDeletedRows += deleted;
    for (const batch of kept) {
      numCopiedRows += batch.numRows;
      await writer.write(batch);
    }
  }
  return {
    removes,
    adds: await writer.finish(),
    numDeletedRows,
    numCopiedRows,
    cdcs: changes ? await changes.finish() : [],
  };
}
