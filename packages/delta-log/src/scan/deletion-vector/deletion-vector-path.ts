import type { DeletionVectorDescriptor } from '../../protocol/actions.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { decodeZ85, encodeZ85 } from './z85.js';

/** A UUID takes 16 bytes, which Z85 encodes in exactly 20 characters. */
const ENCODED_UUID_LENGTH = 20;

/** Options of {@link deletionVectorPath}. */
export interface DeletionVectorPathOptions {
  /**
   * The table's own URL (`s3://bucket/table`, `file:///data/table`), used to turn an absolute
   * (`p`) deletion vector path inside the table into a storage path. Default: none, and `p`
   * descriptors cannot be resolved.
   */
  tableUrl?: string;
}

/**
 * The canonical text (`d2c639aa-8816-431a-aaf6-d3fe2512ff61`) of a UUID encoded in Z85 as Delta
 * writes it (the 16 bytes, most significant first).
 *
 * @throws {InvalidDeletionVector} when the text is not 20 Z85 characters.
 */
export function uuidFromZ85(encoded: string): string {
  let bytes: Uint8Array;
  try {
    if (encoded.length !== ENCODED_UUID_LENGTH)
      throw new RangeError(`it has ${encoded.length} characters, not 20`);
    bytes = decodeZ85(encoded);
  } catch (cause) {
    throw new InvalidDeletionVector({
      location: encoded,
      reason: `the UUID is not valid Z85 (${(cause as Error).message})`,
      cause,
    });
  }
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The storage path (relative to the table root) of a deletion vector file.
 *
 * - `u`: `pathOrInlineDv` is an optional random prefix followed by a 20-character Z85 UUID; the
 *   file is `<prefix>/deletion_vector_<uuid>.bin` (PROTOCOL.md, "Derived Fields").
 * - `p`: `pathOrInlineDv` is an absolute, URI-encoded path; it must lie inside `tableUrl`.
 *
 * @example
 * ```ts
 * import { deletionVectorPath } from '@silt/delta-log';
 * deletionVectorPath({ storageType: 'u', pathOrInlineDv: 'ab^-aqEH.-t@S}K{vb[*k^', offset: 4, sizeInBytes: 40, cardinality: 6 });
 * // 'ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin'
 * ```
 * @throws {InvalidDeletionVector} for an inline (`i`) descriptor, a malformed UUID, or an
 * absolute path outside `tableUrl`.
 */
export function deletionVectorPath(
  descriptor: DeletionVectorDescriptor,
  options: DeletionVectorPathOptions = {},
): string {
  const text = descriptor.pathOrInlineDv;
  switch (descriptor.storageType) {
    case 'u': {
      if (text.length < ENCODED_UUID_LENGTH) {
        throw new InvalidDeletionVector({
          location: text,
          reason: `a relative deletion vector path must end in a 20-character Z85 UUID, got ${text.length} characters`,
        });
      }
      const prefix = text.slice(0, text.length - ENCODED_UUID_LENGTH);
      const file = `deletion_vector_${uuidFromZ85(text.slice(prefix.length))}.bin`;
      return prefix === '' ? file : `${prefix}/${file}`;
    }
    case 'p':
      return absoluteToStoragePath(text, options.tableUrl);
    case 'i':
      throw new InvalidDeletionVector({
        location: 'inline',
        reason: 'an inline deletion vector has no file path',
      });
    default:
      throw new InvalidDeletionVector({
        location: text,
        reason: `unknown storage type "${String(descriptor.storageType)}" (expected u, i or p)`,
      });
  }
}

function absoluteToStoragePath(absolute: string, tableUrl: string | undefined): string {
  const root =
    tableUrl === undefined ? undefined : tableUrl.endsWith('/') ? tableUrl : `${tableUrl}/`;
  if (root === undefined || !absolute.startsWith(root)) {
    throw new InvalidDeletionVector({
      location: absolute,
      reason:
        root === undefined
          ? 'the deletion vector has an absolute path; pass the table URL ({ tableUrl }) to resolve it'
          : `the absolute path lies outside the table at ${root}, and Silt reads files only through the table's storage`,
    });
  }
  // Absolute DV paths are URI-encoded like add.path; storage paths are not.
  try {
    return absolute.slice(root.length).split('/').map(decodeURIComponent).join('/');
  } catch (cause) {
    throw new InvalidDeletionVector({
      location: absolute,
      reason: 'the path is not valid URI encoding',
      cause,
    });
  }
}

/** The Z85 text of a UUID (`8-4-4-4-12` hex), as deletion vector paths hold it: the inverse of {@link uuidFromZ85}. */
export function z85OfUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(16);
  for (let k = 0; k < 16; k++) bytes[k] = Number.parseInt(hex.slice(k * 2, k * 2 + 2), 16);
  return encodeZ85(bytes);
}
