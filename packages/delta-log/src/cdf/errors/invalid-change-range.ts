import { SiltError } from '@silt/parquet-io';

/**
 * The range of a change data feed read is not valid: no start given, both a version and a
 * timestamp for one end, a start after the latest version, or an end before the start.
 */
export class InvalidChangeRange extends SiltError {
  static readonly code = 'SILT_InvalidChangeRange';
  /** What is wrong. */
  readonly reason: string;

  constructor(options: { reason: string }) {
    super({
      code: InvalidChangeRange.code,
      message: `Cannot read the change data feed: ${options.reason}.`,
    });
    this.reason = options.reason;
  }
}
