import { SiltError } from '@silt/parquet-io';

/**
 * The conditions under which evaluating an expression fails, named as Spark names them in ANSI
 * mode (Spark 4's default), so that a user who knows one knows the other.
 */
export type EvaluationCondition =
  /** A string that is not a value of the type it is cast to (`CAST('x' AS INT)`). */
  | 'CAST_INVALID_INPUT'
  /** A value outside the range of the type it is cast to (`CAST(1e10 AS INT)`). */
  | 'CAST_OVERFLOW'
  /** An integer result outside its type's range (`2147483647 + 1`). */
  | 'ARITHMETIC_OVERFLOW'
  /** A decimal result with more digits than its precision allows. */
  | 'NUMERIC_VALUE_OUT_OF_RANGE'
  /** `/` or `%` by zero. */
  | 'DIVIDE_BY_ZERO'
  /** A LIKE pattern with an escape character before something it cannot escape. */
  | 'INVALID_LIKE_PATTERN';

/**
 * Evaluating an expression met a value it cannot compute with: Spark 4 (ANSI mode, its default)
 * raises rather than returning NULL, and so does Silt, so that a bad row stops a DELETE or an
 * UPDATE instead of being silently matched or skipped.
 */
export class EvaluationFailed extends SiltError {
  static readonly code = 'SILT_EvaluationFailed';
  readonly condition: EvaluationCondition;
  /** What went wrong, without the advice. */
  readonly reason: string;

  constructor(options: { condition: EvaluationCondition; reason: string }) {
    super({
      code: EvaluationFailed.code,
      message: `Evaluation failed (${options.condition}): ${options.reason}. Guard the value with CASE WHEN or filter the rows out first; use CAST only on values of the target type.`,
    });
    this.condition = options.condition;
    this.reason = options.reason;
  }
}
