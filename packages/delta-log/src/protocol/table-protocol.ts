/**
 * Which protocol a table needs for what it uses, and how a protocol grows when a feature is
 * turned on (PROTOCOL.md, "Table Features" and "Writer Version Requirements"). Silt gives a new
 * table the lowest protocol its features need — reader 1 / writer 2 by default, legacy versions
 * while they suffice, table features (reader 3 / writer 7) only when a feature has no legacy
 * version — and never lowers the protocol of an existing table.
 */
import type { DeltaType, StructType } from '@silt/parquet-io';
import type { ProtocolAction } from './actions.js';
import { WriteNotSupported } from './errors/write-not-supported.js';
import { readerFeatures, writerFeatures } from './table-features.js';

/** Features with a legacy writer version: the lowest version that implies each. */
const LEGACY_WRITER_VERSION: Readonly<Record<string, number>> = {
  appendOnly: 2,
  invariants: 2,
  checkConstraints: 3,
  changeDataFeed: 4,
  generatedColumns: 4,
  columnMapping: 5,
  identityColumns: 6,
};

/** Reader-writer features: readers must know them too (listed in `readerFeatures` at reader 3). */
const READER_WRITER_FEATURES = new Set([
  'columnMapping',
  'deletionVectors',
  'timestampNtz',
  'typeWidening',
  'typeWidening-preview',
  'v2Checkpoint',
  'vacuumProtocolCheck',
  'variantType',
  'variantType-preview',
  'variantShredding',
  'variantShredding-preview',
]);

/** Table properties that turn a feature on when `true`, with the feature they need. */
const ENABLING_PROPERTIES: Readonly<Record<string, string>> = {
  'delta.appendOnly': 'appendOnly',
  'delta.enableChangeDataFeed': 'changeDataFeed',
  'delta.enableDeletionVectors': 'deletionVectors',
  'delta.enableInCommitTimestamps': 'inCommitTimestamp',
  'delta.enableTypeWidening': 'typeWidening',
  'delta.enableRowTracking': 'rowTracking',
};

/** Prefix of the properties that ask for a feature explicitly (`delta.feature.x = supported`). */
export const FEATURE_PROPERTY_PREFIX = 'delta.feature.';

/**
 * The table features a table with this schema and configuration uses, in a stable order.
 * `delta.feature.<name> = supported` (or `enabled`) asks for a feature explicitly, as in Spark.
 *
 * @example
 * ```ts
 * requiredFeatures(schema, { 'delta.enableDeletionVectors': 'true' }); // ['deletionVectors']
 * ```
 */
export function requiredFeatures(
  schema: StructType,
  configuration: Readonly<Record<string, string>>,
): string[] {
  const features = new Set<string>();
  for (const [key, feature] of Object.entries(ENABLING_PROPERTIES)) {
    if (configuration[key]?.trim().toLowerCase() === 'true') features.add(feature);
  }
  const mode = configuration['delta.columnMapping.mode']?.trim().toLowerCase();
  if (mode === 'name' || mode === 'id') features.add('columnMapping');
  if (Object.keys(configuration).some((key) => key.startsWith('delta.constraints.')))
    features.add('checkConstraints');
  if (configuration['delta.checkpointPolicy']?.trim().toLowerCase() === 'v2')
    features.add('v2Checkpoint');
  for (const [key, value] of Object.entries(configuration)) {
    if (!key.startsWith(FEATURE_PROPERTY_PREFIX)) continue;
    const state = value.trim().toLowerCase();
    if (state === 'supported' || state === 'enabled')
      features.add(key.slice(FEATURE_PROPERTY_PREFIX.length));
  }
  const types = schemaUses(schema);
  if (types.timestampNtz) features.add('timestampNtz');
  if (types.variant) features.add('variantType');
  if (types.invariants) features.add('invariants');
  if (types.generated) features.add('generatedColumns');
  if (types.identity) features.add('identityColumns');
  if (features.has('rowTracking')) features.add('domainMetadata');
  return [...features];
}

/**
 * The lowest protocol that supports `features`: legacy versions when every feature has one,
 * else reader 3 (when a reader feature other than column mapping is needed) / writer 7 with the
 * features listed. Writer 2 at least, as Spark and delta-rs create tables.
 */
export function protocolFor(features: readonly string[]): ProtocolAction {
  const needsTableFeatures = features.some((feature) => !(feature in LEGACY_WRITER_VERSION));
  const needsColumnMapping = features.includes('columnMapping');
  if (!needsTableFeatures) {
    const writer = Math.max(2, ...features.map((feature) => LEGACY_WRITER_VERSION[feature]!));
    return { minReaderVersion: needsColumnMapping ? 2 : 1, minWriterVersion: writer };
  }
  // The features of the default writer version 2 stay enforced under table features.
  const writer = unique(['appendOnly', 'invariants', ...features]);
  const reader = features.filter((feature) => READER_WRITER_FEATURES.has(feature));
  const onlyColumnMapping = reader.length === 1 && reader[0] === 'columnMapping';
  if (reader.length === 0 || onlyColumnMapping) {
    return {
      minReaderVersion: onlyColumnMapping ? 2 : 1,
      minWriterVersion: 7,
      writerFeatures: writer,
    };
  }
  return {
    minReaderVersion: 3,
    minWriterVersion: 7,
    readerFeatures: reader,
    writerFeatures: writer,
  };
}

