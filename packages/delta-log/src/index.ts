/**
 * @silt/delta-log: the Delta transaction-log protocol and table operations.
 *
 * This release holds the storage layer every other part stands on; the log reader, snapshots,
 * scans and writers follow (see the package README for what is built).
 */
export { SiltError } from '@silt/parquet-io';
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
