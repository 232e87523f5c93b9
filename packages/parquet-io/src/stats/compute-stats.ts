import * as arrow from 'apache-arrow';
import type { DeltaStats, DeltaStatsOptions } from './delta-stats.js';
import { createStatsCollector } from './stats-collector.js';

/**
 * Computes the Delta per-file statistics (`add.stats`) of the data of one file, as Spark and
 * delta-rs write them: `numRecords`; `nullCount` of every indexed column; `minValues` and
 * `maxValues` of the numeric, date, timestamp and string ones. Write them with
 * {@link statsToJson}; for a file written batch by batch, use {@link createStatsCollector}.
 *
 * Partition columns are not in data files, so leave them out of `data`.
 *
 * @param data a table, or the record batches of one file (an empty array gives `numRecords: 0`
 *   and no column statistics, since there is no schema to describe).
 * @example
 * ```ts
 * import { computeDeltaStats, statsToJson, tableFromRows, parseDdl } from '@silt/parquet-io';
 * const table = tableFromRows(parseDdl('id BIGINT, name STRING'), [{ id: 1n, name: 'a' }, { id: 2n, name: null }]);
 * statsToJson(computeDeltaStats(table));
 * // {"numRecords":2,"minValues":{"id":1,"name":"a"},"maxValues":{"id":2,"name":"a"},"nullCount":{"id":0,"name":1}}
 * ```
 * @throws {StatsError} when an option is out of range, a `statsColumns` path is malformed, or
 *   the batches do not share one schema.
 */
export function computeDeltaStats(
  data: arrow.Table | arrow.RecordBatch[],
  options: DeltaStatsOptions = {},
): DeltaStats {
  const batches = Array.isArray(data) ? data : data.batches;
  // No batch, no schema: an empty one still validates the options and gives numRecords 0.
  const schema = Array.isArray(data) ? (data[0]?.schema ?? new arrow.Schema([])) : data.schema;
  const collector = createStatsCollector(schema, options);
  for (const batch of batches) collector.add(batch);
  return collector.finish();
}
