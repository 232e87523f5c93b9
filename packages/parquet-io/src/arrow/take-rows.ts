import * as arrow from 'apache-arrow';
import { arrowTypeToDelta } from '../types/arrow-schema.js';
import { createColumnBuilder } from './column-builder.js';
import { exactValue } from './exact-values.js';

/**
 * The rows of a record batch whose mask byte is not 0, in order (`mask.length` = rows). Fixed-width
 * columns are copied straight from their buffers; the rest go through the exact builders.
 *
 * @example
 * ```ts
 * import { filterBatch } from '@silt/parquet-io';
 * const kept = filterBatch(batch, Uint8Array.from([1, 0, 1])); // rows 0 and 2
 * ```
 */
export function filterBatch(batch: arrow.RecordBatch, mask: Uint8Array): arrow.RecordBatch {
  let count = 0;
  for (let k = 0; k < batch.numRows; k++) if (mask[k] !== 0) count++;
  if (count === batch.numRows) return batch;
  const indexes = new Int32Array(count);
  for (let k = 0, at = 0; k < batch.numRows; k++) if (mask[k] !== 0) indexes[at++] = k;
  return takeRows(batch, indexes);
}

/** The rows of a record batch at `indexes`, in that order. */
export function takeRows(batch: arrow.RecordBatch, indexes: Int32Array): arrow.RecordBatch {
  const children = batch.schema.fields.map((field, k) =>
    takeData(batch.data.children[k]!, field.type, indexes),
  );
  return new arrow.RecordBatch(
    batch.schema,
    arrow.makeData({
      type: new arrow.Struct(batch.schema.fields),
      length: indexes.length,
      nullCount: 0,
      children,
    }),
  );
}

type TypedArray =
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | Uint32Array;

function takeData(data: arrow.Data, type: arrow.DataType, indexes: Int32Array): arrow.Data {
  switch (type.typeId) {
    case arrow.Type.Utf8:
    case arrow.Type.Binary:
      return takeVariableWidth(data, type, indexes);
    case arrow.Type.Bool:
      return takeBooleans(data, type, indexes);
    case arrow.Type.Struct:
      return takeStruct(data, type as arrow.Struct, indexes);
    case arrow.Type.List:
    case arrow.Type.Map:
      return takeList(data, type, indexes);
  }
  const values = data.values as TypedArray | undefined;
  const isFixedWidth =
    values !== undefined &&
    (type.typeId === arrow.Type.Int ||
      (type.typeId === arrow.Type.Float &&
        (type as arrow.Float).precision !== arrow.Precision.HALF) ||
      type.typeId === arrow.Type.Date ||
      type.typeId === arrow.Type.Timestamp ||
      type.typeId === arrow.Type.Decimal);
  if (!isFixedWidth) {
    const builder = createColumnBuilder(arrowTypeToDelta(type));
    for (const index of indexes) builder.append(exactValue(data, index));
    return builder.finish();
  }
  const stride = type.typeId === arrow.Type.Decimal ? (type as arrow.Decimal).bitWidth / 32 : 1;
  const Constructor = values.constructor as new (length: number) => TypedArray;
  const out = new Constructor(indexes.length * stride);
  let nullCount = 0;
  const bitmap = data.nullCount > 0 ? new Uint8Array(Math.ceil(indexes.length / 8)) : undefined;
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k]!;
    if (stride === 1) (out as Int32Array)[k] = (values as Int32Array)[index]!;
    else
      for (let w = 0; w < stride; w++)
        (out as Uint32Array)[k * stride + w] = (values as Uint32Array)[index * stride + w]!;
    if (bitmap) {
      if (data.getValid(index)) bitmap[k >> 3]! |= 1 << (k & 7);
      else nullCount++;
    }
  }
  return arrow.makeData({
    type,
    length: indexes.length,
    nullCount,
    nullBitmap: bitmap,
    data: out,
  } as never);
}

