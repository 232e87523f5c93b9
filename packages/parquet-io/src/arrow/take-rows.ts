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