/**
 * The protocol `current` must become to support `features` too; `current` itself (the same
 * object) when it already does. Never lowers a version or drops a feature.
 */
export function upgradeProtocol(
  current: ProtocolAction,
  features: readonly string[],
): ProtocolAction {
  const haveWriter = writerFeatures(current);
  const haveReader = readerFeatures(current);
  const missing = features.filter(
    (feature) =>
      !haveWriter.includes(feature) ||
      (READER_WRITER_FEATURES.has(feature) && !haveReader.includes(feature)),
  );
  if (missing.length === 0) return current;
  const wanted = protocolFor(unique([...haveWriter, ...features]));
  if (wanted.minWriterVersion < 7 && current.minWriterVersion < 7) {
    return {
      minReaderVersion: Math.max(current.minReaderVersion, wanted.minReaderVersion),
      minWriterVersion: Math.max(current.minWriterVersion, wanted.minWriterVersion),
    };
  }
  const writer = unique([...haveWriter, ...features]);
  const reader = unique([
    ...haveReader,
    ...features.filter((feature) => READER_WRITER_FEATURES.has(feature)),
  ]);
  const readerVersion =
    current.minReaderVersion >= 3 || reader.some((feature) => feature !== 'columnMapping')
      ? 3
      : Math.max(current.minReaderVersion, reader.length > 0 ? 2 : 1);
  return readerVersion === 3
    ? { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: reader, writerFeatures: writer }
    : { minReaderVersion: readerVersion, minWriterVersion: 7, writerFeatures: writer };
}

/**
 * The writer features Silt honours. A feature outside this list in a table's protocol makes Silt
 * refuse to write it ({@link checkWriteSupport}).
 */
export const SUPPORTED_WRITER_FEATURES: readonly string[] = [
  'appendOnly',
  'invariants',
  'checkConstraints',
  'changeDataFeed',
  'generatedColumns',
  'columnMapping',
  'identityColumns',
  'deletionVectors',
  'timestampNtz',
  'typeWidening',
  'typeWidening-preview',
  'v2Checkpoint',
  'vacuumProtocolCheck',
  'domainMetadata',
  'inCommitTimestamp',
  // Variants are written unshredded, as the struct of metadata and value binaries they read as.
  'variantType',
  'variantType-preview',
];

/**
 * Checks that Silt can write a table with this protocol and schema: writer version 1 to 7, only
 * writer features in {@link SUPPORTED_WRITER_FEATURES}, and no generated, identity or defaulted
 * column (their features are known, but Silt does not compute their values yet).
 *
 * @throws {WriteNotSupported} naming what Silt cannot honour.
 */
export function checkWriteSupport(protocol: ProtocolAction, schema: StructType): void {
  if (protocol.minWriterVersion < 1 || protocol.minWriterVersion > 7) {
    throw new WriteNotSupported({ writerVersion: protocol.minWriterVersion });
  }
  const features = writerFeatures(protocol);
  const unsupported = features.filter((feature) => !SUPPORTED_WRITER_FEATURES.includes(feature));
  const uses = schemaUses(schema);
  if (uses.generated && features.includes('generatedColumns')) unsupported.push('generatedColumns');
  if (uses.identity && features.includes('identityColumns')) unsupported.push('identityColumns');
  if (uses.defaults) unsupported.push('allowColumnDefaults');
  if (unsupported.length > 0) {
    throw new WriteNotSupported({
      writerVersion: protocol.minWriterVersion,
      features: unique(unsupported),
    });
  }
}

interface SchemaUses {
  timestampNtz: boolean;
  variant: boolean;
  invariants: boolean;
  generated: boolean;
  identity: boolean;
  defaults: boolean;
}

/** What a schema uses that needs a feature: types, and column metadata with writer duties. */
export function schemaUses(schema: StructType): SchemaUses {
  const uses: SchemaUses = {
    timestampNtz: false,
    variant: false,
    invariants: false,
    generated: false,
    identity: false,
    defaults: false,
  };
  const visit = (type: DeltaType): void => {
    if (typeof type === 'string') {
      if (type === 'timestamp_ntz') uses.timestampNtz = true;
      if ((type as string) === 'variant') uses.variant = true;
      return;
    }
    switch (type.type) {
      case 'struct':
        for (const field of type.fields) {
          const metadata = field.metadata ?? {};
          if ('delta.invariants' in metadata) uses.invariants = true;
          if ('delta.generationExpression' in metadata) uses.generated = true;
          if ('delta.identity.start' in metadata) uses.identity = true;
          if ('CURRENT_DEFAULT' in metadata) uses.defaults = true;
          visit(field.type);
        }
        return;
      case 'array':
        visit(type.elementType);
        return;
      case 'map':
        visit(type.keyType);
        visit(type.valueType);
        return;
    }
  };
  visit(schema);
  return uses;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
