export { InvalidSchema, MalformedRecord, ParquetReadError, ParquetWriteError, SiltError, UnsupportedType } from './errors/index.js';
export {
  type ArrayType,
  type DecimalTypeName,
  type DeltaType,
  decimalParts,
  decimalType,
  field,
  isPrimitive,
  type MapType,
  MAX_DECIMAL_PRECISION,
  PRIMITIVE_TYPE_NAMES,
  type PrimitiveTypeName,
  type StructField,
  type StructType,
  schemaToDdl,
  struct,
  typeToDdl,
} from './types/delta-type.js';
export { parseSchemaJson, schemaToJson } from './types/schema-json.js';
export {
  arrowFieldToDelta,
  arrowSchemaToDelta,
  arrowTypeToDelta,
  DELTA_METADATA_KEY,
  deltaFieldToArrow,
  deltaSchemaToArrow,
  deltaTypeToArrow,
} from './types/arrow-schema.js';
export { type ColumnBuilder, createColumnBuilder, tableFromData, tableFromRows } from './arrow/column-builder.js';
export { exactValue, exactVectorValue, JsonInteger, stringifyJson, tableToJsonLines, tableToJsonRecords, toJsonValue } from './arrow/exact-values.js';
export { formatDate, formatDecimal, formatTimestamp, parseDecimal, parseIsoInstant, toDaysSinceEpoch, toMicrosSinceEpoch } from './arrow/values.js';
export { type ParquetCompression, type WriteParquetOptions, writeParquet, writeParquetStream } from './write/write-parquet.js';
export {
  type ParquetFileMetadata,
  type ParquetSource,
  type ReadParquetOptions,
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
} from './read/read-parquet.js';
export { readParquetFile, readParquetFileBatches, readParquetFileMetadata, readParquetFileSchema, writeParquetFile } from './node/parquet-file.js';
export { wasmMemoryBytes } from './wasm/parquet-wasm.js';
