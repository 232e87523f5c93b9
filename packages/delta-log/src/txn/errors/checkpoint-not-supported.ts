import { SiltError } from '@silt/parquet-io';

/**
 * Silt cannot write a checkpoint of this table: its protocol needs a writer feature that changes
 * how the log is published (commits staged with a catalog or a commit coordinator, not yet in
 * `_delta_log/`), and a checkpoint written without it would skip commits.
 */
export class CheckpointNotSupported extends SiltError {
  static readonly code = 'SILT_CheckpointNotSupported';
  /** The table version asked for. */
  readonly version: number;
  /** The writer features that stand in the way. */
  readonly features: readonly string[];

  constructor(options: { version: number; features: readonly string[] }) {
    super({
      code: CheckpointNotSupported.code,
      message: `Silt cannot write a checkpoint of version ${options.version}: the table uses the writer features ${options.features.map((feature) => `"${feature}"`).join(', ')}, which Silt does not implement. Let the engine that manages the table (its catalog or commit coordinator) write checkpoints.`,
    });
    this.version = options.version;
    this.features = [...options.features];
  }
}
