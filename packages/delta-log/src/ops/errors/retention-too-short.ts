import { SiltError } from '@silt/parquet-io';

/**
 * VACUUM was asked to delete files younger than the table's `delta.deletedFileRetentionDuration`
 * (default 7 days), which can break concurrent readers and writers and time travel to recent
 * versions. Nothing was deleted and nothing was committed.
 */
export class RetentionTooShort extends SiltError {
  static readonly code = 'SILT_RetentionTooShort';
  /** The retention asked for, in milliseconds. */
  readonly retentionMillis: number;
  /** The table's configured retention (`delta.deletedFileRetentionDuration`), in milliseconds. */
  readonly minimumMillis: number;

  constructor(options: { retentionMillis: number; minimumMillis: number }) {
    const minimumHours = Math.ceil(options.minimumMillis / HOUR);
    super({
      code: RetentionTooShort.code,
      message: `A VACUUM retention of ${formatHours(options.retentionMillis)} is shorter than the table's ${minimumHours} hours (delta.deletedFileRetentionDuration): files that concurrent readers, writers or time travel still need could be deleted. Use a retention of at least ${minimumHours} hours or, only when no other operation is running on the table, turn the check off with enforceRetentionDuration: false. Nothing was deleted.`,
    });
    this.retentionMillis = options.retentionMillis;
    this.minimumMillis = options.minimumMillis;
  }
}

const HOUR = 3_600_000;

function formatHours(millis: number): string {
  const hours = millis / HOUR;
  const text = Number.isInteger(hours) ? String(hours) : hours.toFixed(2).replace(/0+$/, '');
  return `${text} ${hours === 1 ? 'hour' : 'hours'}`;
}
