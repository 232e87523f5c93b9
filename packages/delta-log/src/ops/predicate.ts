import { exactValue, type StructType } from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import { evaluateRow, type Row } from '../expr/evaluate-row.js';
import type { Expression } from '../expr/expression.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';

/**
 * Parses a SQL predicate (a replaceWhere condition, a CHECK constraint, an invariant) and
 * resolves its columns against the table schema.
 *
 * @throws {InvalidPredicate} naming the position and what was expected, or the unknown column.
 */
export function parsePredicate(text: string, _schema: StructType): Expression {
  throw new InvalidPredicate({ reason: `cannot parse "${text}" yet` });
}

/** One byte per row: 1 where the predicate is TRUE, 0 where it is FALSE or NULL. */
export function predicateMask(
  predicate: Expression,
  batch: arrow.RecordBatch,
  schema: StructType,
): Uint8Array {
  const mask = new Uint8Array(batch.numRows);
  const columns = batch.schema.fields.map(
    (field, index) => [field.name, batch.data.children[index]!] as const,
  );
  for (let row = 0; row < batch.numRows; row++) {
    const values: Record<string, unknown> = {};
    for (const [name, data] of columns) values[name] = exactValue(data, row);
    mask[row] = evaluateRow(predicate, values as Row, schema) === true ? 1 : 0;
  }
  return mask;
}
