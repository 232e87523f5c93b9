import { SiltError } from './silt-error.js';

/** Data read from a file cannot be brought to the table's type without changing values. */
export class IncompatibleType extends SiltError {
  static readonly code = 'SILT_IncompatibleType';
  readonly column: string;

  constructor(options: { column: string; from: string; to: string }) {
    super({
      code: IncompatibleType.code,
      message: `Column ${options.column} holds ${options.from} in the file, which cannot be read as ${options.to} without losing values. The file does not match the table schema; check that it belongs to this table.`,
    });
    this.column = options.column;
  }
}
