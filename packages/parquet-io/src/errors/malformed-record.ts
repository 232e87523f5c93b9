import { SiltError } from './silt-error.js';

/**
 * A CSV or JSON-lines record does not fit the declared schema. Thrown in `fail` mode; in
 * `rescue` mode the row is kept and its raw text goes to the `_rescued_data` column instead.
 */
export class MalformedRecord extends SiltError {
  static readonly code = 'SILT_MalformedRecord';
  readonly file: string | undefined;
  readonly line: number;
  readonly column: string | undefined;

  constructor(options: { file?: string; line: number; column?: string; reason: string }) {
    const where = `${options.file ?? '<input>'}:${options.line}${options.column ? ` column ${options.column}` : ''}`;
    super({
      code: MalformedRecord.code,
      message: `Malformed record at ${where}: ${options.reason}. Fix the input, or read with { onMalformed: 'rescue' } to keep such rows with their raw text in _rescued_data.`,
    });
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }
}
