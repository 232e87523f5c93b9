import { SiltError } from '@silt/parquet-io';

/**
 * The requested table version is not available: it was never committed, or the log entries
 * needed to rebuild it were cleaned up (log retention).
 */
export class VersionNotFound extends SiltError {
  static readonly code = 'SILT_VersionNotFound';
  /** The version asked for. */
  readonly version: number;
  /** The earliest version that can be read. */
  readonly earliest: number;
  /** The latest version of the table. */
  readonly latest: number;

  constructor(options: { version: number; earliest: number; latest: number }) {
    super({
      code: VersionNotFound.code,
      message: `Version ${options.version} of the table is not available: versions ${options.earliest} to ${options.latest} can be read. Ask for a version in that range (older versions were never written or their log was cleaned up).`,
    });
    this.version = options.version;
    this.earliest = options.earliest;
    this.latest = options.latest;
  }
}
