import { SiltError } from '@silt/parquet-io';

/** A column named in a scan or an expression is not in the table schema. */
export class UnknownColumn extends SiltError {
  static readonly code = 'SILT_UnknownColumn';
  readonly column: string;

  constructor(options: { column: string; available: readonly string[] }) {
    super({
      code: UnknownColumn.code,
      message: `The table has no column "${options.column}". Its columns are: ${options.available.join(', ')}.`,
    });
    this.column = options.column;
  }
}
