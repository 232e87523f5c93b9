/**
 * The bytes of a deletion vector, inline or in a DV file (PROTOCOL.md, "Deletion Vector Format"):
 *
 * ```
 * DV data   : magic 1681511377 (uint32 little-endian) + a portable 64-bit RoaringTreemap
 * DV file   : version 1 (one byte), then per DV, big-endian:
 *             dataSize (uint32) + DV data (dataSize bytes) + CRC-32 of the DV data (uint32)
 * inline DV : the DV data, Z85-encoded in the descriptor
 * ```
 * The descriptor's `offset` points at `dataSize`; its `sizeInBytes` equals `dataSize`.
 */
import { crc32 } from './crc32.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { parseRoaringTreemap } from './roaring-format.js';
import { concat, type RoaringWriteOptions, serializeRoaringTreemap } from './roaring-writer.js';
import type { RowIndexSet } from './row-index-set.js';

/** The magic number of DV data holding a portable RoaringTreemap. */
export const DELETION_VECTOR_MAGIC = 1681511377;
/** The version byte that starts a DV file. */
export const DELETION_VECTOR_FILE_VERSION = 1;

/**
 * Parses DV data (magic number + portable RoaringTreemap).
 *
 * @throws {InvalidDeletionVector} for another magic number or a malformed bitmap.
 */
export function parseDeletionVectorData(data: Uint8Array, location: string): RowIndexSet {
  if (data.length < 4) {
    throw new InvalidDeletionVector({
      location,
      reason: `the data is ${data.length} bytes, too short for the magic number`,
    });
  }
  const magic = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
  if (magic !== DELETION_VECTOR_MAGIC) {
    throw new InvalidDeletionVector({
      location,
      reason: `the magic number is ${magic}, not ${DELETION_VECTOR_MAGIC} (a portable RoaringTreemap)`,
    });
  }
  return parseRoaringTreemap(data.subarray(4), location);
}

/**
 * Parses one DV of a DV file from its entry bytes: `dataSize`, the data, the checksum.
 *
 * @param entry the bytes from the descriptor's offset, at least `4 + sizeInBytes + 4` of them
 * @throws {InvalidDeletionVector} when the recorded size differs from `sizeInBytes`, the entry is
 * truncated, or the CRC-32 checksum does not match.
 */
export function parseDeletionVectorFileEntry(
  entry: Uint8Array,
  sizeInBytes: number,
  location: string,
): RowIndexSet {
  if (entry.length < 8 + sizeInBytes) {
    throw new InvalidDeletionVector({
      location,
      reason: `the file ends ${8 + sizeInBytes - entry.length} bytes before the end of the deletion vector`,
    });
  }
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const dataSize = view.getUint32(0, false);
  if (dataSize !== sizeInBytes) {
    throw new InvalidDeletionVector({
      location,
      reason: `the file records ${dataSize} bytes where the log's descriptor says sizeInBytes ${sizeInBytes}`,
    });
  }
  const data = entry.subarray(4, 4 + dataSize);
  const recorded = view.getUint32(4 + dataSize, false);
  const actual = crc32(data);
  if (recorded !== actual) {
    throw new InvalidDeletionVector({
      location,
      reason: `the CRC-32 checksum is ${hex(actual)} but the file records ${hex(recorded)}`,
    });
  }
  return parseDeletionVectorData(data, location);
}

/** DV data (magic number + portable RoaringTreemap) for a set of row indexes. */
export function encodeDeletionVectorData(
  set: RowIndexSet,
  options: RoaringWriteOptions = {},
): Uint8Array {
  const magic = new Uint8Array(4);
  new DataView(magic.buffer).setUint32(0, DELETION_VECTOR_MAGIC, true);
  return concat([magic, serializeRoaringTreemap(set, options)]);
}

/** Where one DV sits in a file written by {@link encodeDeletionVectorFile}. */
export interface DeletionVectorFileEntry {
  offset: number;
  sizeInBytes: number;
  cardinality: number;
}

/** A DV file holding the given sets, and the descriptor fields of each. */
export function encodeDeletionVectorFile(
  sets: readonly RowIndexSet[],
  options: RoaringWriteOptions = {},
): { bytes: Uint8Array; entries: DeletionVectorFileEntry[] } {
  const parts: Uint8Array[] = [Uint8Array.of(DELETION_VECTOR_FILE_VERSION)];
  const entries: DeletionVectorFileEntry[] = [];
  let offset = 1;
  for (const set of sets) {
    const data = encodeDeletionVectorData(set, options);
    const frame = new Uint8Array(data.length + 8);
    const view = new DataView(frame.buffer);
    view.setUint32(0, data.length, false);
    frame.set(data, 4);
    view.setUint32(4 + data.length, crc32(data), false);
    parts.push(frame);
    entries.push({ offset, sizeInBytes: data.length, cardinality: set.cardinality });
    offset += frame.length;
  }
  return { bytes: concat(parts), entries };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
