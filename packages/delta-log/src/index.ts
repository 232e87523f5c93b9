/**
 * @silt/delta-log: the Delta transaction-log protocol and table operations.
 *
 * This release holds the storage layer every other part stands on; the log reader, snapshots,
 * scans and writers follow (see the package README for what is built).
 */
export { SiltError } from '@silt/parquet-io';
export {
  CHANGE_TYPE_COLUMN,
  ChangeDataNotRecorded,
  type ChangeKind,
  type ChangeRangeOptions,
  type ChangesOptions,
  type ChangeTime,
  COMMIT_TIMESTAMP_COLUMN,
  COMMIT_VERSION_COLUMN,
  type CommitChanges,
  InvalidChangeRange,
  TableChanges,
} from './cdf/index.js';
export {
  type AndExpression,
  type ArithmeticExpression,
  type ArithmeticOperator,
  and,
  type CaseBranch,
  type CaseExpression,
  type CastExpression,
  type CastType,
  type ColumnExpression,
  type ComparisonExpression,
  type ComparisonOperator,
  castValue,
  childrenOf,
  col,
  type EvaluationCondition,
  EvaluationFailed,
  type Expression,
  ExpressionBuilder,
  type ExpressionKind,
  type ExpressionLike,
  evaluateExpression,
  evaluatePredicate,
  evaluateRow,
  evaluateRowValue,
  type FunctionExpression,
  type FunctionName,
  foldConstants,
  formatColumnPath,
  formatExpression,
  type InExpression,
  InvalidPredicate,
  type IsNotNullExpression,
  type IsNullExpression,
  type LikeExpression,
  type LiteralExpression,
  type LiteralInput,
  lit,
  literal,
  mapColumns,
  type NegateExpression,
  type NotExpression,
  type NullSafeEqualExpression,
  not,
  type Operand,
  type OrExpression,
  or,
  PredicateBuilder,
  parseColumnPath,
  parseExpression,
  qualifyColumns,
  type ResolvedExpression,
  type Row,
  referencedColumns,
  resolveExpression,
  resolvePredicate,
  type ScalarType,
  type ScalarValue,
  type Scopes,
  scopesSchema,
  splitQualifier,
  swapOperator,
  toExpression,
  unqualifyColumns,
  withChildren,
} from './expr/index.js';
export {
  buildLogSegment,
  type Checkpoint,
  type CheckpointFile,
  type CommitFile,
  commitFilePath,
  type LastCheckpointStatus,
  type LogListing,
  type LogSegment,
  listLog,
  TableNotFound,
  VersionNotFound,
} from './log/index.js';
export { formatLastCheckpoint, lastCheckpointChecksum } from './log/last-checkpoint.js';
export { type CreateTableOptions, createTable } from './ops/create.js';
export {
  DataFileWriter,
  type DataFileWriterOptions,
  DEFAULT_TARGET_FILE_SIZE,
} from './ops/data-file-writer.js';
export {
  type DeleteMetrics,
  type DeleteOptions,
  type DeleteResult,
  deleteRows,
} from './ops/delete.js';
export {
  ConstraintViolation,
  MergeCardinalityViolation,
  SchemaMismatch,
  TableAlreadyExists,
} from './ops/errors/index.js';
export { RestoreFilesMissing } from './ops/errors/restore-files-missing.js';
export { RetentionTooShort } from './ops/errors/retention-too-short.js';
export { UnresolvableFilePath } from './ops/errors/unresolvable-file-path.js';
export {
  MergeBuilder,
  type MergeMetrics,
  type MergeOptions,
  type MergeResult,
} from './ops/merge.js';
export {
  type RestoreMetrics,
  type RestoreOptions,
  type RestoreResult,
  type RestoreTarget,
  restore,
} from './ops/restore.js';
export {
  type UpdateMetrics,
  type UpdateOptions,
  type UpdateResult,
  updateRows,
} from './ops/update.js';
export {
  type VacuumFile,
  type VacuumOptions,
  type VacuumResult,
  vacuum,
} from './ops/vacuum.js';
export {
  type CommitProperties,
  type WriteDeltaLakeOptions,
  type WriteMode,
  type WriteResult,
  writeDeltaLake,
} from './ops/write.js';
export { canWrite, type SchemaMode } from './ops/write-schema.js';
export type { RowsWithSchema, WriteData } from './ops/write-source.js';
export { encodeFilePath } from './protocol/encode-file-path.js';
export { formatPartitionValue } from './protocol/format-partition-value.js';
export {
  ACTION_NAMES,
  type Action,
  type ActionLocation,
  type ActionName,
  type ActionOf,
  type AddAction,
  actionName,
  type CdcAction,
  type CheckpointMetadataAction,
  type ColumnMappingMode,
  type CommitInfoAction,
  CorruptLog,
  canonicalFilePath,
  checkReadSupport,
  type DeletionVectorDescriptor,
  type DomainMetadataAction,
  decodeAction,
  decodeFilePath,
  deletionVectorUniqueId,
  formatCommitFile,
  hasReaderFeature,
  hasWriterFeature,
  InvalidTableProperty,
  logicalFileKey,
  MAX_READER_VERSION,
  type MetadataAction,
  PathOutsideTable,
  type ProtocolAction,
  ProtocolNotSupported,
  parseCommitFile,
  parseIntervalMilliseconds,
  parseTableProperties,
  parseTableSchema,
  type RemoveAction,
  type ResolveFilePathOptions,
  readerFeatures,
  resolveFilePath,
  type SidecarAction,
  SUPPORTED_READER_FEATURES,
  type TableProperties,
  type TxnAction,
  WriteNotSupported,
  writerFeatures,
} from './protocol/index.js';
export {
  checkWriteSupport,
  protocolFor,
  requiredFeatures,
  SUPPORTED_WRITER_FEATURES,
  upgradeProtocol,
} from './protocol/table-protocol.js';
export { type DataFilePlan, readDataFile } from './scan/data-file-reader.js';
export {
  COLUMN_ID_KEY,
  COLUMN_MAPPING_MODE_KEY,
  columnId,
  columnMappingMode,
  constantColumn,
  createDataSkippingFilter,
  createLogicalReader,
  type DataSkippingFilter,
  type DataSkippingOptions,
  DELETION_VECTOR_FILE_VERSION,
  DELETION_VECTOR_MAGIC,
  type DeletionVectorFileEntry,
  type DeletionVectorPathOptions,
  decodeZ85,
  deletionVectorPath,
  encodeDeletionVectorData,
  encodeDeletionVectorFile,
  encodeZ85,
  escapePartitionPathName,
  type FileSkippingInput,
  type FileStatistics,
  HIVE_DEFAULT_PARTITION,
  InvalidColumnMapping,
  InvalidDeletionVector,
  InvalidPartitionValue,
  type LogicalReader,
  mightMatch,
  PARQUET_FIELD_ID_KEY,
  type PartitionValue,
  PHYSICAL_NAME_KEY,
  parseDeletionVectorData,
  parseFileStatistics,
  parsePartitionPath,
  parsePartitionValue,
  parsePartitionValues,
  parseRoaringTreemap,
  partitionPath,
  physicalColumnPath,
  physicalName,
  physicalSchema,
  type ReadDeletionVectorOptions,
  type RoaringWriteOptions,
  RowIndexSet,
  readDeletionVector,
  rowIndexSetOf,
  type StatisticsValues,
  serializeRoaringTreemap,
  unescapePartitionPathName,
  uuidFromZ85,
} from './scan/index.js';
export { MissingDataFile } from './scan/missing-data-file.js';
export { type ScanOptions, TableScan } from './scan/table-scan.js';
export { TableWithoutColumns } from './scan/table-without-columns.js';
export { UnknownColumn } from './scan/unknown-column.js';
export { InvalidShreddedVariant } from './scan/variant/invalid-shredded-variant.js';
export {
  type HistoryEntry,
  type HistoryOptions,
  history,
  type LoadSnapshotOptions,
  loadSnapshot,
  MissingMetadata,
  MissingProtocol,
  Snapshot,
  TimestampOutOfRange,
  versionAtTimestamp,
} from './snapshot/index.js';
export {
  type ByteRange,
  FileAlreadyExists,
  type FileInfo,
  FileNotFound,
  InvalidPath,
  LocalStorage,
  MemoryStorage,
  type Storage,
  type WriteOptions,
} from './storage/index.js';
export { type StorageLocation, storageFor } from './storage/storage-for.js';
export { DeltaTable, type TableVersionOptions } from './table.js';
export {
  checkpointPath,
  checkpointSchema,
  type WriteCheckpointOptions,
  type WrittenCheckpoint,
  writeCheckpoint,
} from './txn/checkpoint-writer.js';
export { CheckpointNotSupported } from './txn/errors/checkpoint-not-supported.js';
export { CommitAttemptsExhausted } from './txn/errors/commit-attempts-exhausted.js';
export {
  ConcurrentAppend,
  ConcurrentDeleteDelete,
  ConcurrentDeleteRead,
  ConcurrentModification,
  ConcurrentTransaction,
  type ConflictKind,
  MetadataChanged,
  ProtocolChanged,
} from './txn/errors/concurrent-modification.js';
export {
  type CleanupMetadataOptions,
  cleanupMetadata,
  type MetadataCleanup,
} from './txn/log-cleanup.js';
export {
  type CommitOperation,
  type CommitResult,
  type IsolationLevel,
  Transaction,
  type TransactionOptions,
} from './txn/transaction.js';
