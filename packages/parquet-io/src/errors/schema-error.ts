import { SiltError } from './silt-error.js';

/** A schema string (DDL or Delta schema JSON) could not be parsed. */
export class InvalidSchema extends SiltError {
  static readonly code = 'SILT_InvalidSchema';
  readonly position: number | undefined;

  constructor(options: { reason: string; text?: string; position?: number; cause?: unknown }) {
    const at = options.position === undefined ? '' : ` at position ${options.position}`;
    super({
      code: InvalidSchema.code,
      message: `Invalid schema${at}: ${options.reason}. Write it as DDL (\`id INT, value DOUBLE, tags ARRAY<STRING>\`) or as Delta schema JSON.`,
      cause: options.cause,
    });
    this.position = options.position;
  }
}

/** A data type cannot be represented where it was asked for. */
export class UnsupportedType extends SiltError {
  static readonly code = 'SILT_UnsupportedType';
  readonly type: string;

  constructor(options: { type: string; context: string }) {
    super({
      code: UnsupportedType.code,
      message: `The type ${options.type} is not supported ${options.context}. Cast the column to a Delta type (boolean, byte, short, integer, long, float, double, decimal, string, binary, date, timestamp, timestamp_ntz, struct, array, map).`,
    });
    this.type = options.type;
  }
}
