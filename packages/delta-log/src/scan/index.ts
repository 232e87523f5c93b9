export {
  COLUMN_ID_KEY,
  COLUMN_MAPPING_MODE_KEY,
  columnId,
  columnMappingMode,
  createLogicalReader,
  type LogicalReader,
  PARQUET_FIELD_ID_KEY,
  PHYSICAL_NAME_KEY,
  physicalColumnPath,
  physicalName,
  physicalSchema,
} from './column-mapping.js';
export {
  createDataSkippingFilter,
  type DataSkippingFilter,
  type DataSkippingOptions,
  type FileSkippingInput,
  mightMatch,
} from './data-skipping.js';
export {
  DELETION_VECTOR_FILE_VERSION,
  DELETION_VECTOR_MAGIC,
  type DeletionVectorFileEntry,
  type DeletionVectorPathOptions,
  decodeZ85,
  deletionVectorPath,
  encodeDeletionVectorData,
  encodeDeletionVectorFile,
  encodeZ85,
  InvalidDeletionVector,
  parseDeletionVectorData,
  parseRoaringTreemap,
  type ReadDeletionVectorOptions,
  type RoaringWriteOptions,
  RowIndexSet,
  readDeletionVector,
  rowIndexSetOf,
  serializeRoaringTreemap,
  uuidFromZ85,
} from './deletion-vector/index.js';
export {
  type FileStatistics,
  parseFileStatistics,
  type StatisticsValues,
} from './file-statistics.js';
export { InvalidColumnMapping } from './invalid-column-mapping.js';
export { InvalidPartitionValue } from './invalid-partition-value.js';
export {
  escapePartitionPathName,
  HIVE_DEFAULT_PARTITION,
  parsePartitionPath,
  partitionPath,
  unescapePartitionPathName,
} from './partition-path.js';
export {
  constantColumn,
  type PartitionValue,
  parsePartitionValue,
  parsePartitionValues,
} from './partition-values.js';
