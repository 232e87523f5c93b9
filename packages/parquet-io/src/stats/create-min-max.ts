import * as arrow from 'apache-arrow';
import type { StatsValue } from './delta-stats.js';
import {
  DecimalBounds,
  FloatBounds,
  Int64Bounds,
  type MinMaxAccumulator,
  SmallIntBounds,
  StringBounds,
} from './min-max-accumulators.js';
import type { MinMaxKind } from './min-max-kind.js';
import {
  daysOfMillis,
  formatStatsDate,
  formatStatsTimestamp,
  maxTimestampMillis,
  minTimestampMillis,
} from './temporal-bounds.js';
import { validity } from './validity.js';

/** The accumulator for a column of `type` whose min/max kind is `kind`. */
export function createMinMax(
  type: arrow.DataType,
  kind: MinMaxKind,
  prefixLength: number,
): MinMaxAccumulator {
  if (arrow.DataType.isDictionary(type)) {
    return new DictionaryBounds(createMinMax(type.dictionary, kind, prefixLength));
  }
  switch (kind) {
    case 'integer':
      return new SmallIntBounds((value) => value);
    case 'long':
      return new Int64Bounds(identity, identity);
    case 'float':
    case 'double':
      return new FloatBounds((type as arrow.Float).precision === arrow.Precision.HALF);
    case 'decimal': {
      const decimal = type as arrow.Decimal;
      return new DecimalBounds(decimal.bitWidth, decimal.scale);
    }
    case 'date':
      if ((type as arrow.Date_).unit === arrow.DateUnit.DAY)
        return new SmallIntBounds(formatStatsDate);
      return new Int64Bounds(
        (millis) => formatStatsDate(daysOfMillis(millis)),
        (millis) => formatStatsDate(daysOfMillis(millis)),
      );
    case 'timestamp':
    case 'timestamp_ntz': {
      const unit = (type as arrow.Timestamp).unit;
      const utc = kind === 'timestamp';
      return new Int64Bounds(
        (raw) => formatStatsTimestamp(minTimestampMillis(raw, unit), utc),
        (raw) => formatStatsTimestamp(maxTimestampMillis(raw, unit), utc),
      );
    }
    case 'string':
      return new StringBounds(prefixLength);
  }
}

function identity(value: bigint): StatsValue {
  return value;
}

/**
 * Dictionary-encoded columns: the bounds are those of the dictionary entries that valid rows
 * use, so the value accumulator runs once over the dictionary with a mask of the used entries.
 */
class DictionaryBounds implements MinMaxAccumulator {
  constructor(private readonly values: MinMaxAccumulator) {}

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const dictionary = data.dictionary;
    if (!dictionary || data.length === 0) return;
    const keys = data.values as ArrayLike<number | bigint>;
    const used = new Uint8Array(dictionary.length);
    for (let row = 0; row < data.length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      used[Number(keys[row])] = 1;
    }
    let base = 0;
    for (const chunk of dictionary.data) {
      // A dictionary entry may itself be null; validity() folds that in.
      const entries = validity(chunk, used.subarray(base, base + chunk.length));
      this.values.add(chunk, entries.mask);
      base += chunk.length;
    }
  }

  min(): StatsValue | undefined {
    return this.values.min();
  }

  max(): StatsValue | undefined {
    return this.values.max();
  }
}
