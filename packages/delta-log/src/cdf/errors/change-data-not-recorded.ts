import { SiltError } from '@silt/parquet-io';

/**
 * The change data feed was not recorded for a version of the asked-for range: the table did
 * not have `delta.enableChangeDataFeed` set to true at that version (Spark:
 * DELTA_MISSING_CHANGE_DATA). Nothing was read.
 */
export class ChangeDataNotRecorded extends SiltError {
  static readonly code = 'SILT_ChangeDataNotRecorded';
  /** The first version of the range without change data. */
  readonly version: number;
  /** The range asked for, inclusive. */
  readonly start: number;
  readonly end: number;

  constructor(options: { version: number; start: number; end: number }) {
    super({
      code: ChangeDataNotRecorded.code,
      message: `Error getting change data for range [${options.start} , ${options.end}] as change data was not recorded for version [${options.version}]: delta.enableChangeDataFeed was not true then. Read changes from a range in which the feed was enabled (set the table property delta.enableChangeDataFeed = true before the changes you want to read).`,
    });
    this.version = options.version;
    this.start = options.start;
    this.end = options.end;
  }
}
