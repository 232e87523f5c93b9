import { filterBatch } from '@silt/parquet-io';
import type { Expression } from '../expr/expression.js';
import type {
  AddAction,
  CdcAction,
  DeletionVectorDescriptor,
  RemoveAction,
} from '../protocol/actions.js';
import { readDataFile } from '../scan/data-file-reader.js';
import { encodeDeletionVectorFile } from '../scan/deletion-vector/deletion-vector-format.js';
import { z85OfUuid } from '../scan/deletion-vector/deletion-vector-path.js';
import { readDeletionVector } from '../scan/deletion-vector/read-deletion-vector.js';
import { rowIndexSetOf } from '../scan/deletion-vector/roaring-writer.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { ChangeDataWriter } from './change-data-writer.js';
import { predicateMask } from './predicate.js';
import { removeActionOf } from './replace-files.js';

/** The outcome of marking rows deleted with deletion vectors. */
export interface DeletionVectorResult {
  /** The files whose deletion vector changed, as they were. */
  removes: RemoveAction[];
  /** The same files with their new deletion vectors. */
  adds: AddAction[];
  cdcs: CdcAction[];
  numDeletedRows: number;
  /** Files that had no deletion vector and now have one. */
  numDeletionVectorsAdded: number;
  /** Files whose deletion vector grew. */
  numDeletionVectorsUpdated: number;
  /** Files removed whole, with their deletion vector, because every row is now deleted. */
  numDeletionVectorsRemoved: number;
}

/**
 * Merge-on-read removal of the rows matching `predicate`: for each file holding such a row, the
 * matching rows' positions (counted over every row of the Parquet file, rows deleted before
 * included) join those of its current deletion vector in a new one, written to
 * `deletion_vector_<uuid>.bin` at the table root; the file is then removed and re-added with
 * the new descriptor. A file whose every row ends up deleted is just removed. Statistics stay
 * those of the whole file, marked `tightBounds: false` as the protocol requires.
 */
export async function deleteWithDeletionVectors(
  storage: Storage,
  snapshot: Snapshot,
  files: readonly AddAction[],
  predicate: Expression,
  options: { now: () => number; changeData?: boolean },
): Promise<DeletionVectorResult> {
  const result: DeletionVectorResult = {
    removes: [],
    adds: [],
    cdcs: [],
    numDeletedRows: 0,
    numDeletionVectorsAdded: 0,
    numDeletionVectorsUpdated: 0,
    numDeletionVectorsRemoved: 0,
  };
  const changes = snapshot.properties.enableChangeDataFeed
    ? new ChangeDataWriter(storage, snapshot, options.now)
    : undefined;
  const updated: { add: AddAction; rows: number[]; total: number }[] = [];
  for (const add of files) {
    const before = add.deletionVector
      ? await readDeletionVector(storage, add.deletionVector)
      : undefined;
    const deleted: number[] = [];
    let fresh = 0;
    let rowIndex = 0;
    const physical: AddAction = { ...add, deletionVector: null };
    for await (const batch of readDataFile(storage, snapshot, physical, {
      outputSchema: snapshot.schema,
    })) {
      const matches = predicateMask(predicate, batch, snapshot.schema);
      const newly = new Uint8Array(batch.numRows);
      for (let row = 0; row < batch.numRows; row++, rowIndex++) {
        if (before?.has(rowIndex)) deleted.push(rowIndex);
        else if (matches[row] === 1) {
          deleted.push(rowIndex);
          newly[row] = 1;
          fresh++;
        }
      }
      if (changes && fresh > 0) await changes.write(filterBatch(batch, newly), 'delete');
    }
    if (fresh === 0) continue;
    result.numDeletedRows += fresh;
    updated.push({ add, rows: deleted, total: rowIndex });
  }
  // One deletion vector file for the whole commit, one entry per file.
  const partial = updated.filter((file) => file.rows.length < file.total);
  let descriptors: DeletionVectorDescriptor[] = [];
  if (partial.length > 0) {
    const { bytes, entries } = encodeDeletionVectorFile(
      partial.map((file) => rowIndexSetOf(file.rows)),
    );
    const uuid = globalThis.crypto.randomUUID();
    await storage.write(`deletion_vector_${uuid}.bin`, bytes);
    const encoded = z85OfUuid(uuid);
    descriptors = entries.map((entry) => ({
      storageType: 'u',
      pathOrInlineDv: encoded,
      offset: entry.offset,
      sizeInBytes: entry.sizeInBytes,
      cardinality: entry.cardinality,
    }));
  }
  const now = options.now();
  for (const file of updated) {
    result.removes.push(removeActionOf(file.add, now));
    const index = partial.indexOf(file);
    if (index < 0) {
      if (file.add.deletionVector) result.numDeletionVectorsRemoved++;
      continue;
    }
    if (file.add.deletionVector) result.numDeletionVectorsUpdated++;
    else result.numDeletionVectorsAdded++;
    result.adds.push({
      ...file.add,
      modificationTime: file.add.modificationTime,
      dataChange: true,
      ...(file.add.stats ? { stats: looseBounds(file.add.stats) } : {}),
      deletionVector: descriptors[index]!,
    });
  }
  if (changes) result.cdcs = await changes.finish();
  return result;
}

/** Statistics whose min/max may now include deleted rows: `tightBounds` false. */
function looseBounds(stats: string): string {
  try {
    const parsed = JSON.parse(stats) as Record<string, unknown>;
    parsed.tightBounds = false;
    return JSON.stringify(parsed);
  } catch {
    return stats;
  }
}
