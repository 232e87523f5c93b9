import { exactValue } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { JoinKey } from './merge-join.js';

/** A hashable join key value: equal values of the key columns give equal (===) keys. */
export type KeyValue = number | bigint | string;

/** Reads the key value of a row of one column; undefined for NULL. */
type KeyReader = (row: number) => KeyValue | undefined;

const utf8 = new TextDecoder();

/**
 * A reader of one key column straight from its Arrow buffers (no per-row objects): integers and
 * dates as numbers (64-bit ones as numbers when safe, so that an int and a long of one value
 * hash alike), strings decoded once, anything else through its exact value.
 */
function keyReader(data: arrow.Data): KeyReader {
  const type = data.type as arrow.DataType;
  const valid = (row: number) => data.nullCount === 0 || data.getValid(row);
  if (
    type.typeId === arrow.Type.Int ||
    type.typeId === arrow.Type.Date ||
    type.typeId === arrow.Type.Timestamp
  ) {
    const values = data.values as ArrayLike<number | bigint> & ArrayBufferView;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      // 64-bit values read as two 32-bit words: no bigint is made unless the value needs one.
      const low = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
      const high = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
      return (row) => {
        if (!valid(row)) return undefined;
        const hi = high[2 * row + 1]!;
        if (hi >= -2097152 && hi < 2097152) return hi * 4294967296 + low[2 * row]!;
        const value = values[row] as bigint;
        return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
      };
    }
    return (row) => (valid(row) ? (values[row] as number) : undefined);
  }
  if (type.typeId === arrow.Type.Utf8) {
    const offsets = data.valueOffsets as Int32Array;
    const bytes = data.values as Uint8Array;
    return (row) =>
      valid(row) ? utf8.decode(bytes.subarray(offsets[row]!, offsets[row + 1]!)) : undefined;
  }
  return (row) => {
    const value = exactValue(data, row);
    if (value === null || value === undefined) return undefined;
    return value instanceof Uint8Array ? `b${[...value].join(',')}` : String(value);
  };
}

const NULL_KEY = Symbol('null');
type Level = Map<KeyValue | typeof NULL_KEY, Level | number[]>;

/** Readers of one row's key values; undefined when a NULL key makes the row match nothing. */
function keyValues(
  columns: readonly arrow.Data[],
  keys: readonly JoinKey[],
): (row: number, into: (KeyValue | typeof NULL_KEY)[]) => boolean {
  const readers = columns.map(keyReader);
  return (row, into) => {
    for (let k = 0; k < readers.length; k++) {
      const value = readers[k]!(row);
      if (value === undefined) {
        if (!keys[k]!.nullSafe) return false;
        into[k] = NULL_KEY;
      } else into[k] = value;
    }
    return true;
  };
}

/**
 * Rows by join key, one nested map level per key column (no key strings are built): the
 * source side of MERGE's hash join. Rows with a NULL key are left out — they match nothing —
 * except under `<=>`, where NULL is a key of its own.
 */
export class KeyIndex {
  private readonly root: Level = new Map();

  constructor(
    columns: readonly arrow.Data[],
    private readonly keys: readonly JoinKey[],
    length: number,
  ) {
    const read = keyValues(columns, keys);
    const values: (KeyValue | typeof NULL_KEY)[] = new Array(keys.length);
    for (let row = 0; row < length; row++) {
      if (!read(row, values)) continue;
      let level = this.root;
      for (let k = 0; k < values.length - 1; k++) {
        let next = level.get(values[k]!) as Level | undefined;
        if (!next) {
          next = new Map();
          level.set(values[k]!, next);
        }
        level = next;
      }
      const last = values[values.length - 1]!;
      const rows = level.get(last) as number[] | undefined;
      if (rows) rows.push(row);
      else level.set(last, [row]);
    }
  }

  /** A lookup of the rows matching each row of the other side's key columns. */
  probe(columns: readonly arrow.Data[]): (row: number) => readonly number[] | undefined {
    const read = keyValues(columns, this.keys);
    const values: (KeyValue | typeof NULL_KEY)[] = new Array(this.keys.length);
    return (row) => {
      if (!read(row, values)) return undefined;
      let level: Level | number[] | undefined = this.root;
      for (const value of values) {
        level = (level as Level).get(value);
        if (!level) return undefined;
      }
      return level as number[];
    };
  }
}
