import * as arrow from 'apache-arrow';
import { StatsDecimal, type StatsValue } from './delta-stats.js';
import { compareBytes, truncateMaxString, truncateMinString } from './string-bounds.js';

/**
 * Running min and max of one column across batches. Each accumulator reads the column's
 * buffers directly (no per-row boxing), keeps only the current bounds, and converts them to
 * their JSON form once, at the end.
 */
export interface MinMaxAccumulator {
  /** Folds in the rows whose `mask` byte is 1 (every row when `mask` is undefined). */
  add(data: arrow.Data, mask: Uint8Array | undefined): void;
  min(): StatsValue | undefined;
  max(): StatsValue | undefined;
}

/** byte, short, integer, and dates as days: values that a JavaScript number holds exactly. */
export class SmallIntBounds implements MinMaxAccumulator {
  private low = Number.POSITIVE_INFINITY;
  private high = Number.NEGATIVE_INFINITY;

  constructor(private readonly format: (value: number) => StatsValue) {}

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const values = data.values as Int8Array | Int16Array | Int32Array;
    const length = data.length;
    let low = this.low;
    let high = this.high;
    for (let row = 0; row < length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      const value = values[row]!;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    this.low = low;
    this.high = high;
  }

  min(): StatsValue | undefined {
    return this.low === Number.POSITIVE_INFINITY ? undefined : this.format(this.low);
  }

  max(): StatsValue | undefined {
    return this.high === Number.NEGATIVE_INFINITY ? undefined : this.format(this.high);
  }
}

/**
 * float and double, ordered as Spark orders them (`SQLOrderingUtil.compareDoubles`): NaN above
 * every number, -0.0 equal to 0.0 (the first one seen is kept). So a file holding a NaN has the
 * max NaN, and a NaN min means every value is NaN. Spark's metadata-only MIN/MAX queries
 * (OptimizeMetadataOnlyDeltaQuery) answer from these bounds, so they must be exact; Parquet
 * footers leave NaN out instead, which would let a `x > 5` or `x = NaN` filter skip the file.
 */
export class FloatBounds implements MinMaxAccumulator {
  private low = 0;
  private high = 0;
  private seen = false;
  private nan = false;

  constructor(private readonly half: boolean) {}

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const values = data.values as Float32Array | Float64Array | Uint16Array;
    const length = data.length;
    const half = this.half;
    let { low, high, seen, nan } = this;
    for (let row = 0; row < length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      const value = half ? arrow.util.uint16ToFloat64(values[row]!) : values[row]!;
      if (Number.isNaN(value)) {
        nan = true;
      } else if (!seen) {
        low = value;
        high = value;
        seen = true;
      } else {
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
    Object.assign(this, { low, high, seen, nan });
  }

  min(): StatsValue | undefined {
    if (this.seen) return this.low;
    return this.nan ? Number.NaN : undefined;
  }

  max(): StatsValue | undefined {
    if (this.nan) return Number.NaN;
    return this.seen ? this.high : undefined;
  }
}

/**
 * 64-bit integers: long, timestamps in their unit, dates in milliseconds. Rows are compared as
 * (signed high word, unsigned low word) pairs, so that no bigint is made per row; only the two
 * winners of a batch become bigints.
 */
export class Int64Bounds implements MinMaxAccumulator {
  private low: bigint | undefined;
  private high: bigint | undefined;

  constructor(
    private readonly formatMin: (value: bigint) => StatsValue,
    private readonly formatMax: (value: bigint) => StatsValue,
  ) {}

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const length = data.length;
    if (length === 0) return;
    const values = data.values as BigInt64Array;
    const words = new Int32Array(values.buffer, values.byteOffset, length * 2);
    let lowAt = -1;
    let highAt = -1;
    let lowHi = 0;
    let lowLo = 0;
    let highHi = 0;
    let highLo = 0;
    for (let row = 0; row < length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      // Little-endian: the low word first. The high word carries the sign.
      const hi = words[2 * row + 1]!;
      const lo = words[2 * row]! >>> 0;
      if (lowAt < 0) {
        lowAt = highAt = row;
        lowHi = highHi = hi;
        lowLo = highLo = lo;
      } else if (hi < lowHi || (hi === lowHi && lo < lowLo)) {
        lowAt = row;
        lowHi = hi;
        lowLo = lo;
      } else if (hi > highHi || (hi === highHi && lo > highLo)) {
        highAt = row;
        highHi = hi;
        highLo = lo;
      }
    }
    if (lowAt < 0) return;
    const low = int64(lowHi, lowLo);
    const high = int64(highHi, highLo);
    if (this.low === undefined || low < this.low) this.low = low;
    if (this.high === undefined || high > this.high) this.high = high;
  }

