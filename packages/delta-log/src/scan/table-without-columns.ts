import { SiltError } from '@silt/parquet-io';

/** The table's schema has no columns (its metaData lacks a schemaString): there is nothing to read. */
export class TableWithoutColumns extends SiltError {
  static readonly code = 'SILT_TableWithoutColumns';

  constructor(options: { version: number }) {
    super({
      code: TableWithoutColumns.code,
      message: `Version ${options.version} of the table has no columns (its metaData has no schema), so it has no rows to read. Write data with a schema to the table first; describe and history still work.`,
    });
  }
}
