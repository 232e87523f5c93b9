import { exactValue } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { Action, ActionName } from '../protocol/actions.js';
import { decodeAction } from '../protocol/decode-action.js';

/**
 * Decodes one row of a checkpoint's action column the generic way: the value read exactly,
 * turned into the action's JSON shape, validated by `decodeAction` as a commit line is. Used for
 * the rare actions (protocol, metaData, txn…) and for any `add` / `remove` row or chunk that the
 * column-wise decoder leaves to it, so that errors read the same wherever they come from.
 *
 * @param data one chunk of the action's struct column.
 * @param index the row within the chunk.
 * @param row the row within the file, named in errors (1-based there, as lines are).
 * @param witness the field whose presence marks the row as holding the action.
 * @throws {CorruptLog} when the row holds an invalid action.
 */
export function decodeCheckpointRow(
  name: ActionName,
  data: arrow.Data,
  index: number,
  row: number,
  witness: string,
  file: string,
): Action | undefined {
  const value = exactValue(data, index);
  if (value === null) return undefined;
  const plain = toPlainValue(value, data.type) as Record<string, unknown>;
  if (plain[witness] === null || plain[witness] === undefined) return undefined;
  return decodeAction({ [name]: plain }, { file, line: row + 1 });
}

/**
 * Turns an exact Arrow value into the JSON shape of the action: maps (arrays of [key, value])
 * into objects, 64-bit integers into numbers where they fit exactly (others stay bigint, and
 * the decoder reports them).
 */
function toPlainValue(value: unknown, type: arrow.DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case arrow.Type.Map: {
      const entry = type.children[0]!.type as arrow.Struct;
      const valueType = entry.children[1]!.type;
      const out: Record<string, unknown> = {};
      for (const [key, item] of value as [unknown, unknown][])
        out[String(key)] = toPlainValue(item, valueType);
      return out;
    }
    case arrow.Type.Struct: {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const child of (type as arrow.Struct).children)
        out[child.name] = toPlainValue(record[child.name], child.type);
      return out;
    }
    case arrow.Type.List:
    case arrow.Type.LargeList:
    case arrow.Type.FixedSizeList: {
      const element = type.children[0]!.type;
      return (value as unknown[]).map((item) => toPlainValue(item, element));
    }
    default:
      if (
        typeof value === 'bigint' &&
        value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        value <= BigInt(Number.MAX_SAFE_INTEGER)
      ) {
        return Number(value);
      }
      return value;
  }
}
