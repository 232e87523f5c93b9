import { SiltError } from '@silt/parquet-io';

/** A data file the log lists as part of the table is not in storage. */
export class MissingDataFile extends SiltError {
  static readonly code = 'SILT_MissingDataFile';
  readonly path: string;
  readonly version: number;

  constructor(options: { path: string; version: number; cause?: unknown }) {
    super({
      code: MissingDataFile.code,
      message: `Data file ${options.path} of table version ${options.version} is missing from storage. It was deleted outside Delta (or by a VACUUM with too short a retention); restore it, or read another version.`,
      cause: options.cause,
    });
    this.path = options.path;
    this.version = options.version;
  }
}
