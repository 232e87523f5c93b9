import { readFooter, readKeyValues } from './int96-hint.js';
import { joinBlob } from './joined-blob.js';
import {
  encodeKeyValueList,
  readStructFields,
  THRIFT_LIST,
  writeStructFields,
} from './thrift-compact.js';

const ARROW_SCHEMA_KEY = 'ARROW:schema';
const KEY_VALUE_METADATA_FIELD = 5;
const MAGIC = new TextEncoder().encode('PAR1');

/**
 * The same Parquet file without its `ARROW:schema` footer hint, or undefined when it has none.
 *
 * Writers record the Arrow schema they wrote from; readers use it to restore Arrow-only details.
 * Some hints name types apache-arrow (JavaScript) cannot represent — arrow-rs 55+ and delta-rs
 * 1.x write string and binary columns as `Utf8View` / `BinaryView` — and then nothing of the file
 * could be read. Without the hint, parquet-wasm derives the Arrow types from the Parquet schema
 * alone (strings as Utf8, binaries as Binary, timestamps from their logical types), which is all
 * a Delta reader needs: values are then brought to the table's types anyway. The data pages are
 * untouched (column chunk offsets are absolute); for a Blob the new file is a lazy composition.
 */
export async function withoutArrowSchemaHint(source: Blob): Promise<Blob | undefined> {
  const footer = await readFooter(source);
  if (!footer) return undefined;
  const fields = readStructFields(footer.bytes);
  const keyValues = fields.find((f) => f.id === KEY_VALUE_METADATA_FIELD);
  if (!keyValues) return undefined;
  const existing = readKeyValues(keyValues.value);
  if (!existing.some(([key]) => key === ARROW_SCHEMA_KEY)) return undefined;
  const kept = existing.filter(([key]) => key !== ARROW_SCHEMA_KEY);
  const rewritten = fields.filter((f) => f.id !== KEY_VALUE_METADATA_FIELD);
  if (kept.length > 0) {
    rewritten.push({
      id: KEY_VALUE_METADATA_FIELD,
      type: THRIFT_LIST,
      value: encodeKeyValueList(kept),
    });
    rewritten.sort((a, b) => a.id - b.id);
  }
  const footerBytes = writeStructFields(rewritten);
  const tail = new Uint8Array(footerBytes.length + 8);
  tail.set(footerBytes, 0);
  new DataView(tail.buffer).setUint32(footerBytes.length, footerBytes.length, true);
  tail.set(MAGIC, footerBytes.length + 4);
  return joinBlob(source.slice(0, footer.start), tail);
}

/** True for the error apache-arrow raises on an Arrow type it does not know (`Unsupported format: vu`). */
export function isUnsupportedArrowType(error: unknown): boolean {
  return error instanceof Error && /Unsupported (format|type)/i.test(error.message);
}
