/**
 * A set of row indexes (positions of rows in a data file, from 0) held the way Roaring holds
 * them: split by the high 32 bits into buckets, each bucket by the next 16 bits into containers
 * of at most 65,536 values stored as a sorted array, a bitmap or runs. Immutable; answers
 * membership in O(log n) and walks a range of rows without visiting the rest.
 */

/** Values of one container (the low 16 bits of its row indexes). */
export type Container =
  /** Sorted, distinct 16-bit values (up to 4,096 of them in the standard format). */
  | { readonly kind: 'array'; readonly values: Uint16Array }
  /** 65,536 bits as 2,048 little-endian 32-bit words. */
  | { readonly kind: 'bitmap'; readonly words: Uint32Array }
  /** Runs as `[start, lengthMinusOne]` pairs, sorted and not overlapping. */
  | { readonly kind: 'run'; readonly runs: Uint16Array };

/** The containers of one 32-bit bucket, keyed by the high 16 bits of the low 32 bits. */
export interface Bucket {
  /** The high 32 bits shared by every row index of the bucket. */
  readonly high: number;
  /** Container keys, strictly ascending, parallel to `containers`. */
  readonly keys: Uint16Array;
  readonly containers: readonly Container[];
}

const TWO_TO_32 = 2 ** 32;

/**
 * Row indexes deleted from a data file, decoded from a deletion vector.
 *
 * @example
 * ```ts
 * import { readDeletionVector } from '@silt/delta-log';
 * const deleted = await readDeletionVector(storage, add.deletionVector);
 * deleted.has(3); // true when row 3 of the file is deleted
 * deleted.cardinality; // how many rows are deleted
 * ```
 */
export class RowIndexSet {
  /** How many row indexes the set holds. */
  readonly cardinality: number;
  private readonly buckets: readonly Bucket[];

  /** Buckets must be sorted by `high`, each container non-empty and well-formed. */
  constructor(buckets: readonly Bucket[], cardinality: number) {
    this.buckets = buckets;
    this.cardinality = cardinality;
  }

  /** The empty set. */
  static readonly empty = new RowIndexSet([], 0);

  /** True when `rowIndex` is in the set. */
  has(rowIndex: number): boolean {
    if (!Number.isSafeInteger(rowIndex) || rowIndex < 0) return false;
    const high = Math.floor(rowIndex / TWO_TO_32);
    const low = rowIndex - high * TWO_TO_32;
    const bucket = findBucket(this.buckets, high);
    if (!bucket) return false;
    const position = binarySearch(bucket.keys, low >>> 16);
    if (position < 0) return false;
    return containerHas(bucket.containers[position]!, low & 0xffff);
  }

  /** Every row index, ascending. */
  *values(): IterableIterator<number> {
    for (const bucket of this.buckets) {
      for (let k = 0; k < bucket.keys.length; k++) {
        const base = bucket.high * TWO_TO_32 + bucket.keys[k]! * 65_536;
        for (const value of containerValues(bucket.containers[k]!)) yield base + value;
      }
    }
  }

  /**
   * A mask of the rows `[start, start + length)`: byte `k` is 1 when row `start + k` is in the set.
   * Scans use it to drop deleted rows batch by batch; only containers that overlap the range are
   * visited.
   */
  maskOfRange(start: number, length: number): Uint8Array {
    const mask = new Uint8Array(length);
    const end = start + length;
    for (const bucket of this.buckets) {
      const bucketStart = bucket.high * TWO_TO_32;
      if (bucketStart >= end || bucketStart + TWO_TO_32 <= start) continue;
      for (let k = 0; k < bucket.keys.length; k++) {
        const base = bucketStart + bucket.keys[k]! * 65_536;
        if (base >= end || base + 65_536 <= start) continue;
        for (const value of containerValues(bucket.containers[k]!)) {
          const rowIndex = base + value;
          if (rowIndex >= end) break;
          if (rowIndex >= start) mask[rowIndex - start] = 1;
        }
      }
    }
    return mask;
  }

  /** The buckets, for serialization. */
  get bucketList(): readonly Bucket[] {
    return this.buckets;
  }
}

function findBucket(buckets: readonly Bucket[], high: number): Bucket | undefined {
  let low = 0;
  let top = buckets.length - 1;
  while (low <= top) {
    const middle = (low + top) >>> 1;
    const bucket = buckets[middle]!;
    if (bucket.high === high) return bucket;
    if (bucket.high < high) low = middle + 1;
    else top = middle - 1;
  }
  return undefined;
}

/** Index of `value` in a sorted array, or -1. */
function binarySearch(sorted: Uint16Array, value: number): number {
  let low = 0;
  let top = sorted.length - 1;
  while (low <= top) {
    const middle = (low + top) >>> 1;
    const found = sorted[middle]!;
    if (found === value) return middle;
    if (found < value) low = middle + 1;
    else top = middle - 1;
  }
  return -1;
}

function containerHas(container: Container, value: number): boolean {
  switch (container.kind) {
    case 'array':
      return binarySearch(container.values, value) >= 0;
    case 'bitmap':
      return (container.words[value >>> 5]! & (1 << (value & 31))) !== 0;
    case 'run': {
      // The last run starting at or before `value` is the only one that can hold it.
      const runs = container.runs;
      let low = 0;
      let top = runs.length / 2 - 1;
      let candidate = -1;
      while (low <= top) {
        const middle = (low + top) >>> 1;
        if (runs[middle * 2]! <= value) {
          candidate = middle;
          low = middle + 1;
        } else top = middle - 1;
      }
      return candidate >= 0 && value <= runs[candidate * 2]! + runs[candidate * 2 + 1]!;
    }
  }
}

/** The values of a container, ascending. */
export function* containerValues(container: Container): IterableIterator<number> {
  switch (container.kind) {
    case 'array':
      yield* container.values;
      return;
    case 'bitmap':
      for (let word = 0; word < container.words.length; word++) {
        let bits = container.words[word]!;
        while (bits !== 0) {
          const lowest = bits & -bits;
          yield word * 32 + (31 - Math.clz32(lowest));
          bits ^= lowest;
        }
      }
      return;
    case 'run':
      for (let k = 0; k < container.runs.length; k += 2) {
        const first = container.runs[k]!;
        const last = first + container.runs[k + 1]!;
        for (let value = first; value <= last; value++) yield value;
      }
      return;
  }
}

/** The number of values of a container. */
export function containerCardinality(container: Container): number {
  switch (container.kind) {
    case 'array':
      return container.values.length;
    case 'bitmap': {
      let count = 0;
      for (const word of container.words) count += popCount(word);
      return count;
    }
    case 'run': {
      let count = 0;
      for (let k = 1; k < container.runs.length; k += 2) count += container.runs[k]! + 1;
      return count;
    }
  }
}

function popCount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
