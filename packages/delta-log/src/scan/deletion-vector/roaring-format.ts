/**
 * The portable serialization of Roaring bitmaps (https://github.com/RoaringBitmap/RoaringFormatSpec),
 * which Delta deletion vectors store: a 64-bit "RoaringTreemap" is a little-endian uint64 count of
 * buckets, then per bucket a uint32 high key and a standard 32-bit RoaringBitmap.
 *
 * A 32-bit RoaringBitmap, all little-endian:
 * ```
 * cookie: uint32  12346 → no run containers; a uint32 container count follows
 *                 12347 in the low 16 bits → (cookie >>> 16) + 1 containers, then a bitset
 *                 saying which containers are runs
 * per container:  key uint16, cardinality - 1 uint16
 * offsets:        uint32 per container (absent when runs are flagged and there are < 4 containers)
 * per container:  run    → count uint16, then [start, length - 1] uint16 pairs
 *                 ≤ 4096 → the values as sorted uint16
 *                 else   → a 65,536-bit bitmap (8 KiB)
 * ```
 */
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { type Bucket, type Container, containerCardinality, RowIndexSet } from './row-index-set.js';

const SERIAL_COOKIE_NO_RUN_CONTAINER = 12346;
const SERIAL_COOKIE = 12347;
/** Below this many containers a bitmap with run containers omits its offset header. */
const NO_OFFSET_THRESHOLD = 4;
/** Array containers hold at most this many values; larger containers are bitmaps. */
const ARRAY_CONTAINER_MAX = 4096;
const BITMAP_BYTES = 8192;
/** High keys above this give row indexes beyond 2^53, which no data file can have and JS cannot hold exactly. */
const MAX_HIGH_KEY = 2 ** 21 - 1;

class ByteReader {
  private position = 0;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly location: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get offset(): number {
    return this.position;
  }
  get remaining(): number {
    return this.bytes.length - this.position;
  }
  private need(count: number, what: string): void {
    if (this.remaining < count)
      this.fail(
        `the bitmap ends inside ${what} (needs ${count} more bytes, has ${this.remaining})`,
      );
  }
  uint16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.position, true);
    this.position += 2;
    return value;
  }
  uint32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }
  uint64(what: string): number {
    const low = this.uint32(what);
    const high = this.uint32(what);
    if (high >= 2 ** 21) this.fail(`${what} is too large (${high} * 2^32 + ${low})`);
    return high * 2 ** 32 + low;
  }
  take(count: number, what: string): Uint8Array {
    this.need(count, what);
    const slice = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  }
  uint16Array(count: number, what: string): Uint16Array {
    const bytes = this.take(count * 2, what);
    const values = new Uint16Array(count);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let k = 0; k < count; k++) values[k] = view.getUint16(k * 2, true);
    return values;
  }
  fail(reason: string): never {
    throw new InvalidDeletionVector({ location: this.location, reason });
  }
}

/**
 * Parses a portable 64-bit RoaringTreemap occupying all of `bytes`.
 *
 * @param location where the bytes came from, for error messages
 * @throws {InvalidDeletionVector} when the bytes are not a well-formed treemap (truncated, trailing
 * bytes, unsorted keys or values, cardinalities that disagree with the data).
 */
export function parseRoaringTreemap(bytes: Uint8Array, location: string): RowIndexSet {
  const reader = new ByteReader(bytes, location);
  const bucketCount = reader.uint64('the bucket count');
  const buckets: Bucket[] = [];
  let cardinality = 0;
  let previousHigh = -1;
  for (let index = 0; index < bucketCount; index++) {
    const high = reader.uint32(`the key of bucket ${index}`);
    if (high <= previousHigh)
      reader.fail(`bucket keys are not ascending (${high} after ${previousHigh})`);
    if (high > MAX_HIGH_KEY) reader.fail(`bucket key ${high} gives row indexes beyond 2^53`);
    previousHigh = high;
    const bucket = parseRoaringBitmap(reader, high);
    // Writers may serialize empty buckets (Delta's RoaringBitmapArray writes every index up to the
    // highest); they hold no rows.
    if (bucket.keys.length === 0) continue;
    buckets.push(bucket);
    for (const container of bucket.containers) cardinality += containerCardinality(container);
  }
  if (reader.remaining !== 0) reader.fail(`${reader.remaining} bytes follow the bitmap`);
  return new RowIndexSet(buckets, cardinality);
}

