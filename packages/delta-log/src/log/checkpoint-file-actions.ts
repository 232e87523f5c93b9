import * as arrow from 'apache-arrow';
import type { AddAction, DeletionVectorDescriptor, RemoveAction } from '../protocol/actions.js';
import {
  absent,
  booleanReader,
  type ColumnReader,
  childData,
  integerReader,
  stringMapReader,
  stringReader,
  textReader,
  UNSAFE_INTEGER,
  validity,
} from './arrow-column-readers.js';

/**
 * Decodes the rows of one chunk of a checkpoint's `add` or `remove` column straight from the
 * Arrow buffers: the bulk of every checkpoint, read here without building a generic value per
 * row and validating it field by field. The Parquet schema already types each field, so what
 * is left to check is what the types cannot say: required fields present, integers exact,
 * a known deletion vector storage type.
 *
 * The decoder returns the action of a row, or `undefined` when the row is not one it can vouch
 * for (a required field missing, an integer beyond 2^53…): the caller then decodes that row
 * the generic way, which gives the action or the same CorruptLog as before. The whole factory
 * returns `undefined` when a field has a type it does not read (a writer's unusual choice),
 * and the caller decodes the whole chunk the generic way.
 *
 * Actions are built with the same fields, in the same order, as `decodeAction` builds them.
 */
export type FileActionDecoder<T> = (index: number) => T | undefined;

/** The decoder of an `add` chunk, or `undefined` when its types need the generic decoder. */
export function addDecoder(data: arrow.Data): FileActionDecoder<AddAction> | undefined {
  const path = required(data, 'path', textReader);
  const partitionValues = required(data, 'partitionValues', stringMapReader);
  const size = required(data, 'size', integerReader);
  const modificationTime = required(data, 'modificationTime', integerReader);
  const dataChange = required(data, 'dataChange', booleanReader);
  const extras = fileExtrasReader(data);
  const clusteringProvider = optional(data, 'clusteringProvider', stringReader);
  if (
    !path ||
    !partitionValues ||
    !size ||
    !modificationTime ||
    !dataChange ||
    !extras ||
    !clusteringProvider
  )
    return undefined;
  return (index) => {
    const pathValue = path(index);
    const partitions = partitionValues(index);
    const sizeValue = size(index);
    const time = modificationTime(index);
    const change = dataChange(index);
    if (
      pathValue === null ||
      partitions === null ||
      !isInteger(sizeValue) ||
      !isInteger(time) ||
      change === null
    )
      return undefined;
    const add: AddAction = {
      path: pathValue,
      partitionValues: partitions,
      size: sizeValue,
      modificationTime: time,
      dataChange: change,
    };
    if (!extras(index, add)) return undefined;
    const provider = clusteringProvider(index);
    if (provider !== null) add.clusteringProvider = provider;
    return add;
  };
}

/** The decoder of a `remove` chunk, or `undefined` when its types need the generic decoder. */
export function removeDecoder(data: arrow.Data): FileActionDecoder<RemoveAction> | undefined {
  const path = required(data, 'path', textReader);
  const dataChange = required(data, 'dataChange', booleanReader);
  const deletionTimestamp = optional(data, 'deletionTimestamp', integerReader);
  const extendedFileMetadata = optional(data, 'extendedFileMetadata', booleanReader);
  const partitionValues = optional(data, 'partitionValues', stringMapReader);
  const size = optional(data, 'size', integerReader);
  const extras = fileExtrasReader(data);
  if (
    !path ||
    !dataChange ||
    !deletionTimestamp ||
    !extendedFileMetadata ||
    !partitionValues ||
    !size ||
    !extras
  )
    return undefined;
  return (index) => {
    const pathValue = path(index);
    const change = dataChange(index);
    const timestamp = deletionTimestamp(index);
    const sizeValue = size(index);
    if (pathValue === null || change === null || timestamp === UNSAFE_INTEGER) return undefined;
    if (sizeValue === UNSAFE_INTEGER) return undefined;
    const remove: RemoveAction = { path: pathValue, dataChange: change };
    const extended = extendedFileMetadata(index);
    const partitions = partitionValues(index);
    if (timestamp !== null) remove.deletionTimestamp = timestamp;
    if (extended !== null) remove.extendedFileMetadata = extended;
    if (partitions !== null) remove.partitionValues = partitions;
    if (sizeValue !== null) remove.size = sizeValue;
    if (!extras(index, remove)) return undefined;
    return remove;
  };
}

