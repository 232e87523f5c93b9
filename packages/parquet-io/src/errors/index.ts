export { IncompatibleType } from './incompatible-type.js';
export { MalformedRecord } from './malformed-record.js';
export { ParquetReadError, ParquetWriteError } from './parquet-error.js';
export { InvalidSchema, UnsupportedType } from './schema-error.js';
export { SiltError } from './silt-error.js';
