export {
  type ColumnBuilder,
  createColumnBuilder,
  tableFromData,
  tableFromRows,
} from './arrow/column-builder.js';
export { conformBatch, nullData } from './arrow/conform.js';
export {
  exactValue,
  exactVectorValue,
  JsonInteger,
  stringifyJson,
  tableToJsonLines,
  tableToJsonRecords,
  toJsonValue,
} from './arrow/exact-values.js';
export { filterBatch, takeRows } from './arrow/take-rows.js';
export {
  formatDate,
  formatDecimal,
  formatTimestamp,
  parseDecimal,
  parseIsoInstant,
  toDaysSinceEpoch,
  toMicrosSinceEpoch,
} from './arrow/values.js';
export {
  IncompatibleType,
  InvalidSchema,
  MalformedRecord,
  ParquetReadError,
  ParquetWriteError,
  SiltError,
  UnsupportedType,
} from './errors/index.js';
export {
  readParquetFile,
  readParquetFileBatches,
  readParquetFileMetadata,
  readParquetFileSchema,
  writeParquetFile,
} from './node/parquet-file.js';
export {
  type ParquetFileMetadata,
  type ParquetSource,
  type ReadParquetOptions,
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
} from './read/read-parquet.js';
export { computeDeltaStats } from './stats/compute-stats.js';
export {
  type DeltaStats,
  type DeltaStatsOptions,
  type NullCounts,
  StatsDecimal,
  type StatsValue,
  type StatsValues,
} from './stats/delta-stats.js';
export {
  createStatsCollector,
  DEFAULT_NUM_INDEXED_COLS,
  DEFAULT_STRING_PREFIX_LENGTH,
  type StatsCollector,
} from './stats/stats-collector.js';
export { StatsError } from './stats/stats-error.js';
export { statsToJson } from './stats/stats-json.js';
export { truncateMaxString, truncateMinString } from './stats/string-bounds.js';
export {
  type BatchReadOptions,
  CORRUPT_RECORD_KEY,
  FILE_PATH_KEY,
  type OnMalformed,
  RESCUED_DATA_COLUMN,
  rescuedSchema,
  type TextReadOptions,
  type TextSource,
} from './text/common.js';
export { type CsvReadOptions, readCsv, readCsvBatches } from './text/csv.js';
export { parseDdl, parseSchema } from './text/ddl.js';
export { type JsonLinesReadOptions, readJsonLines, readJsonLinesBatches } from './text/jsonl.js';
export {
  arrowFieldToDelta,
  arrowSchemaToDelta,
  arrowTypeToDelta,
  DELTA_METADATA_KEY,
  deltaFieldToArrow,
  deltaSchemaToArrow,
  deltaTypeToArrow,
} from './types/arrow-schema.js';
export {
  type ArrayType,
  type DecimalTypeName,
  type DeltaType,
  decimalParts,
  decimalType,
  field,
  isPrimitive,
  MAX_DECIMAL_PRECISION,
  type MapType,
  PRIMITIVE_TYPE_NAMES,
  type PrimitiveTypeName,
  type StructField,
  type StructType,
  schemaToDdl,
  struct,
  typeToDdl,
} from './types/delta-type.js';
export { parseSchemaJson, schemaToJson } from './types/schema-json.js';
export { wasmMemoryBytes } from './wasm/parquet-wasm.js';
export {
  type ParquetCompression,
  type WriteParquetOptions,
  writeParquet,
  writeParquetStream,
} from './write/write-parquet.js';
