/**
 * The per-file statistics of an `add` action (PROTOCOL.md, "Per-file Statistics"), as the JSON of
 * `add.stats` holds them. Values are kept raw: what they mean depends on the column type, which
 * {@link createDataSkippingFilter} knows.
 */

/** Min or max values, or null counts, mirroring the (physical) schema: structs nest. */
export interface StatisticsValues {
  readonly [column: string]: unknown;
}

/** Parsed `add.stats`. Every field may be missing: writers collect what they choose. */
export interface FileStatistics {
  /** Rows in the data file (deleted rows of a deletion vector included). */
  readonly numRecords?: number | bigint;
  /** Whether min and max are tight (default true); wide bounds still bound the valid rows. */
  readonly tightBounds?: boolean;
  readonly minValues?: StatisticsValues;
  readonly maxValues?: StatisticsValues;
  readonly nullCount?: StatisticsValues;
}

/**
 * Parses `add.stats`. Statistics only ever help to skip files, so text that is missing, not JSON
 * or not an object gives `undefined` (the file is read) rather than an error. Longs beyond 2^53
 * lose digits in `JSON.parse`; data skipping widens such bounds instead of trusting them.
 */
export function parseFileStatistics(json: string | null | undefined): FileStatistics | undefined {
  if (json === null || json === undefined || json === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const objectOrUndefined = (value: unknown): StatisticsValues | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as StatisticsValues)
      : undefined;
  const numRecords = record.numRecords;
  return {
    ...(typeof numRecords === 'number' || typeof numRecords === 'bigint' ? { numRecords } : {}),
    ...(typeof record.tightBounds === 'boolean' ? { tightBounds: record.tightBounds } : {}),
    ...(objectOrUndefined(record.minValues)
      ? { minValues: objectOrUndefined(record.minValues) }
      : {}),
    ...(objectOrUndefined(record.maxValues)
      ? { maxValues: objectOrUndefined(record.maxValues) }
      : {}),
    ...(objectOrUndefined(record.nullCount)
      ? { nullCount: objectOrUndefined(record.nullCount) }
      : {}),
  };
}

/** The value at a column path in min / max / null count values, or undefined. */
export function statisticAt(
  values: StatisticsValues | undefined,
  path: readonly string[],
): unknown {
  let current: unknown = values;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, part))
      return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
