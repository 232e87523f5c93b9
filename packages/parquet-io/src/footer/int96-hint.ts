import * as arrow from 'apache-arrow';
import { joinBlob } from './joined-blob.js';
import {
  encodeKeyValueList,
  readBinary,
  readStructFields,
  readStructList,
  THRIFT_LIST,
  writeStructFields,
} from './thrift-compact.js';

/**
 * INT96 timestamps (as Spark and Hive write them) are 12-byte Julian day + nanosecond values.
 * parquet-wasm turns them into 64-bit nanoseconds, which wrap around outside 1677-09-21 ..
 * 2262-04-11, silently. It reads them as microseconds, exactly, when the footer carries an Arrow
 * schema that says so (the `ARROW:schema` key pyarrow and arrow-rs write). So for a file without
 * that key whose inferred schema has nanosecond timestamps, Silt hands the reader the same file
 * with a footer that carries such a hint: the data pages are untouched (column chunk offsets
 * are absolute, and the footer is only rewritten at the end), and for a Blob the new file is a
 * lazy composition, so nothing is loaded that was not before.
 */

const ARROW_SCHEMA_KEY = 'ARROW:schema';
const KEY_VALUE_METADATA_FIELD = 5;
const MAGIC = 'PAR1';

/** Whether `schema` has nanosecond timestamps anywhere (the mark of INT96 without a hint). */
export function hasNanosecondTimestamps(schema: arrow.Schema): boolean {
  const visit = (type: arrow.DataType): boolean =>
    (arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.NANOSECOND) ||
    (type.children ?? []).some((child) => visit(child.type));
  return schema.fields.some((field) => visit(field.type));
}

function toMicroseconds(type: arrow.DataType): arrow.DataType {
  if (arrow.DataType.isTimestamp(type) && type.unit === arrow.TimeUnit.NANOSECOND) {
    return new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, type.timezone);
  }
  if (arrow.DataType.isStruct(type)) return new arrow.Struct(type.children.map(withMicroseconds));
  if (arrow.DataType.isList(type)) return new arrow.List(withMicroseconds(type.children[0]!));
  if (arrow.DataType.isMap(type))
    return new arrow.Map_(withMicroseconds(type.children[0]!) as never, type.keysSorted);
  return type;
}

function withMicroseconds(field: arrow.Field): arrow.Field {
  return new arrow.Field(field.name, toMicroseconds(field.type), field.nullable, field.metadata);
}

/** The `ARROW:schema` value for `schema`: base64 of its IPC schema message. */
function encodeArrowSchema(schema: arrow.Schema): string {
  const stream = arrow.tableToIPC(new arrow.Table(schema), 'stream');
  // The stream starts with the schema message: continuation marker, length, flatbuffer.
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const length = view.getInt32(4, true);
  const message = stream.subarray(0, 8 + length);
  let binary = '';
  for (const byte of message) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The footer of a Parquet file: where it starts and its bytes. */
export async function readFooter(
  source: Blob,
): Promise<{ start: number; bytes: Uint8Array } | undefined> {
  if (source.size < 12) return undefined;
  const tail = new Uint8Array(await source.slice(source.size - 8).arrayBuffer());
  if (new TextDecoder().decode(tail.subarray(4)) !== MAGIC) return undefined;
  const length = new DataView(tail.buffer, tail.byteOffset).getUint32(0, true);
  const start = source.size - 8 - length;
  if (start < 4) return undefined;
  return { start, bytes: new Uint8Array(await source.slice(start, source.size - 8).arrayBuffer()) };
}

/**
 * The same Parquet file with an Arrow schema hint that reads INT96 columns as microseconds, or
 * undefined when the file needs none (no nanosecond timestamps, or a hint already present).
 */
export async function withInt96Hint(
  source: Blob,
  inferred: arrow.Schema,
): Promise<Blob | undefined> {
  if (!hasNanosecondTimestamps(inferred)) return undefined;
  const footer = await readFooter(source);
  if (!footer) return undefined;
  const fields = readStructFields(footer.bytes);
  const keyValues = fields.find((f) => f.id === KEY_VALUE_METADATA_FIELD);
  const existing = keyValues ? readKeyValues(keyValues.value) : [];
  if (existing.some(([key]) => key === ARROW_SCHEMA_KEY)) return undefined;
  const hint = new arrow.Schema(inferred.fields.map(withMicroseconds), inferred.metadata);
  const entries: [string, string][] = [...existing, [ARROW_SCHEMA_KEY, encodeArrowSchema(hint)]];
  const rewritten = fields.filter((f) => f.id !== KEY_VALUE_METADATA_FIELD);
  rewritten.push({
    id: KEY_VALUE_METADATA_FIELD,
    type: THRIFT_LIST,
    value: encodeKeyValueList(entries),
  });
  rewritten.sort((a, b) => a.id - b.id);
  const footerBytes = writeStructFields(rewritten);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, footerBytes.length, true);
  trailer.set(new TextEncoder().encode(MAGIC), 4);
  const tail = new Uint8Array(footerBytes.length + trailer.length);
  tail.set(footerBytes, 0);
  tail.set(trailer, footerBytes.length);
  return joinBlob(source.slice(0, footer.start), tail);
}

/** Decodes a list<KeyValue> value back to pairs. */
export function readKeyValues(listBytes: Uint8Array): [string, string][] {
  const decoder = new TextDecoder();
  return readStructList(listBytes).flatMap((fields): [string, string][] => {
    const key = fields.find((f) => f.id === 1);
    const value = fields.find((f) => f.id === 2);
    return key
      ? [
          [
            decoder.decode(readBinary(key.value)),
            value ? decoder.decode(readBinary(value.value)) : '',
          ],
        ]
      : [];
  });
}