/** Reads one 32-bit RoaringBitmap at the reader's position. */
function parseRoaringBitmap(reader: ByteReader, high: number): Bucket {
  const where = `bucket ${high}`;
  const cookie = reader.uint32(`the cookie of ${where}`);
  let containerCount: number;
  let runFlags: Uint8Array | undefined;
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    containerCount = (cookie >>> 16) + 1;
    runFlags = reader.take(Math.ceil(containerCount / 8), `the run flags of ${where}`);
  } else if (cookie === SERIAL_COOKIE_NO_RUN_CONTAINER) {
    containerCount = reader.uint32(`the container count of ${where}`);
  } else {
    return reader.fail(`${where} starts with cookie ${cookie}, not a portable RoaringBitmap`);
  }
  if (containerCount > 65_536)
    reader.fail(`${where} claims ${containerCount} containers (at most 65,536)`);

  const keys = new Uint16Array(containerCount);
  const cardinalities = new Uint32Array(containerCount);
  for (let k = 0; k < containerCount; k++) {
    keys[k] = reader.uint16(`the header of ${where}`);
    cardinalities[k] = reader.uint16(`the header of ${where}`) + 1;
    if (k > 0 && keys[k]! <= keys[k - 1]!)
      reader.fail(`container keys of ${where} are not ascending`);
  }
  // Offsets let readers seek; reading in order, we only skip them.
  if (runFlags === undefined || containerCount >= NO_OFFSET_THRESHOLD) {
    reader.take(4 * containerCount, `the offsets of ${where}`);
  }

  const containers: Container[] = [];
  for (let k = 0; k < containerCount; k++) {
    const isRun = runFlags !== undefined && (runFlags[k >>> 3]! & (1 << (k & 7))) !== 0;
    const expected = cardinalities[k]!;
    const label = `container ${keys[k]} of ${where}`;
    let container: Container;
    if (isRun) {
      const runCount = reader.uint16(`the run count of ${label}`);
      container = { kind: 'run', runs: reader.uint16Array(runCount * 2, `the runs of ${label}`) };
      checkRuns(container.runs, label, reader);
    } else if (expected <= ARRAY_CONTAINER_MAX) {
      container = { kind: 'array', values: reader.uint16Array(expected, `the values of ${label}`) };
      checkAscending(container.values, label, reader);
    } else {
      const bytes = reader.take(BITMAP_BYTES, `the bitmap of ${label}`);
      const words = new Uint32Array(BITMAP_BYTES / 4);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let w = 0; w < words.length; w++) words[w] = view.getUint32(w * 4, true);
      container = { kind: 'bitmap', words };
    }
    const actual = containerCardinality(container);
    if (actual !== expected)
      reader.fail(`${label} holds ${actual} values but its header says ${expected}`);
    containers.push(container);
  }
  return { high, keys, containers };
}

function checkAscending(values: Uint16Array, label: string, reader: ByteReader): void {
  for (let k = 1; k < values.length; k++) {
    if (values[k]! <= values[k - 1]!)
      reader.fail(`the values of ${label} are not strictly ascending`);
  }
}

function checkRuns(runs: Uint16Array, label: string, reader: ByteReader): void {
  let nextFree = 0;
  for (let k = 0; k < runs.length; k += 2) {
    const start = runs[k]!;
    const last = start + runs[k + 1]!;
    if (start < nextFree) reader.fail(`the runs of ${label} overlap or are not sorted`);
    if (last > 0xffff) reader.fail(`a run of ${label} passes the end of its container`);
    nextFree = last + 1;
  }
}