  min(): StatsValue | undefined {
    return this.low === undefined ? undefined : this.formatMin(this.low);
  }

  max(): StatsValue | undefined {
    return this.high === undefined ? undefined : this.formatMax(this.high);
  }
}

function int64(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * Decimals, compared numerically on their two's complement words (Arrow stores them
 * little-endian, 32 bits a word): the highest word signed, the others unsigned.
 */
export class DecimalBounds implements MinMaxAccumulator {
  private low: bigint | undefined;
  private high: bigint | undefined;
  private readonly words: number;

  constructor(
    bitWidth: number,
    private readonly scale: number,
  ) {
    this.words = bitWidth / 32;
  }

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const values = data.values as Uint32Array;
    const length = data.length;
    const words = this.words;
    let lowAt = -1;
    let highAt = -1;
    for (let row = 0; row < length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      if (lowAt < 0) {
        lowAt = highAt = row;
      } else if (compareWords(values, row * words, lowAt * words, words) < 0) {
        lowAt = row;
      } else if (compareWords(values, row * words, highAt * words, words) > 0) {
        highAt = row;
      }
    }
    if (lowAt < 0) return;
    const low = readWords(values, lowAt * words, words);
    const high = readWords(values, highAt * words, words);
    if (this.low === undefined || low < this.low) this.low = low;
    if (this.high === undefined || high > this.high) this.high = high;
  }

  min(): StatsValue | undefined {
    return this.low === undefined ? undefined : new StatsDecimal(this.low, this.scale);
  }

  max(): StatsValue | undefined {
    return this.high === undefined ? undefined : new StatsDecimal(this.high, this.scale);
  }
}

function compareWords(values: Uint32Array, a: number, b: number, words: number): number {
  const highA = values[a + words - 1]! | 0;
  const highB = values[b + words - 1]! | 0;
  if (highA !== highB) return highA < highB ? -1 : 1;
  for (let k = words - 2; k >= 0; k--) {
    const x = values[a + k]!;
    const y = values[b + k]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function readWords(values: Uint32Array, at: number, words: number): bigint {
  let value = 0n;
  for (let k = words - 1; k >= 0; k--) value = (value << 32n) | BigInt(values[at + k]!);
  return BigInt.asIntN(words * 32, value);
}

const decoder = new TextDecoder();

/**
 * Strings, compared as UTF-8 bytes straight from the Arrow buffer (code point order, Spark's
 * and Parquet's order). The bounds are kept whole across batches and cut only at the end.
 */
export class StringBounds implements MinMaxAccumulator {
  private low: Uint8Array | undefined;
  private high: Uint8Array | undefined;

  constructor(private readonly prefixLength: number) {}

  add(data: arrow.Data, mask: Uint8Array | undefined): void {
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const bytes = data.values as Uint8Array;
    const large = offsets instanceof BigInt64Array;
    const length = data.length;
    let lowStart = -1;
    let lowEnd = -1;
    let highStart = -1;
    let highEnd = -1;
    for (let row = 0; row < length; row++) {
      if (mask !== undefined && mask[row] === 0) continue;
      const start = large ? Number(offsets[row]) : (offsets[row] as number);
      const end = large ? Number(offsets[row + 1]) : (offsets[row + 1] as number);
      if (lowStart < 0) {
        lowStart = highStart = start;
        lowEnd = highEnd = end;
      } else if (compareBytes(bytes, start, end, bytes, lowStart, lowEnd) < 0) {
        lowStart = start;
        lowEnd = end;
      } else if (compareBytes(bytes, start, end, bytes, highStart, highEnd) > 0) {
        highStart = start;
        highEnd = end;
      }
    }
    if (lowStart < 0) return;
    const low = this.low;
    if (low === undefined || compareBytes(bytes, lowStart, lowEnd, low, 0, low.length) < 0) {
      this.low = bytes.slice(lowStart, lowEnd);
    }
    const high = this.high;
    if (high === undefined || compareBytes(bytes, highStart, highEnd, high, 0, high.length) > 0) {
      this.high = bytes.slice(highStart, highEnd);
    }
  }

  min(): StatsValue | undefined {
    return this.low === undefined
      ? undefined
      : truncateMinString(decoder.decode(this.low), this.prefixLength);
  }

  max(): StatsValue | undefined {
    return this.high === undefined
      ? undefined
      : truncateMaxString(decoder.decode(this.high), this.prefixLength);
  }
}
