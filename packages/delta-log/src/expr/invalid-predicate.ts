import { SiltError } from '@silt/parquet-io';

/**
 * An expression cannot be built, parsed or typed as asked: a literal that is not a value of its
 * type, an empty column path, SQL text that does not parse (with the 1-based `position` of the
 * problem), a column the schema does not have (`column`, with the columns it does have), operands
 * whose types do not go together.
 */
export class InvalidPredicate extends SiltError {
  static readonly code = 'SILT_InvalidPredicate';
  /** 1-based character position in the parsed text, for parse errors. */
  readonly position: number | undefined;
  /** The column that could not be resolved, for unknown-column errors. */
  readonly column: string | undefined;
  /** The columns that could have been meant, for unknown-column errors. */
  readonly available: readonly string[] | undefined;

  constructor(options: {
    reason: string;
    cause?: unknown;
    position?: number;
    column?: string;
    available?: readonly string[];
    /** What to do about it; a default that explains how to build predicates otherwise. */
    hint?: string;
  }) {
    super({
      code: InvalidPredicate.code,
      message: `Invalid predicate: ${options.reason}. ${
        options.hint ??
        "Build predicates with col() and lit() (col('id').eq(2).and(col('value').gt(0.5))), giving lit() a type where the value alone is ambiguous."
      }`,
      cause: options.cause,
    });
    this.position = options.position;
    this.column = options.column;
    this.available = options.available;
  }
}
