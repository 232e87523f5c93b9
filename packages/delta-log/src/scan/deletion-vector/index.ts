export {
  DELETION_VECTOR_FILE_VERSION,
  DELETION_VECTOR_MAGIC,
  type DeletionVectorFileEntry,
  encodeDeletionVectorData,
  encodeDeletionVectorFile,
  parseDeletionVectorData,
} from './deletion-vector-format.js';
export {
  type DeletionVectorPathOptions,
  deletionVectorPath,
  uuidFromZ85,
} from './deletion-vector-path.js';
export { InvalidDeletionVector } from './invalid-deletion-vector.js';
export { type ReadDeletionVectorOptions, readDeletionVector } from './read-deletion-vector.js';
export { parseRoaringTreemap } from './roaring-format.js';
export {
  type RoaringWriteOptions,
  rowIndexSetOf,
  serializeRoaringTreemap,
} from './roaring-writer.js';
export { RowIndexSet } from './row-index-set.js';
export { decodeZ85, encodeZ85 } from './z85.js';
