import { SiltError } from '@silt/parquet-io';

/**
 * An expression cannot be built or used as asked: a literal that is not a value of its type, an
 * empty column path, a malformed quoted name.
 */
export class InvalidPredicate extends SiltError {
  static readonly code = 'SILT_InvalidPredicate';

  constructor(options: { reason: string; cause?: unknown }) {
    super({
      code: InvalidPredicate.code,
      message: `Invalid predicate: ${options.reason}. Build predicates with col() and lit() (col('id').eq(2).and(col('value').gt(0.5))), giving lit() a type where the value alone is ambiguous.`,
      cause: options.cause,
    });
  }
}
