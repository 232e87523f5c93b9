/**
 * Builds {@link RowIndexSet}s from row indexes and serializes them in the portable RoaringTreemap
 * format that {@link parseRoaringTreemap} reads (see roaring-format.ts for the layout). Used by
 * tests today and by the writer of deletion vectors (DELETE, UPDATE, MERGE) later.
 */
import { type Bucket, type Container, containerValues, RowIndexSet } from './row-index-set.js';

const SERIAL_COOKIE_NO_RUN_CONTAINER = 12346;
const SERIAL_COOKIE = 12347;
const NO_OFFSET_THRESHOLD = 4;
const ARRAY_CONTAINER_MAX = 4096;
const TWO_TO_32 = 2 ** 32;

/** Options of {@link serializeRoaringTreemap}. */
export interface RoaringWriteOptions {
  /**
   * Use run containers where they are smaller (the format with the 12347 cookie). Default true;
   * false writes only array and bitmap containers (the 12346 cookie).
   */
  runContainers?: boolean;
}

/**
 * The set of the given row indexes (any order, duplicates allowed).
 *
 * @throws {RangeError} for a row index that is not a safe non-negative integer.
 */
export function rowIndexSetOf(rowIndexes: Iterable<number>): RowIndexSet {
  const sorted = [...new Set(rowIndexes)].sort((a, b) => a - b);
  for (const value of sorted) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${value} is not a row index`);
  }
  const buckets: Bucket[] = [];
  let start = 0;
  while (start < sorted.length) {
    const high = Math.floor(sorted[start]! / TWO_TO_32);
    const keys: number[] = [];
    const containers: Container[] = [];
    while (start < sorted.length && Math.floor(sorted[start]! / TWO_TO_32) === high) {
      const key = Math.floor((sorted[start]! - high * TWO_TO_32) / 65_536);
      const base = high * TWO_TO_32 + key * 65_536;
      const low: number[] = [];
      while (start < sorted.length && sorted[start]! - base < 65_536)
        low.push(sorted[start++]! - base);
      keys.push(key);
      containers.push(bestContainer(low, true));
    }
    buckets.push({ high, keys: Uint16Array.from(keys), containers });
  }
  return new RowIndexSet(buckets, sorted.length);
}

/** The smallest container for sorted distinct 16-bit values, as the portable format allows. */
function bestContainer(values: number[], allowRuns: boolean): Container {
  const runs: number[] = [];
  for (let k = 0; k < values.length; k++) {
    if (k > 0 && values[k] === values[k - 1]! + 1) runs[runs.length - 1]!++;
    else runs.push(values[k]!, 0);
  }
  const runBytes = 2 + runs.length * 2;
  const plainBytes = values.length <= ARRAY_CONTAINER_MAX ? values.length * 2 : 8192;
  if (allowRuns && runBytes < plainBytes) return { kind: 'run', runs: Uint16Array.from(runs) };
  if (values.length <= ARRAY_CONTAINER_MAX)
    return { kind: 'array', values: Uint16Array.from(values) };
  const words = new Uint32Array(2048);
  for (const value of values) words[value >>> 5]! |= 1 << (value & 31);
  return { kind: 'bitmap', words };
}

/** Serializes a set as a portable 64-bit RoaringTreemap. */
export function serializeRoaringTreemap(
  set: RowIndexSet,
  options: RoaringWriteOptions = {},
): Uint8Array {
  const allowRuns = options.runContainers ?? true;
  const parts: Uint8Array[] = [];
  const head = new DataView(new ArrayBuffer(8));
  head.setUint32(0, set.bucketList.length, true);
  parts.push(new Uint8Array(head.buffer));
  for (const bucket of set.bucketList) {
    const key = new DataView(new ArrayBuffer(4));
    key.setUint32(0, bucket.high, true);
    parts.push(new Uint8Array(key.buffer));
    const containers = bucket.containers.map((container) =>
      bestContainer([...containerValues(container)], allowRuns),
    );
    parts.push(serializeBitmap(bucket.keys, containers));
  }
  return concat(parts);
}

function serializeBitmap(keys: Uint16Array, containers: Container[]): Uint8Array {
  const count = containers.length;
  const hasRuns = containers.some((container) => container.kind === 'run');
  const withOffsets = !hasRuns || count >= NO_OFFSET_THRESHOLD;
  const bodies = containers.map(containerBytes);
  const headerBytes =
    4 + (hasRuns ? Math.ceil(count / 8) : 4) + 4 * count + (withOffsets ? 4 * count : 0);
  const out = new Uint8Array(headerBytes + bodies.reduce((sum, body) => sum + body.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  if (hasRuns) {
    view.setUint32(at, SERIAL_COOKIE | ((count - 1) << 16), true);
    at += 4;
    containers.forEach((container, k) => {
      if (container.kind === 'run') out[at + (k >>> 3)]! |= 1 << (k & 7);
    });
    at += Math.ceil(count / 8);
  } else {
    view.setUint32(at, SERIAL_COOKIE_NO_RUN_CONTAINER, true);
    view.setUint32(at + 4, count, true);
    at += 8;
  }
  containers.forEach((container, k) => {
    view.setUint16(at, keys[k]!, true);
    view.setUint16(at + 2, cardinalityOf(container) - 1, true);
    at += 4;
  });
  if (withOffsets) {
    let offset = headerBytes;
    for (const body of bodies) {
      view.setUint32(at, offset, true);
      at += 4;
      offset += body.length;
    }
  }
  for (const body of bodies) {
    out.set(body, at);
    at += body.length;
  }
  return out;
}

function cardinalityOf(container: Container): number {
  let count = 0;
  for (const _ of containerValues(container)) count++;
  return count;
}

function containerBytes(container: Container): Uint8Array {
  switch (container.kind) {
    case 'array':
      return littleEndian16([...container.values]);
    case 'run':
      return littleEndian16([container.runs.length / 2, ...container.runs]);
    case 'bitmap': {
      const bytes = new Uint8Array(8192);
      const view = new DataView(bytes.buffer);
      container.words.forEach((word, w) => {
        view.setUint32(w * 4, word, true);
      });
      return bytes;
    }
  }
}

function littleEndian16(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 2);
  const view = new DataView(bytes.buffer);
  values.forEach((value, k) => {
    view.setUint16(k * 2, value, true);
  });
  return bytes;
}

/** The bytes of `parts`, one after the other. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
