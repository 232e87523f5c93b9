import { SiltError } from '@silt/parquet-io';

/**
 * Column mapping cannot be applied: the table names an unknown mode, a field lacks its physical
 * name or id, or a data file does not fit the schema (no field ids in `id` mode, a struct where
 * the schema has a number).
 */
export class InvalidColumnMapping extends SiltError {
  static readonly code = 'SILT_InvalidColumnMapping';
  /** The logical column concerned, when there is one. */
  readonly column: string | undefined;

  constructor(options: { reason: string; column?: string }) {
    const where = options.column === undefined ? '' : ` (column ${options.column})`;
    super({
      code: InvalidColumnMapping.code,
      message: `Cannot apply column mapping${where}: ${options.reason}. The table's metadata or data files are inconsistent; read the table with the engine that wrote it to check, or rewrite the affected files.`,
    });
    this.column = options.column;
  }
}
