import type { DeletionVectorDescriptor } from '../../protocol/actions.js';
import type { Storage } from '../../storage/storage.js';
import {
  DELETION_VECTOR_FILE_VERSION,
  parseDeletionVectorData,
  parseDeletionVectorFileEntry,
} from './deletion-vector-format.js';
import { type DeletionVectorPathOptions, deletionVectorPath } from './deletion-vector-path.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import type { RowIndexSet } from './row-index-set.js';
import { decodeZ85 } from './z85.js';

/** Options of {@link readDeletionVector}. */
export type ReadDeletionVectorOptions = DeletionVectorPathOptions;

/**
 * The row indexes a deletion vector deletes, read from the table's storage (or decoded from the
 * descriptor when inline), with every check the format allows: the file version, the recorded
 * size against `sizeInBytes`, the CRC-32 checksum, the bitmap's structure, and the number of
 * deleted rows against the descriptor's `cardinality`.
 *
 * @example
 * ```ts
 * import { LocalStorage, readDeletionVector } from '@silt/delta-log';
 * const storage = new LocalStorage('./lake/silver');
 * const deleted = await readDeletionVector(storage, add.deletionVector);
 * const keep = rows.filter((_, rowIndex) => !deleted.has(rowIndex));
 * ```
 * @throws {InvalidDeletionVector} when any check fails.
 * @throws {FileNotFound} when the DV file is missing.
 */
export async function readDeletionVector(
  storage: Storage,
  descriptor: DeletionVectorDescriptor,
  options: ReadDeletionVectorOptions = {},
): Promise<RowIndexSet> {
  const set =
    descriptor.storageType === 'i'
      ? decodeInline(descriptor)
      : await readFromFile(storage, descriptor, options);
  if (set.cardinality !== descriptor.cardinality) {
    throw new InvalidDeletionVector({
      location: describe(descriptor, options),
      reason: `it deletes ${set.cardinality} rows but the log's descriptor says cardinality ${descriptor.cardinality}`,
    });
  }
  return set;
}

function decodeInline(descriptor: DeletionVectorDescriptor): RowIndexSet {
  let data: Uint8Array;
  try {
    data = decodeZ85(descriptor.pathOrInlineDv, descriptor.sizeInBytes);
  } catch (cause) {
    throw new InvalidDeletionVector({
      location: 'inline',
      reason: `the inline data is not Z85 (${(cause as Error).message})`,
      cause,
    });
  }
  return parseDeletionVectorData(data, 'inline');
}

async function readFromFile(
  storage: Storage,
  descriptor: DeletionVectorDescriptor,
  options: ReadDeletionVectorOptions,
): Promise<RowIndexSet> {
  const path = deletionVectorPath(descriptor, options);
  // PROTOCOL.md says to read a missing offset as 0, but offset 0 is the version byte: Delta writes
  // the offset always, and a DV without one can only be the first, right after the version.
  const offset = descriptor.offset ?? 1;
  if (
    !Number.isSafeInteger(offset) ||
    offset < 1 ||
    !Number.isSafeInteger(descriptor.sizeInBytes) ||
    descriptor.sizeInBytes < 4
  ) {
    throw new InvalidDeletionVector({
      location: path,
      reason: `offset ${offset} and sizeInBytes ${descriptor.sizeInBytes} do not locate a deletion vector`,
    });
  }
  const [version, entry] = await Promise.all([
    storage.read(path, { start: 0, end: 1 }),
    storage.read(path, { start: offset, end: offset + 8 + descriptor.sizeInBytes }),
  ]);
  if (version[0] !== DELETION_VECTOR_FILE_VERSION) {
    throw new InvalidDeletionVector({
      location: path,
      reason: `the file format version is ${version[0] ?? 'missing (empty file)'}, and Silt reads version ${DELETION_VECTOR_FILE_VERSION}`,
    });
  }
  return parseDeletionVectorFileEntry(entry, descriptor.sizeInBytes, `${path}@${offset}`);
}

function describe(
  descriptor: DeletionVectorDescriptor,
  options: ReadDeletionVectorOptions,
): string {
  return descriptor.storageType === 'i' ? 'inline' : deletionVectorPath(descriptor, options);
}
