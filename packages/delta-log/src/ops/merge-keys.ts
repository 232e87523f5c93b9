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
    const values = data.values as ArrayLike<number | bigint>;
    return (row) => {
      if (!valid(row)) return undefined;
      const value = values[row]!;
      if (typeof value === 'bigint') {
        return value >= -9007199254740991n && value <= 9007199254740991n ? Number(value) : value;
      }
      return value;
    };
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

/**
 * The join key of each row of a batch's key columns: one value for a single key column (used as
 * is), a joined string for several. NULL makes the key undefined (it matches nothing), except
 * under `<=>`, where NULL is a value of its own.
 */
export function keyFunction(
  columns: readonly arrow.Data[],
  keys: readonly JoinKey[],
): (row: number) => KeyValue | undefined {
  const readers = columns.map(keyReader);
  if (readers.length === 1) {
    const read = readers[0]!;
    const nullSafe = keys[0]!.nullSafe;
    return (row) => {
      const value = read(row);
      return value === undefined ? (nullSafe ? '\u0000null' : undefined) : value;
    };
  }
  return (row) => {
    let key = '';
    for (let k = 0; k < readers.length; k++) {
      const value = readers[k]!(row);
      if (value === undefined) {
        if (!keys[k]!.nullSafe) return undefined;
        key += '\u0001\u0000null';
      } else key += `\u0001${typeof value === 'string' ? `s${value}` : String(value)}`;
    }
    return key;
  };
}