/**
 * Reads the optional fields `add` and `remove` share into the action (absent ones stay absent);
 * false when the row needs the generic decoder.
 */
type ExtrasReader = (index: number, target: AddAction | RemoveAction) => boolean;

function fileExtrasReader(data: arrow.Data): ExtrasReader | undefined {
  const stats = optional(data, 'stats', textReader);
  const tags = optional(data, 'tags', stringMapReader);
  const deletionVector = optional(data, 'deletionVector', deletionVectorReader);
  const baseRowId = optional(data, 'baseRowId', integerReader);
  const defaultRowCommitVersion = optional(data, 'defaultRowCommitVersion', integerReader);
  if (!stats || !tags || !deletionVector || !baseRowId || !defaultRowCommitVersion)
    return undefined;
  return (index, target) => {
    const dv = deletionVector(index);
    const rowId = baseRowId(index);
    const commitVersion = defaultRowCommitVersion(index);
    if (dv === INVALID || rowId === UNSAFE_INTEGER || commitVersion === UNSAFE_INTEGER)
      return false;
    const statsValue = stats(index);
    const tagsValue = tags(index);
    if (statsValue !== null) target.stats = statsValue;
    if (tagsValue !== null) target.tags = withoutNulls(tagsValue);
    if (dv !== null) target.deletionVector = dv;
    if (rowId !== null) target.baseRowId = rowId;
    if (commitVersion !== null) target.defaultRowCommitVersion = commitVersion;
    return true;
  };
}

/** A deletion vector the fast path cannot vouch for: the row goes to the generic decoder. */
const INVALID = Symbol('invalid');

function deletionVectorReader(
  data: arrow.Data,
): ColumnReader<DeletionVectorDescriptor | typeof INVALID> | undefined {
  if (data.type.typeId !== arrow.Type.Struct) return undefined;
  const valid = validity(data);
  const storageType = required(data, 'storageType', stringReader);
  const pathOrInlineDv = required(data, 'pathOrInlineDv', stringReader);
  const sizeInBytes = required(data, 'sizeInBytes', integerReader);
  const cardinality = required(data, 'cardinality', integerReader);
  const offset = optional(data, 'offset', integerReader);
  const maxRowIndex = optional(data, 'maxRowIndex', integerReader);
  // Without its required fields, a deletion vector present is left to the generic decoder.
  if (!storageType || !pathOrInlineDv || !sizeInBytes || !cardinality || !offset || !maxRowIndex)
    return (index) => (valid(index) ? INVALID : null);
  return (index) => {
    if (!valid(index)) return null;
    const type = storageType(index);
    const where = pathOrInlineDv(index);
    const bytes = sizeInBytes(index);
    const count = cardinality(index);
    const offsetValue = offset(index);
    const maxRow = maxRowIndex(index);
    if (
      (type !== 'u' && type !== 'i' && type !== 'p') ||
      where === null ||
      !isInteger(bytes) ||
      !isInteger(count) ||
      offsetValue === UNSAFE_INTEGER ||
      maxRow === UNSAFE_INTEGER
    )
      return INVALID;
    const descriptor: DeletionVectorDescriptor = {
      storageType: type,
      pathOrInlineDv: where,
      sizeInBytes: bytes,
      cardinality: count,
    };
    if (offsetValue !== null) descriptor.offset = offsetValue;
    if (maxRow !== null) descriptor.maxRowIndex = maxRow;
    return descriptor;
  };
}

type ReaderFactory<T> = (data: arrow.Data) => ColumnReader<T> | undefined;

/** The reader of a required child; `undefined` when it is missing or of an unread type. */
function required<T>(
  data: arrow.Data,
  name: string,
  factory: ReaderFactory<T>,
): ColumnReader<T> | undefined {
  const child = childData(data, name);
  return child && factory(child);
}

/** The reader of an optional child (all nulls when missing); `undefined` for an unread type. */
function optional<T>(
  data: arrow.Data,
  name: string,
  factory: ReaderFactory<T>,
): ColumnReader<T> | undefined {
  const child = childData(data, name);
  return child ? factory(child) : absent;
}

function isInteger(value: number | null | typeof UNSAFE_INTEGER): value is number {
  return typeof value === 'number';
}

/** Tags drop null values: they carry nothing (as `decodeAction` reads string maps). */
function withoutNulls(map: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) if (value !== null) out[key] = value;
  return out;
}
