/**
 * Just enough of Thrift's compact protocol to walk a Parquet footer (`FileMetaData`) field by
 * field, keep every field's bytes as they are, and write a new `key_value_metadata` list.
 * Values are skipped, never interpreted, so footers from any writer survive untouched.
 */

const STOP = 0;
const BOOLEAN_TRUE = 1;
const BOOLEAN_FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

/** A top-level struct field: its id, compact type and the bytes of its value. */
export interface RawField {
  id: number;
  type: number;
  value: Uint8Array;
}

class Reader {
  position = 0;
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.position >= this.bytes.length) throw new RangeError('the Parquet footer ends early');
    return this.bytes[this.position++]!;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new RangeError('a varint in the Parquet footer is too long');
    }
  }

  skip(type: number): void {
    switch (type) {
      case BOOLEAN_TRUE:
      case BOOLEAN_FALSE:
      case BYTE:
        // Inside lists a boolean takes one byte; as a field value it takes none (see readStruct).
        this.position += 1;
        return;
      case I16:
      case I32:
      case I64:
        this.varint();
        return;
      case DOUBLE:
        this.position += 8;
        return;
      case BINARY: {
        // Read the length first: `position += varint()` would add to the position before the varint.
        const length = Number(this.varint());
        this.position += length;
        return;
      }
      case LIST:
      case SET: {
        const header = this.byte();
        let size = header >> 4;
        if (size === 15) size = Number(this.varint());
        const elementType = header & 0x0f;
        for (let k = 0; k < size; k++) this.skip(elementType);
        return;
      }
      case MAP: {
        const size = Number(this.varint());
        if (size === 0) return;
        const types = this.byte();
        for (let k = 0; k < size; k++) {
          this.skip(types >> 4);
          this.skip(types & 0x0f);
        }
        return;
      }
      case STRUCT:
        this.readStruct(() => undefined);
        return;
      default:
        throw new RangeError(`unknown Thrift compact type ${type} in the Parquet footer`);
    }
  }

  /** Walks one struct, reporting each field with the byte range of its value. */
  readStruct(onField: (id: number, type: number, start: number, end: number) => void): void {
    let lastId = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === STOP) return;
      const delta = header >> 4;
      let id: number;
      if (delta === 0) {
        const raw = Number(this.varint());
        id = (raw >>> 1) ^ -(raw & 1);
      } else id = lastId + delta;
      lastId = id;
      const start = this.position;
      if (type !== BOOLEAN_TRUE && type !== BOOLEAN_FALSE) this.skip(type);
      onField(id, type, start, this.position);
    }
  }
}

/** The top-level fields of a compact-encoded struct, in order. */
export function readStructFields(bytes: Uint8Array): RawField[] {
  const reader = new Reader(bytes);
  const fields: RawField[] = [];
  reader.readStruct((id, type, start, end) =>
    fields.push({ id, type, value: bytes.subarray(start, end) }),
  );
  return fields;
}

/** The structs of a `list<struct>` value, each as its raw fields. */
export function readStructList(listBytes: Uint8Array): RawField[][] {
  const reader = new Reader(listBytes);
  const header = reader.byte();
  let size = header >> 4;
  if (size === 15) size = Number(reader.varint());
  const out: RawField[][] = [];
  for (let k = 0; k < size; k++) {
    const fields: RawField[] = [];
    reader.readStruct((id, type, start, end) =>
      fields.push({ id, type, value: listBytes.subarray(start, end) }),
    );
    out.push(fields);
  }
  return out;
}

/** The bytes of a binary (or string) value. */
export function readBinary(value: Uint8Array): Uint8Array {
  const reader = new Reader(value);
  const length = Number(reader.varint());
  return value.subarray(reader.position, reader.position + length);
}

class Writer {
  private readonly chunks: number[] = [];
  private readonly parts: Uint8Array[] = [];

  private flush(): void {
    if (this.chunks.length > 0) {
      this.parts.push(Uint8Array.from(this.chunks));
      this.chunks.length = 0;
    }
  }

  byte(value: number): void {
    this.chunks.push(value & 0xff);
  }

  varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.byte((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }

  /** A field header in the long form (type byte, then the zigzag id): valid for any id order. */
  fieldHeader(id: number, type: number): void {
    this.byte(type);
    this.varint(((id << 1) ^ (id >> 31)) >>> 0);
  }

  raw(bytes: Uint8Array): void {
    this.flush();
    this.parts.push(bytes);
  }

  binary(bytes: Uint8Array): void {
    this.varint(bytes.length);
    this.raw(bytes);
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** Encodes a struct from raw fields (written in order) and a stop byte. */
export function writeStructFields(fields: RawField[]): Uint8Array {
  const writer = new Writer();
  for (const field of fields) {
    writer.fieldHeader(field.id, field.type);
    writer.raw(field.value);
  }
  writer.byte(STOP);
  return writer.finish();
}

/** The value bytes of a `list<KeyValue>` (Parquet's key_value_metadata). */
export function encodeKeyValueList(entries: [string, string][]): Uint8Array {
  const encoder = new TextEncoder();
  const writer = new Writer();
  if (entries.length < 15) writer.byte((entries.length << 4) | STRUCT);
  else {
    writer.byte(0xf0 | STRUCT);
    writer.varint(entries.length);
  }
  for (const [key, value] of entries) {
    writer.fieldHeader(1, BINARY);
    writer.binary(encoder.encode(key));
    writer.fieldHeader(2, BINARY);
    writer.binary(encoder.encode(value));
    writer.byte(STOP);
  }
  return writer.finish();
}

export const THRIFT_LIST = LIST;
