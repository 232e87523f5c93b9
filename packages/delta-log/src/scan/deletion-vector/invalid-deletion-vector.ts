import { SiltError } from '@silt/parquet-io';

/**
 * A deletion vector could not be used: its descriptor is malformed, its file has the wrong
 * version, size or checksum, its bitmap is not a valid portable RoaringTreemap, or the rows it
 * deletes do not add up to the descriptor's cardinality. Reading the file without it would return
 * deleted rows, so the read stops instead.
 */
export class InvalidDeletionVector extends SiltError {
  static readonly code = 'SILT_InvalidDeletionVector';
  /** Where the deletion vector lives (a path, or `inline`). */
  readonly location: string;

  constructor(options: { location: string; reason: string; cause?: unknown }) {
    super({
      code: InvalidDeletionVector.code,
      message: `Invalid deletion vector (${options.location}): ${options.reason}. The table's deletion vector files or log entries are damaged or were written by an incompatible writer; restore the file from a backup, or check the table with the engine that wrote it.`,
      cause: options.cause,
    });
    this.location = options.location;
  }
}
