import type * as arrow from 'apache-arrow';
import { deltaSchemaToArrow } from '../types/arrow-schema.js';
import type { StructType } from '../types/delta-type.js';
import { createMinMax } from './create-min-max.js';
import type { DeltaStats, DeltaStatsOptions, NullCounts, StatsValues } from './delta-stats.js';
import type { MinMaxAccumulator } from './min-max-accumulators.js';
import { type StatsNode, selectStatsColumns } from './stats-columns.js';
import { StatsError } from './stats-error.js';
import { validity } from './validity.js';

/** Default of `delta.dataSkippingNumIndexedCols` (Spark's DATA_SKIPPING_NUM_INDEXED_COLS_DEFAULT_VALUE). */
export const DEFAULT_NUM_INDEXED_COLS = 32;
/** Default of Spark's `spark.databricks.delta.stats.skipping.string.prefixLength`. */
export const DEFAULT_STRING_PREFIX_LENGTH = 32;

/** Delta statistics of one file, gathered batch by batch as the file is written. */
export interface StatsCollector {
  /** Rows seen so far. */
  readonly numRecords: number;
  /**
   * Folds in a batch (or every batch of a table) of the collector's schema.
   *
   * @throws {StatsError} when the batch's columns differ from the collector's schema.
   */
  add(data: arrow.RecordBatch | arrow.Table): void;
  /** The statistics of every batch added so far. Adding more afterwards is allowed. */
  finish(): DeltaStats;
}

interface LeafState {
  kind: 'leaf';
  name: string;
  index: number;
  nullCount: number;
  minMax: MinMaxAccumulator | undefined;
}

interface StructState {
  kind: 'struct';
  name: string;
  index: number;
  children: ColumnState[];
  /** Whether some leaf below carries min/max: only then does the struct appear in min/max. */
  hasMinMax: boolean;
}

type ColumnState = LeafState | StructState;

/**
 * Starts collecting Delta per-file statistics for a file written batch by batch: only the
 * running counts and bounds are kept, never the batches. `finish()` gives what
 * {@link computeDeltaStats} gives for all the batches at once.
 *
 * @param schema the Arrow schema of the file's batches, or its Delta schema.
 * @example
 * ```ts
 * import { createStatsCollector, statsToJson } from '@silt/parquet-io';
 * const collector = createStatsCollector(table.schema, { numIndexedCols: 32 });
 * for (const batch of table.batches) collector.add(batch);
 * const stats = statsToJson(collector.finish()); // '{"numRecords":3,"minValues":{…},…}'
 * ```
 * @throws {StatsError} when an option is out of range or a `statsColumns` path is malformed.
 */
export function createStatsCollector(
  schema: arrow.Schema | StructType,
  options: DeltaStatsOptions = {},
): StatsCollector {
  // Duck-typed rather than instanceof: batches may come from another copy of apache-arrow.
  const arrowSchema =
    (schema as StructType).type === 'struct'
      ? deltaSchemaToArrow(schema as StructType)
      : (schema as arrow.Schema);
  const { numIndexedCols, statsColumns, stringPrefixLength } = validateOptions(options);
  const columns = selectStatsColumns(arrowSchema.fields, numIndexedCols, statsColumns).map((node) =>
    stateOf(node, stringPrefixLength),
  );
  let numRecords = 0;

  const addBatch = (batch: arrow.RecordBatch): void => {
    if (batch.schema !== arrowSchema && !sameColumns(batch.schema.fields, arrowSchema.fields)) {
      throw new StatsError({
        reason: `a batch has columns (${describe(batch.schema.fields)}) other than the collector's (${describe(arrowSchema.fields)})`,
        hint: 'Collect the statistics of each file with a collector made for its schema.',
      });
    }
    numRecords += batch.numRows;
    for (const column of columns) visit(column, batch.data.children[column.index]!, undefined);
  };

  return {
    get numRecords() {
      return numRecords;
    },
    add(data) {
      if ('batches' in data) for (const batch of data.batches) addBatch(batch);
      else addBatch(data);
    },
    finish() {
      const stats: DeltaStats = {
        numRecords,
        minValues: bounds(columns, (minMax) => minMax.min()),
        maxValues: bounds(columns, (minMax) => minMax.max()),
        nullCount: nullCounts(columns),
      };
      if (options.tightBounds !== undefined) stats.tightBounds = options.tightBounds;
      return stats;
    },
  };
}

