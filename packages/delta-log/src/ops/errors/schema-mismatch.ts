import { SiltError } from '@silt/parquet-io';

/**
 * The data does not fit the table's schema: a column the table lacks, a type that cannot be
 * written into the column's type without loss, a missing non-nullable column, or partitioning
 * that differs from the table's. Nothing was written.
 */
export class SchemaMismatch extends SiltError {
  static readonly code = 'SILT_SchemaMismatch';
  /** The column involved, dotted for nested fields; undefined for table-level mismatches. */
  readonly column: string | undefined;

  constructor(options: { reason: string; column?: string; hint?: string }) {
    super({
      code: SchemaMismatch.code,
      message: `The data does not match the table schema: ${options.reason}.${options.hint ? ` ${options.hint}` : ''} Nothing was written.`,
    });
    this.column = options.column;
  }
}
