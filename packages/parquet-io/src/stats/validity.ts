import * as arrow from 'apache-arrow';

/** Which rows of a column hold a value: one byte per row (1 = a value), or undefined for all. */
export interface Validity {
  mask: Uint8Array | undefined;
  /** Rows without a value: null here, or under a null struct. */
  nulls: number;
}

/**
 * The rows of `data` that hold a value, given the rows its parent structs leave (`parent`).
 * A field under a null struct counts as null, as in Spark, where reading `s.a` of a null `s`
 * gives null (and as in Parquet, whose definition levels make it null too). Arrow leaves the
 * child slot of a null struct unspecified, so the parent's mask must be applied, not the
 * child's own bitmap alone.
 */
export function validity(data: arrow.Data, parent: Uint8Array | undefined): Validity {
  const length = data.length;
  if (data.typeId === arrow.Type.Null) return { mask: new Uint8Array(length), nulls: length };
  const bitmap = data.nullBitmap;
  const ownNulls = bitmap && bitmap.length > 0 ? data.nullCount : 0;
  if (ownNulls <= 0) {
    if (!parent) return { mask: undefined, nulls: 0 };
    let nulls = 0;
    for (let row = 0; row < length; row++) nulls += 1 - parent[row]!;
    return { mask: parent, nulls };
  }
  const mask = new Uint8Array(length);
  const offset = data.offset;
  let nulls = 0;
  for (let row = 0; row < length; row++) {
    const bit = offset + row;
    let valid = (bitmap![bit >> 3]! >> (bit & 7)) & 1;
    if (parent) valid &= parent[row]!;
    mask[row] = valid;
    nulls += 1 - valid;
  }
  return { mask, nulls };
}
