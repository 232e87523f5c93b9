import { formatDecimal } from '../arrow/values.js';

/**
 * A decimal bound, kept exact (unscaled digits and scale) because a JavaScript number cannot
 * hold `decimal(38,s)`. Delta writes it as a JSON number with the column's scale (`1.50`).
 *
 * @example
 * ```ts
 * import { StatsDecimal } from '@silt/parquet-io';
 * String(new StatsDecimal(150n, 2)); // '1.50'
 * ```
 */
export class StatsDecimal {
  constructor(
    /** The value times 10^scale. */
    readonly unscaled: bigint,
    /** Digits after the point, the column's scale. */
    readonly scale: number,
  ) {}

  /** Plain decimal text with exactly `scale` digits after the point. */
  toString(): string {
    return formatDecimal(this.unscaled, this.scale);
  }
}

/**
 * One min or max value, in the form Delta's JSON carries it:
 * - `byte`, `short`, `integer`, `float`, `double`: number (`NaN` and infinities included: a
 *   `NaN` max means the file holds a NaN, which sorts above every number as in Spark)
 * - `long`: bigint, every digit
 * - `decimal(p,s)`: {@link StatsDecimal}
 * - `date`: `YYYY-MM-DD`
 * - `timestamp`: `YYYY-MM-DDTHH:MM:SS.mmmZ`, `timestamp_ntz`: the same without `Z`, in
 *   milliseconds (min rounded down, max rounded up, so that both stay bounds)
 * - `string`: a prefix of the min; the max cut to a prefix and closed by a tie-breaker character
 */
export type StatsValue = number | bigint | string | StatsDecimal;

/** Min or max values mirroring the data schema: structs are nested objects. */
export interface StatsValues {
  [column: string]: StatsValue | StatsValues;
}

/** Null counts mirroring the data schema: structs are nested objects, every other column a count. */
export interface NullCounts {
  [column: string]: number | NullCounts;
}

/**
 * The per-file statistics of a Delta `add` action ("Per-file Statistics" in the Delta
 * protocol), as plain objects. {@link statsToJson} writes them as `add.stats`.
 */
export interface DeltaStats {
  /** Rows in the file. */
  numRecords: number;
  /** Per column, a value less than or equal to every non-null value; absent when all are null. */
  minValues: StatsValues;
  /** Per column, a value greater than or equal to every non-null value; absent when all are null. */
  maxValues: StatsValues;
  /** Per column (arrays and maps included), the rows where it is null or inside a null struct. */
  nullCount: NullCounts;
  /** Present only when asked for (tables with deletion vectors): whether the bounds are tight. */
  tightBounds?: boolean;
}

/** Which columns get statistics, and how strings are cut. */
export interface DeltaStatsOptions {
  /**
   * `delta.dataSkippingNumIndexedCols`: statistics for the first N leaf columns in schema
   * order, struct fields counted one by one. Default 32; -1 for every column.
   */
  numIndexedCols?: number;
  /**
   * `delta.dataSkippingStatsColumns`: dotted column paths (`` a.`b.c` `` quotes a name holding a
   * dot), matched case-insensitively; a struct named whole includes all its fields. Takes
   * precedence over `numIndexedCols`.
   */
  statsColumns?: string[];
  /** Code points kept of string bounds (Spark's `stats.skipping.string.prefixLength`). Default 32. */
  stringPrefixLength?: number;
  /** Adds `tightBounds` to the statistics, as writers of tables with deletion vectors do. */
  tightBounds?: boolean;
}
