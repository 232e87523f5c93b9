import { SiltError } from '@silt/parquet-io';

/** A `delta.*` table property in the table's configuration has a value Silt cannot interpret. */
export class InvalidTableProperty extends SiltError {
  static readonly code = 'SILT_InvalidTableProperty';
  /** The property key, such as `delta.logRetentionDuration`. */
  readonly key: string;
  /** The value found in the table configuration. */
  readonly value: string;

  constructor(options: { key: string; value: string; expected: string }) {
    super({
      code: InvalidTableProperty.code,
      message: `The table property ${options.key} has the invalid value "${options.value}": expected ${options.expected}. Set it to a valid value (ALTER TABLE ... SET TBLPROPERTIES) or remove it to use the default.`,
    });
    this.key = options.key;
    this.value = options.value;
  }
}
