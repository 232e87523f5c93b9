import { SiltError } from '@silt/parquet-io';

/** A table exists where the operation was to create one (`mode: 'error'`, `create`). */
export class TableAlreadyExists extends SiltError {
  static readonly code = 'SILT_TableAlreadyExists';
  /** Its current version. */
  readonly version: number;

  constructor(options: { version: number }) {
    super({
      code: TableAlreadyExists.code,
      message: `A Delta table already exists here (version ${options.version}). Use mode 'append' or 'overwrite' to write to it, or 'ignore' to leave it as it is.`,
    });
    this.version = options.version;
  }
}
