/**
 * Arrow plumbing of MERGE: joined batches `{ t: {…target}, s: {…source} }` of row pairs, where
 * either side may be absent (a null struct), and single batches built from several.
 */
import {
  createColumnBuilder,
  exactValue,
  nullData,
  type StructType,
  takeRows,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';

/** One side of a join: a batch and, per output row, the row it comes from (-1: absent). */
export interface JoinSide {
  alias: string;
  /** The side's rows; undefined for a side absent from every row. */
  batch: arrow.RecordBatch | undefined;
  /** Row indexes into `batch`; undefined for a side absent from every row. */
  rows: Int32Array | undefined;
  /** The side's schema (the struct type of its column, and its null columns when absent). */
  schema: StructType;
  arrowSchema: arrow.Schema;
}

/**
 * The joined batch of row pairs: one struct column per alias, holding the rows of that side at
 * `rows` (null where a row index is -1 or the side is absent).
 */
export function joinedBatch(length: number, sides: readonly JoinSide[]): arrow.RecordBatch {
  const fields: arrow.Field[] = [];
  const children: arrow.Data[] = [];
  for (const side of sides) {
    const structType = new arrow.Struct(side.arrowSchema.fields);
    fields.push(new arrow.Field(side.alias, structType, true));
    if (!side.rows || !side.batch) {
      children.push(
        arrow.makeData({
          type: structType,
          length,
          nullCount: length,
          nullBitmap: new Uint8Array(Math.ceil(length / 8)),
          children: side.schema.fields.map((field) => nullData(field.type, length)),
        }),
      );
      continue;
    }
    const missing = side.rows.some((row) => row < 0);
    const taken = takeRows(
      side.batch,
      missing ? side.rows.map((row) => Math.max(row, 0)) : side.rows,
    ).data;
    if (!missing) {
      children.push(taken);
      continue;
    }
    const bitmap = new Uint8Array(Math.ceil(length / 8));
    let nulls = 0;
    side.rows.forEach((row, index) => {
      if (row >= 0) bitmap[index >> 3]! |= 1 << (index & 7);
      else nulls++;
    });
    children.push(
      arrow.makeData({
        type: structType,
        length,
        nullCount: nulls,
        nullBitmap: bitmap,
        children: taken.children as arrow.Data[],
      }),
    );
  }
  return new arrow.RecordBatch(
    new arrow.Schema(fields),
    arrow.makeData({ type: new arrow.Struct(fields), length, nullCount: 0, children }),
  );
}

/** The struct column of one alias of a joined batch, as a batch of its own. */
export function sideOf(joined: arrow.RecordBatch, alias: string): arrow.RecordBatch {
  const index = joined.schema.fields.findIndex((field) => field.name === alias);
  const data = joined.data.children[index]!;
  const fields = (data.type as arrow.Struct).children;
  return new arrow.RecordBatch(
    new arrow.Schema(fields),
    arrow.makeData({
      type: new arrow.Struct(fields),
      length: data.length,
      nullCount: 0,
      children: data.children as arrow.Data[],
    }),
  );
}

/** One batch holding the rows of several batches of one schema, in order. */
export function concatBatches(
  batches: readonly arrow.RecordBatch[],
  schema: StructType,
  arrowSchema: arrow.Schema,
): arrow.RecordBatch {
  const nonEmpty = batches.filter((batch) => batch.numRows > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const builders = schema.fields.map((field) => createColumnBuilder(field.type));
  let length = 0;
  for (const batch of nonEmpty) {
    batch.data.children.forEach((data, column) => {
      const builder = builders[column]!;
      for (let row = 0; row < data.length; row++) builder.append(exactValue(data, row));
    });
    length += batch.numRows;
  }
  const children = builders.map((builder) => builder.finish());
  return new arrow.RecordBatch(
    arrowSchema,
    arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length, nullCount: 0, children }),
  );
}

/** A batch of the given columns (Arrow data of equal length) under a schema. */
export function batchOf(arrowSchema: arrow.Schema, children: arrow.Data[], length: number) {
  return new arrow.RecordBatch(
    arrowSchema,
    arrow.makeData({ type: new arrow.Struct(arrowSchema.fields), length, nullCount: 0, children }),
  );
}