function validateOptions(options: DeltaStatsOptions): {
  numIndexedCols: number;
  statsColumns: string[] | undefined;
  stringPrefixLength: number;
} {
  const numIndexedCols = options.numIndexedCols ?? DEFAULT_NUM_INDEXED_COLS;
  if (!Number.isInteger(numIndexedCols) || numIndexedCols < -1) {
    throw new StatsError({
      reason: `numIndexedCols must be an integer of -1 or more, got ${numIndexedCols}`,
      hint: 'Use -1 for statistics on every column (delta.dataSkippingNumIndexedCols accepts -1 and up).',
    });
  }
  const stringPrefixLength = options.stringPrefixLength ?? DEFAULT_STRING_PREFIX_LENGTH;
  if (!Number.isInteger(stringPrefixLength) || stringPrefixLength < 1) {
    throw new StatsError({
      reason: `stringPrefixLength must be a positive integer, got ${stringPrefixLength}`,
      hint: 'Delta writers keep 32 code points of string bounds by default.',
    });
  }
  const statsColumns = options.statsColumns;
  if (
    statsColumns !== undefined &&
    (!Array.isArray(statsColumns) || statsColumns.some((path) => typeof path !== 'string'))
  ) {
    throw new StatsError({
      reason: 'statsColumns must be an array of column paths',
      hint: "Pass the names of delta.dataSkippingStatsColumns split at commas, such as ['id', 'address.city'].",
    });
  }
  return { numIndexedCols, statsColumns, stringPrefixLength };
}

function stateOf(node: StatsNode, prefixLength: number): ColumnState {
  if (node.kind === 'struct') {
    const children = node.children.map((child) => stateOf(child, prefixLength));
    const hasMinMax = children.some((child) =>
      child.kind === 'leaf' ? child.minMax !== undefined : child.hasMinMax,
    );
    return { kind: 'struct', name: node.name, index: node.index, children, hasMinMax };
  }
  return {
    kind: 'leaf',
    name: node.name,
    index: node.index,
    nullCount: 0,
    minMax:
      node.minMax === undefined
        ? undefined
        : createMinMax(node.field.type, node.minMax, prefixLength),
  };
}

function visit(column: ColumnState, data: arrow.Data, parent: Uint8Array | undefined): void {
  const rows = validity(data, parent);
  if (column.kind === 'struct') {
    // The struct's own nulls are not counted (Spark keeps counts for leaves only), but they
    // make every field below null.
    for (const child of column.children) visit(child, data.children[child.index]!, rows.mask);
    return;
  }
  column.nullCount += rows.nulls;
  column.minMax?.add(data, rows.mask);
}

/**
 * Min or max values in Spark's shape: a struct appears when a field below carries min/max,
 * even if all its values are null (Spark writes `{}` for it then); a leaf only when it has a value.
 */
function bounds(
  columns: ColumnState[],
  pick: (minMax: MinMaxAccumulator) => StatsValues[string] | undefined,
): StatsValues {
  const out: StatsValues = {};
  for (const column of columns) {
    if (column.kind === 'struct') {
      if (column.hasMinMax) out[column.name] = bounds(column.children, pick);
    } else if (column.minMax) {
      const value = pick(column.minMax);
      if (value !== undefined) out[column.name] = value;
    }
  }
  return out;
}

function nullCounts(columns: ColumnState[]): NullCounts {
  const out: NullCounts = {};
  for (const column of columns) {
    out[column.name] = column.kind === 'struct' ? nullCounts(column.children) : column.nullCount;
  }
  return out;
}

function sameColumns(a: readonly arrow.Field[], b: readonly arrow.Field[]): boolean {
  return (
    a.length === b.length &&
    a.every((field, k) => field.name === b[k]!.name && String(field.type) === String(b[k]!.type))
  );
}

function describe(fields: readonly arrow.Field[]): string {
  return fields.map((field) => `${field.name}: ${String(field.type)}`).join(', ');
}
