import * as arrow from 'apache-arrow';

/**
 * Typed, allocation-light readers over one chunk (`arrow.Data`) of a column, for decoding
 * checkpoints column by column. They follow the conventions of parquet-io's `exactValue` (values
 * and offsets relative to the slice, validity and booleans by bit offset) and give the same
 * values, so a row decoded through them equals the row decoded value by value.
 *
 * A reader factory returns `undefined` for a type it does not handle: the caller then decodes
 * the column the generic way. A reader returns `null` for a null value.
 */
export type ColumnReader<T> = (index: number) => T | null;

/** Integer readers return this for a 64-bit value outside ±(2^53 − 1), which a number cannot hold. */
export const UNSAFE_INTEGER = Symbol('unsafe integer');

/**
 * Above this many bytes a chunk's strings are decoded value by value (see {@link textReader}),
 * far below V8's limit on the length of one string.
 */
const MAX_BULK_TEXT_BYTES = 64 * 1024 * 1024;

/** As parquet-io decodes strings (a leading BOM dropped, invalid bytes replaced). */
const valueDecoder = new TextDecoder();
/** Decodes a whole buffer once, failing on anything but valid UTF-8 (see {@link bulkAscii}). */
const bulkDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const always = () => true;

/** Whether the value at `index` is non-null. */
export function validity(data: arrow.Data): (index: number) => boolean {
  if (!(data.nullable && data.nullCount > 0)) return always;
  const bitmap = data.nullBitmap!;
  const offset = data.offset;
  return (index) => {
    const position = offset + index;
    return (bitmap[position >> 3]! & (1 << (position & 7))) !== 0;
  };
}

/** Strings of a Utf8 column, each decoded on its own: for short or sparse columns (map entries). */
export function stringReader(data: arrow.Data): ColumnReader<string> | undefined {
  if (data.type.typeId !== arrow.Type.Utf8) return undefined;
  const valid = validity(data);
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  return (index) =>
    valid(index) ? valueDecoder.decode(bytes.subarray(offsets[index]!, offsets[index + 1]!)) : null;
}

/**
 * Strings of a Utf8 column with a value in most rows (paths, JSON statistics). When the column's
 * bytes are all ASCII, as they nearly always are, the buffer is decoded once and values are
 * sliced out of that string: one native decode instead of one per value, which for a checkpoint's
 * paths and statistics was most of the decoding time. Otherwise values are decoded one by one.
 */
export function textReader(data: arrow.Data): ColumnReader<string> | undefined {
  if (data.type.typeId !== arrow.Type.Utf8) return undefined;
  const offsets = data.valueOffsets as Int32Array;
  const start = offsets[0]!;
  const text = bulkAscii((data.values as Uint8Array).subarray(start, offsets[data.length]!));
  if (text === undefined) return stringReader(data);
  const valid = validity(data);
  return (index) =>
    valid(index) ? text.slice(offsets[index]! - start, offsets[index + 1]! - start) : null;
}

/**
 * The bytes as a string when they are all ASCII, so that byte offsets are string offsets;
 * otherwise `undefined`. Valid UTF-8 decodes to as many UTF-16 units as bytes only when every
 * byte is ASCII (longer sequences give fewer units), and a BOM, kept here, counts as non-ASCII.
 */
function bulkAscii(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_BULK_TEXT_BYTES) return undefined;
  let text: string;
  try {
    text = bulkDecoder.decode(bytes);
  } catch {
    return undefined;
  }
  return text.length === bytes.length ? text : undefined;
}

/**
 * Integers of an Int column as numbers. 64-bit values are read as two 32-bit halves, without
 * creating a bigint per value; those beyond ±(2^53 − 1) read as {@link UNSAFE_INTEGER}.
 * Unsigned 64-bit columns are not handled.
 */
export function integerReader(
  data: arrow.Data,
): ColumnReader<number | typeof UNSAFE_INTEGER> | undefined {
  if (data.type.typeId !== arrow.Type.Int) return undefined;
  const type = data.type as arrow.Int;
  const valid = validity(data);
  if (type.bitWidth <= 32) {
    const values = data.values as ArrayLike<number>;
    return (index) => (valid(index) ? values[index]! : null);
  }
  if (!type.isSigned) return undefined;
  const values = data.values as BigInt64Array;
  // Little-endian halves: every platform JavaScript runs on stores integers little-endian.
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  return (index) => {
    if (!valid(index)) return null;
    // Exact whenever the true value is a safe integer; otherwise it rounds to an unsafe one.
    const value = words[2 * index + 1]! * 4_294_967_296 + (words[2 * index]! >>> 0);
    return Number.isSafeInteger(value) ? value : UNSAFE_INTEGER;
  };
}

/** Booleans of a Bool column. */
export function booleanReader(data: arrow.Data): ColumnReader<boolean> | undefined {
  if (data.type.typeId !== arrow.Type.Bool) return undefined;
  const valid = validity(data);
  const bits = data.values as Uint8Array;
  const offset = data.offset;
  return (index) => {
    if (!valid(index)) return null;
    const position = offset + index;
    return (bits[position >> 3]! & (1 << (position & 7))) !== 0;
  };
}

/**
 * A Map<Utf8, Utf8> column as plain objects (later duplicate keys win, null values kept), as
 * a checkpoint's maps read value by value become objects.
 */
export function stringMapReader(
  data: arrow.Data,
): ColumnReader<Record<string, string | null>> | undefined {
  if (data.type.typeId !== arrow.Type.Map) return undefined;
  const entries = data.children[0];
  const keys = entries?.children[0] && stringReader(entries.children[0]);
  const values = entries?.children[1] && stringReader(entries.children[1]);
  if (!keys || !values) return undefined;
  const valid = validity(data);
  const offsets = data.valueOffsets as Int32Array;
  return (index) => {
    if (!valid(index)) return null;
    const map: Record<string, string | null> = {};
    for (let entry = offsets[index]!; entry < offsets[index + 1]!; entry++)
      map[String(keys(entry))] = values(entry);
    return map;
  };
}

/** A reader for a child that a struct lacks: every value is null. */
export function absent(): null {
  return null;
}

/** The child of a struct chunk named `name`, if the struct has it. */
export function childData(data: arrow.Data, name: string): arrow.Data | undefined {
  const index = (data.type as arrow.Struct).children.findIndex((field) => field.name === name);
  return index < 0 ? undefined : data.children[index];
}
