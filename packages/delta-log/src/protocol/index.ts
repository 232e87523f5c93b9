export type { ActionLocation } from './action-fields.js';
export {
  ACTION_NAMES,
  type Action,
  type ActionName,
  type ActionOf,
  type AddAction,
  actionName,
  type CdcAction,
  type CheckpointMetadataAction,
  type CommitInfoAction,
  type DeletionVectorDescriptor,
  type DomainMetadataAction,
  type MetadataAction,
  type ProtocolAction,
  type RemoveAction,
  type SidecarAction,
  type TxnAction,
} from './actions.js';
export { formatCommitFile, parseCommitFile } from './commit-file.js';
export { decodeAction } from './decode-action.js';
export {
  CorruptLog,
  InvalidTableProperty,
  PathOutsideTable,
  ProtocolNotSupported,
  WriteNotSupported,
} from './errors/index.js';
export { decodeFilePath, type ResolveFilePathOptions, resolveFilePath } from './file-path.js';
export { parseIntervalMilliseconds } from './interval.js';
export { canonicalFilePath, deletionVectorUniqueId, logicalFileKey } from './logical-file-key.js';
export {
  checkReadSupport,
  hasReaderFeature,
  hasWriterFeature,
  MAX_READER_VERSION,
  readerFeatures,
  SUPPORTED_READER_FEATURES,
  writerFeatures,
} from './table-features.js';
export {
  type ColumnMappingMode,
  parseTableProperties,
  type TableProperties,
} from './table-properties.js';
export { parseTableSchema } from './table-schema.js';
