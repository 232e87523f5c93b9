import { SiltError } from '@silt/parquet-io';

/** Replaying the log found no `protocol` action: the table's reader and writer requirements are unknown. */
export class MissingProtocol extends SiltError {
  static readonly code = 'SILT_MissingProtocol';
  /** The version being read. */
  readonly version: number;

  constructor(options: { version: number }) {
    super({
      code: MissingProtocol.code,
      message: `The log of the table at version ${options.version} has no protocol action (its checkpoint or first commit lacks one). The log is incomplete; restore it from a backup, or read the table with the engine that wrote it.`,
    });
    this.version = options.version;
  }
}
