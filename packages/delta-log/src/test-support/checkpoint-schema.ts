import { field, type StructType, struct } from '@silt/parquet-io';

const stringMap = {
  type: 'map',
  keyType: 'string',
  valueType: 'string',
  valueContainsNull: true,
} as const;
const stringArray = { type: 'array', elementType: 'string', containsNull: true } as const;

const deletionVector = struct([
  field('storageType', 'string'),
  field('pathOrInlineDv', 'string'),
  field('offset', 'integer'),
  field('sizeInBytes', 'integer'),
  field('cardinality', 'long'),
]);

/**
 * The Parquet checkpoint schema as Spark writes it (PROTOCOL.md, "Checkpoint Schema"), for test
 * checkpoints. Tests drop columns from it to imitate writers that omit them.
 */
export const CHECKPOINT_SCHEMA: StructType = struct([
  field(
    'txn',
    struct([field('appId', 'string'), field('version', 'long'), field('lastUpdated', 'long')]),
  ),
  field(
    'add',
    struct([
      field('path', 'string'),
      field('partitionValues', stringMap),
      field('size', 'long'),
      field('modificationTime', 'long'),
      field('dataChange', 'boolean'),
      field('tags', stringMap),
      field('deletionVector', deletionVector),
      field('baseRowId', 'long'),
      field('defaultRowCommitVersion', 'long'),
      field('stats', 'string'),
    ]),
  ),
  field(
    'remove',
    struct([
      field('path', 'string'),
      field('deletionTimestamp', 'long'),
      field('dataChange', 'boolean'),
      field('extendedFileMetadata', 'boolean'),
      field('partitionValues', stringMap),
      field('size', 'long'),
      field('deletionVector', deletionVector),
    ]),
  ),
  field(
    'metaData',
    struct([
      field('id', 'string'),
      field('name', 'string'),
      field('description', 'string'),
      field('format', struct([field('provider', 'string'), field('options', stringMap)])),
      field('schemaString', 'string'),
      field('partitionColumns', stringArray),
      field('configuration', stringMap),
      field('createdTime', 'long'),
    ]),
  ),
  field(
    'protocol',
    struct([
      field('minReaderVersion', 'integer'),
      field('minWriterVersion', 'integer'),
      field('readerFeatures', stringArray),
      field('writerFeatures', stringArray),
    ]),
  ),
  field(
    'domainMetadata',
    struct([
      field('domain', 'string'),
      field('configuration', 'string'),
      field('removed', 'boolean'),
    ]),
  ),
  field('checkpointMetadata', struct([field('version', 'long'), field('tags', stringMap)])),
  field(
    'sidecar',
    struct([
      field('path', 'string'),
      field('sizeInBytes', 'long'),
      field('modificationTime', 'long'),
      field('tags', stringMap),
    ]),
  ),
]);
