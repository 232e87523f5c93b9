import type { ProtocolAction } from './actions.js';
import { ProtocolNotSupported } from './errors/protocol-not-supported.js';

/** The highest reader protocol version Silt implements (3: reader table features). */
export const MAX_READER_VERSION = 3;

/**
 * The reader table features Silt implements. Anything else in a table's `readerFeatures` —
 * `catalogManaged`, features not yet invented — makes Silt
 * refuse the table, as PROTOCOL.md ("Table Features") requires.
 */
export const SUPPORTED_READER_FEATURES: readonly string[] = [
  'columnMapping',
  'deletionVectors',
  'timestampNtz',
  'typeWidening',
  'typeWidening-preview',
  'v2Checkpoint',
  'vacuumProtocolCheck',
  // Unshredded variants: Parquet holds them as struct<metadata: binary, value: binary>, read as is.
  'variantType',
  'variantType-preview',
  // Shredded variants: values partly in typed columns (typed_value), rebuilt on read
  // (scan/variant/unshred.ts) into the unshredded binaries.
  'variantShredding',
  'variantShredding-preview',
];

/**
 * Writer features implied by legacy writer versions (before table features, writer version 7):
 * each version inherits the features of the ones below it ("Writer Version Requirements").
 */
const LEGACY_WRITER_FEATURES: readonly (readonly string[])[] = [
  [],
  [],
  ['appendOnly', 'invariants'],
  ['checkConstraints'],
  ['changeDataFeed', 'generatedColumns'],
  ['columnMapping'],
  ['identityColumns'],
];

/**
 * The reader features a protocol turns on: the listed `readerFeatures` at reader version 3,
 * `columnMapping` at reader version 2 (which stands for it), none at version 1.
 */
export function readerFeatures(protocol: ProtocolAction): string[] {
  if (protocol.minReaderVersion >= 3) return [...(protocol.readerFeatures ?? [])];
  return protocol.minReaderVersion === 2 ? ['columnMapping'] : [];
}

/** The writer features a protocol turns on: listed at writer version 7, implied below it. */
export function writerFeatures(protocol: ProtocolAction): string[] {
  if (protocol.minWriterVersion >= 7) return [...(protocol.writerFeatures ?? [])];
  return LEGACY_WRITER_FEATURES.slice(0, Math.max(0, protocol.minWriterVersion) + 1).flat();
}

/** True when readers of the table must respect `feature` (see {@link readerFeatures}). */
export function hasReaderFeature(protocol: ProtocolAction, feature: string): boolean {
  return readerFeatures(protocol).includes(feature);
}

/** True when writers of the table must respect `feature` (see {@link writerFeatures}). */
export function hasWriterFeature(protocol: ProtocolAction, feature: string): boolean {
  return writerFeatures(protocol).includes(feature);
}

/**
 * Checks that Silt can read a table with this protocol: reader version 1 to 3 and, at version 3,
 * only reader features in {@link SUPPORTED_READER_FEATURES}.
 *
 * @example
 * ```ts
 * import { checkReadSupport } from '@silt/delta-log';
 * checkReadSupport({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'] }); // ok
 * checkReadSupport({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['catalogManaged'] });
 * // throws ProtocolNotSupported: ... the reader feature "catalogManaged" ...
 * ```
 * @throws {ProtocolNotSupported} naming the reader version or the unsupported features.
 */
export function checkReadSupport(protocol: ProtocolAction): void {
  const version = protocol.minReaderVersion;
  const unsupported = (protocol.readerFeatures ?? []).filter(
    (feature) => !SUPPORTED_READER_FEATURES.includes(feature),
  );
  if (version < 1 || version > MAX_READER_VERSION) {
    throw new ProtocolNotSupported({
      readerVersion: version,
      features: unsupported,
      reason: `reader protocol version ${version}${unsupported.length > 0 ? ` and the reader features ${unsupported.map((f) => `"${f}"`).join(', ')}` : ''}`,
    });
  }
  // Below version 3 readerFeatures carries no meaning (PROTOCOL.md: it exists only at version 3).
  if (version === MAX_READER_VERSION && unsupported.length > 0) {
    throw new ProtocolNotSupported({ readerVersion: version, features: unsupported });
  }
}
