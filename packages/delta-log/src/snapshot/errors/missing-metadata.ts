import { SiltError } from '@silt/parquet-io';

/** Replaying the log found no `metaData` action: the table's schema and partitioning are unknown. */
export class MissingMetadata extends SiltError {
  static readonly code = 'SILT_MissingMetadata';
  /** The version being read. */
  readonly version: number;

  constructor(options: { version: number }) {
    super({
      code: MissingMetadata.code,
      message: `The log of the table at version ${options.version} has no metaData action (its checkpoint or first commit lacks one). The log is incomplete; restore it from a backup, or read the table with the engine that wrote it.`,
    });
    this.version = options.version;
  }
}
