import { SiltError } from '@silt/parquet-io';

/**
 * Time travel by timestamp asked for a time before the earliest readable commit, or after the
 * latest commit (as Apache Spark does for `TIMESTAMP AS OF`: a later time would silently read a
 * version that may still change).
 */
export class TimestampOutOfRange extends SiltError {
  static readonly code = 'SILT_TimestampOutOfRange';
  /** The time asked for, in milliseconds since the epoch. */
  readonly timestamp: number;
  /** The commit time of the earliest readable version, in milliseconds since the epoch. */
  readonly earliest: number;
  /** The commit time of the latest version, in milliseconds since the epoch. */
  readonly latest: number;

  constructor(options: { timestamp: number; earliest: number; latest: number }) {
    const at = iso(options.timestamp);
    const message =
      options.timestamp < options.earliest
        ? `The timestamp ${at} is before the earliest available commit of the table (${iso(options.earliest)}). Use a timestamp at or after ${iso(options.earliest)}.`
        : `The timestamp ${at} is after the latest commit of the table (${iso(options.latest)}). Use a timestamp at or before ${iso(options.latest)}, or read the latest version without a timestamp.`;
    super({ code: TimestampOutOfRange.code, message });
    this.timestamp = options.timestamp;
    this.earliest = options.earliest;
    this.latest = options.latest;
  }
}

function iso(milliseconds: number): string {
  const date = new Date(milliseconds);
  return Number.isNaN(date.getTime()) ? String(milliseconds) : date.toISOString();
}
