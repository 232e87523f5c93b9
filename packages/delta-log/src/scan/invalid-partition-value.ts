import { SiltError } from '@silt/parquet-io';

/**
 * A partition value in the log cannot be read as its column's type (PROTOCOL.md, "Partition Value
 * Serialization"): `abc` for an `integer` column, `2024-13-01` for a `date`.
 */
export class InvalidPartitionValue extends SiltError {
  static readonly code = 'SILT_InvalidPartitionValue';
  readonly column: string;
  readonly value: string;
  readonly type: string;

  constructor(options: { column: string; value: string; type: string; reason?: string }) {
    const reason = options.reason ? ` (${options.reason})` : '';
    super({
      code: InvalidPartitionValue.code,
      message: `Partition value ${JSON.stringify(options.value)} of column ${options.column} is not a valid ${options.type}${reason}. The log's partitionValues do not match the table schema: check the writer that added the file, or repair the table's metadata.`,
    });
    this.column = options.column;
    this.value = options.value;
    this.type = options.type;
  }
}
