import { InvalidTableProperty } from './errors/invalid-table-property.js';
import { parseIntervalMilliseconds } from './interval.js';

/** How columns are resolved in data files (PROTOCOL.md, "Column Mapping"). */
export type ColumnMappingMode = 'none' | 'id' | 'name';

/**
 * The `delta.*` table properties Silt interprets, parsed and with the defaults of Delta Lake.
 * Durations are in milliseconds.
 */
export interface TableProperties {
  /** `delta.appendOnly`: writers may not remove data. Default false. */
  appendOnly: boolean;
  /** `delta.checkpointInterval`: commits between checkpoints. Default 10. */
  checkpointInterval: number;
  /** `delta.checkpoint.writeStatsAsJson`: checkpoints keep `add.stats` as JSON. Default true. */
  checkpointWriteStatsAsJson: boolean;
  /** `delta.checkpoint.writeStatsAsStruct`: checkpoints add `stats_parsed` / `partitionValues_parsed`. Default false. */
  checkpointWriteStatsAsStruct: boolean;
  /** `delta.columnMapping.mode`. Default `none`. */
  columnMappingMode: ColumnMappingMode;
  /** `delta.dataSkippingNumIndexedCols`: leading columns with statistics; -1 for all. Default 32. */
  dataSkippingNumIndexedCols: number;
  /**
   * `delta.dataSkippingStatsColumns`: the columns with statistics (overrides the count), as
   * written, comma-separated entries trimmed (backquoted names keep their backquotes). Default none.
   */
  dataSkippingStatsColumns: string[] | undefined;
  /** `delta.deletedFileRetentionDuration`: how long tombstones protect removed files from VACUUM. Default 1 week. */
  deletedFileRetentionDuration: number;
  /** `delta.enableChangeDataFeed`. Default false. */
  enableChangeDataFeed: boolean;
  /** `delta.enableDeletionVectors`: writers may write deletion vectors. Default false. */
  enableDeletionVectors: boolean;
  /** `delta.enableInCommitTimestamps`. Default false. */
  enableInCommitTimestamps: boolean;
  /** `delta.inCommitTimestampEnablementVersion`: the first version with in-commit timestamps, when enabled after creation. */
  inCommitTimestampEnablementVersion: number | undefined;
  /** `delta.inCommitTimestampEnablementTimestamp`: the in-commit timestamp of that version. */
  inCommitTimestampEnablementTimestamp: number | undefined;
  /** `delta.logRetentionDuration`: how long log entries are kept for time travel. Default 30 days. */
  logRetentionDuration: number;
}

const DAY = 86_400_000;

/**
 * Parses the table properties Silt interprets out of a `metaData.configuration`. Keys are
 * matched exactly (Delta writes them in this case); unknown keys are ignored.
 *
 * @example
 * ```ts
 * import { parseTableProperties } from '@silt/delta-log';
 * parseTableProperties({ 'delta.logRetentionDuration': 'interval 7 days' }).logRetentionDuration; // 604800000
 * ```
 * @throws {InvalidTableProperty} when a property has a value of the wrong form.
 */
export function parseTableProperties(
  configuration: Readonly<Record<string, string>>,
): TableProperties {
  const read = new PropertyReader(configuration);
  return {
    appendOnly: read.boolean('delta.appendOnly', false),
    checkpointInterval: read.integer('delta.checkpointInterval', 10, 1),
    checkpointWriteStatsAsJson: read.boolean('delta.checkpoint.writeStatsAsJson', true),
    checkpointWriteStatsAsStruct: read.boolean('delta.checkpoint.writeStatsAsStruct', false),
    columnMappingMode: read.columnMappingMode(),
    dataSkippingNumIndexedCols: read.integer('delta.dataSkippingNumIndexedCols', 32, -1),
    dataSkippingStatsColumns: read.list('delta.dataSkippingStatsColumns'),
    deletedFileRetentionDuration: read.duration('delta.deletedFileRetentionDuration', 7 * DAY),
    enableChangeDataFeed: read.boolean('delta.enableChangeDataFeed', false),
    enableDeletionVectors: read.boolean('delta.enableDeletionVectors', false),
    enableInCommitTimestamps: read.boolean('delta.enableInCommitTimestamps', false),
    inCommitTimestampEnablementVersion: read.optionalInteger(
      'delta.inCommitTimestampEnablementVersion',
      0,
    ),
    inCommitTimestampEnablementTimestamp: read.optionalInteger(
      'delta.inCommitTimestampEnablementTimestamp',
      Number.MIN_SAFE_INTEGER,
    ),
    logRetentionDuration: read.duration('delta.logRetentionDuration', 30 * DAY),
  };
}

class PropertyReader {
  constructor(private readonly configuration: Readonly<Record<string, string>>) {}

  private value(key: string): string | undefined {
    const value = this.configuration[key];
    return value === undefined ? undefined : value.trim();
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value(key);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new InvalidTableProperty({ key, value, expected: 'true or false' });
  }

  optionalInteger(key: string, minimum: number): number | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    const number = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < minimum) {
      throw new InvalidTableProperty({ key, value, expected: `an integer of at least ${minimum}` });
    }
    return number;
  }

  integer(key: string, fallback: number, minimum: number): number {
    return this.optionalInteger(key, minimum) ?? fallback;
  }

  duration(key: string, fallback: number): number {
    const value = this.value(key);
    if (value === undefined) return fallback;
    const milliseconds = parseIntervalMilliseconds(value);
    if (milliseconds === undefined) {
      throw new InvalidTableProperty({
        key,
        value,
        expected: 'a duration such as "interval 30 days" (weeks, days, hours, minutes, seconds)',
      });
    }
    return milliseconds;
  }

  list(key: string): string[] | undefined {
    const value = this.value(key);
    if (value === undefined) return undefined;
    if (value === '') return [];
    // Commas inside backquoted names do not separate entries.
    const entries: string[] = [];
    let current = '';
    let quoted = false;
    for (const character of value) {
      if (character === '`') quoted = !quoted;
      if (character === ',' && !quoted) {
        entries.push(current.trim());
        current = '';
      } else current += character;
    }
    entries.push(current.trim());
    if (quoted || entries.some((entry) => entry === '')) {
      throw new InvalidTableProperty({
        key,
        value,
        expected: 'a comma-separated list of column names',
      });
    }
    return entries;
  }

  columnMappingMode(): ColumnMappingMode {
    const key = 'delta.columnMapping.mode';
    const value = this.value(key);
    if (value === undefined) return 'none';
    const lower = value.toLowerCase();
    if (lower === 'none' || lower === 'id' || lower === 'name') return lower;
    throw new InvalidTableProperty({ key, value, expected: 'none, id or name' });
  }
}