/** The validity of the taken rows: a bitmap and its null count (none when nothing is null). */
function takeValidity(
  data: arrow.Data,
  indexes: Int32Array,
): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  if (data.nullCount === 0) return { nullBitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array(Math.ceil(indexes.length / 8));
  let nullCount = 0;
  for (let k = 0; k < indexes.length; k++) {
    if (data.getValid(indexes[k]!)) bitmap[k >> 3]! |= 1 << (k & 7);
    else nullCount++;
  }
  return { nullBitmap: bitmap, nullCount };
}

/** Strings and binaries: offsets rebuilt, value bytes copied slice by slice (never decoded). */
function takeVariableWidth(
  data: arrow.Data,
  type: arrow.DataType,
  indexes: Int32Array,
): arrow.Data {
  const offsets = data.valueOffsets as Int32Array;
  const values = data.values as Uint8Array;
  const outOffsets = takenOffsets(offsets, indexes);
  const total = outOffsets[indexes.length]!;
  const out = new Uint8Array(total);
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k]!;
    const start = offsets[index]!;
    const end = offsets[index + 1]!;
    if (end - start < 16) {
      let at = outOffsets[k]!;
      for (let byte = start; byte < end; byte++) out[at++] = values[byte]!;
    } else out.set(values.subarray(start, end), outOffsets[k]!);
  }
  return arrow.makeData({
    type,
    length: indexes.length,
    ...takeValidity(data, indexes),
    valueOffsets: outOffsets,
    data: out,
  } as never);
}

/** Booleans: bits gathered (values by bit offset, as Arrow stores them). */
function takeBooleans(data: arrow.Data, type: arrow.DataType, indexes: Int32Array): arrow.Data {
  const values = data.values as Uint8Array;
  const out = new Uint8Array(Math.ceil(indexes.length / 8));
  for (let k = 0; k < indexes.length; k++) {
    const position = data.offset + indexes[k]!;
    if ((values[position >> 3]! >> (position & 7)) & 1) out[k >> 3]! |= 1 << (k & 7);
  }
  return arrow.makeData({
    type,
    length: indexes.length,
    ...takeValidity(data, indexes),
    data: out,
  } as never);
}

/** Structs: every child taken at the same rows. */
function takeStruct(data: arrow.Data, type: arrow.Struct, indexes: Int32Array): arrow.Data {
  // apache-arrow slices a struct's children with it: row k of the struct is row k of each child.
  const children = type.children.map((field, k) =>
    takeData(data.children[k]!, field.type, indexes),
  );
  return arrow.makeData({
    type,
    length: indexes.length,
    ...takeValidity(data, indexes),
    children,
  } as never);
}

/** Lists and maps: offsets rebuilt, the child taken at the rows the taken lists span. */
function takeList(data: arrow.Data, type: arrow.DataType, indexes: Int32Array): arrow.Data {
  const offsets = data.valueOffsets as Int32Array;
  const outOffsets = takenOffsets(offsets, indexes);
  const total = outOffsets[indexes.length]!;
  const childIndexes = new Int32Array(total);
  let at = 0;
  for (const index of indexes) {
    for (let child = offsets[index]!; child < offsets[index + 1]!; child++)
      childIndexes[at++] = child;
  }
  const childType = (type as arrow.List).children[0]!.type;
  return arrow.makeData({
    type,
    length: indexes.length,
    ...takeValidity(data, indexes),
    valueOffsets: outOffsets,
    child: takeData(data.children[0]!, childType, childIndexes),
  } as never);
}

/** The offsets of the taken rows of a variable-width or list column, from 0. */
function takenOffsets(offsets: Int32Array, indexes: Int32Array): Int32Array {
  const out = new Int32Array(indexes.length + 1);
  let total = 0;
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k]!;
    total += offsets[index + 1]! - offsets[index]!;
    out[k + 1] = total;
  }
  return out;
}
