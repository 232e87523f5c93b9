import { SiltError } from '@silt/parquet-io';

/**
 * A row of the data breaks a constraint of the table — a NOT NULL column holding null, a column
 * invariant, a CHECK constraint (`delta.constraints.<name>`), or a replaceWhere condition the
 * new rows must satisfy. Nothing was committed.
 */
export class ConstraintViolation extends SiltError {
  static readonly code = 'SILT_ConstraintViolation';
  /** The constraint: `NOT NULL <column>`, the CHECK name, or `replaceWhere`. */
  readonly constraint: string;
  /** The constraint's expression, when it has one. */
  readonly expression: string | undefined;

  constructor(options: { constraint: string; expression?: string; row?: string; hint?: string }) {
    const expression = options.expression === undefined ? '' : ` (${options.expression})`;
    const row = options.row === undefined ? '' : ` The first offending row: ${options.row}.`;
    super({
      code: ConstraintViolation.code,
      message: `The data violates the constraint ${options.constraint}${expression}.${row} ${options.hint ?? 'Fix or filter the offending rows and write again.'} Nothing was committed.`,
    });
    this.constraint = options.constraint;
    this.expression = options.expression;
  }
}
