import type { StructType } from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { evaluatePredicate } from '../expr/evaluate-vector.js';
import type { Expression } from '../expr/expression.js';
import { parseExpression } from '../expr/parse-expression.js';
import { resolvePredicate as resolveTypedPredicate } from '../expr/resolve-expression.js';

/**
 * Parses a SQL predicate (a DELETE or replaceWhere condition, a CHECK constraint, an invariant)
 * and resolves it against the table schema: columns exist, types fit, the result is a boolean.
 *
 * @throws {InvalidPredicate} naming the position and what was expected, or the unknown column.
 */
export function parsePredicate(text: string, schema: StructType): Expression {
  return resolveTypedPredicate(parseExpression(text), schema);
}

/**
 * A predicate given as SQL text or built with the expression builder, resolved against the
 * table schema.
 *
 * @throws {InvalidPredicate} for a parse error, a column the schema lacks, or a type error.
 */
export function resolvePredicate(
  predicate: ExpressionLike | string,
  schema: StructType,
): Expression {
  return typeof predicate === 'string'
    ? parsePredicate(predicate, schema)
    : resolveTypedPredicate(toExpression(predicate), schema);
}

/** One byte per row: 1 where the predicate is TRUE, 0 where it is FALSE or NULL. */
export function predicateMask(
  predicate: Expression,
  batch: arrow.RecordBatch,
  _schema: StructType,
): Uint8Array {
  return evaluatePredicate(predicate, batch);
}
