/**
 * Builds one Variant (metadata and value binaries) piece by piece: primitives, objects and
 * arrays written in place, and values of other Variants copied in with their object keys moved
 * to this builder's dictionary.
 *
 * Byte for byte it writes what Apache Spark's `VariantBuilder` writes (the engine Silt's reads
 * are checked against): integers in the narrowest width that holds them, decimals in the
 * narrowest of decimal4/8/16 that holds their scale and digits, offsets and ids in the fewest
 * bytes, the dictionary in the order keys were first added (not marked sorted), object fields
 * sorted by key.
 */

import {
  BasicType,
  containerLayout,
  MAX_SHORT_STRING_SIZE,
  METADATA_VERSION,
  malformed,
  PrimitiveType,
  primitiveHeader,
  readUnsigned,
  U8_MAX,
  type VariantMetadata,
  valueSize,
} from './variant-encoding.js';

/** One field of an object being written: its key, dictionary id, and offset from the object's start. */
export interface FieldEntry {
  key: string;
  id: number;
  offset: number;
}

const encoder = new TextEncoder();

export class VariantBuilder {
  private buffer = new Uint8Array(128);
  private position = 0;
  private readonly dictionary = new Map<string, number>();
  private readonly keys: Uint8Array[] = [];

  /** The current end of the value written so far (see {@link finishObject}). */
  get writePosition(): number {
    return this.position;
  }

  /** The Variant built: the metadata (dictionary) and the value bytes. */
  result(): { metadata: Uint8Array; value: Uint8Array } {
    const stringSize = this.keys.reduce((sum, key) => sum + key.length, 0);
    const offsetSize = integerSize(Math.max(stringSize, this.keys.length));
    const offsetStart = 1 + offsetSize;
    const stringStart = offsetStart + (this.keys.length + 1) * offsetSize;
    const metadata = new Uint8Array(stringStart + stringSize);
    metadata[0] = METADATA_VERSION | ((offsetSize - 1) << 6);
    writeUnsigned(metadata, 1, this.keys.length, offsetSize);
    let offset = 0;
    this.keys.forEach((key, k) => {
      writeUnsigned(metadata, offsetStart + k * offsetSize, offset, offsetSize);
      metadata.set(key, stringStart + offset);
      offset += key.length;
    });
    writeUnsigned(metadata, offsetStart + this.keys.length * offsetSize, offset, offsetSize);
    return { metadata, value: this.buffer.slice(0, this.position) };
  }

  appendNull(): void {
    this.byte(primitiveHeader(PrimitiveType.NULL));
  }

  appendBoolean(value: boolean): void {
    this.byte(primitiveHeader(value ? PrimitiveType.TRUE : PrimitiveType.FALSE));
  }

  /** An integer in the narrowest of int8, int16, int32, int64 that holds it. */
  appendInteger(value: bigint | number): void {
    const n = BigInt(value);
    if (n >= -0x80n && n <= 0x7fn) this.fixed(PrimitiveType.INT8, n, 1);
    else if (n >= -0x8000n && n <= 0x7fffn) this.fixed(PrimitiveType.INT16, n, 2);
    else if (n >= -0x8000_0000n && n <= 0x7fff_ffffn) this.fixed(PrimitiveType.INT32, n, 4);
    else this.fixed(PrimitiveType.INT64, n, 8);
  }

  appendDouble(value: number): void {
    this.reserve(9);
    this.buffer[this.position++] = primitiveHeader(PrimitiveType.DOUBLE);
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.position, 8);
    // Java's doubleToLongBits: every NaN is written as the canonical one.
    if (Number.isNaN(value)) view.setBigUint64(0, 0x7ff8_0000_0000_0000n, true);
    else view.setFloat64(0, value, true);
    this.position += 8;
  }

  appendFloat(value: number): void {
    this.reserve(5);
    this.buffer[this.position++] = primitiveHeader(PrimitiveType.FLOAT);
    const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + this.position, 4);
    if (Number.isNaN(value)) view.setUint32(0, 0x7fc0_0000, true);
    else view.setFloat32(0, value, true);
    this.position += 4;
  }

  /**
   * A decimal of unscaled value `unscaled` and scale `scale`: decimal4 when scale and digits are
   * at most 9, decimal8 when at most 18, else decimal16.
   */
  appendDecimal(unscaled: bigint, scale: number): void {
    const digits = (unscaled < 0n ? -unscaled : unscaled).toString().length;
    const [id, width] =
      scale <= 9 && digits <= 9
        ? [PrimitiveType.DECIMAL4, 4]
        : scale <= 18 && digits <= 18
          ? [PrimitiveType.DECIMAL8, 8]
          : [PrimitiveType.DECIMAL16, 16];
    this.reserve(2 + width);
    this.buffer[this.position++] = primitiveHeader(id);
    this.buffer[this.position++] = scale;
    writeSigned(this.buffer, this.position, unscaled, width);
    this.position += width;
  }

  /** Days since 1970-01-01. */
  appendDate(days: number): void {
    this.fixed(PrimitiveType.DATE, BigInt(days), 4);
  }

  /** A timestamp (`utc`: adjusted to UTC) in microseconds or, with `nanos`, nanoseconds since the epoch. */
  appendTimestamp(value: bigint, utc: boolean, nanos = false): void {
    const id = nanos
      ? utc
        ? PrimitiveType.TIMESTAMP_NANOS
        : PrimitiveType.TIMESTAMP_NTZ_NANOS
      : utc
        ? PrimitiveType.TIMESTAMP
        : PrimitiveType.TIMESTAMP_NTZ;
    this.fixed(id, value, 8);
  }

  /** A time of day without zone, in microseconds since midnight. */
  appendTime(micros: bigint): void {
    this.fixed(PrimitiveType.TIME_NTZ, micros, 8);
  }

  /** A string from its UTF-8 bytes: a short string up to 63 bytes, else a long one. */
  appendString(utf8: Uint8Array): void {
    if (utf8.length > MAX_SHORT_STRING_SIZE) {
      this.sized(PrimitiveType.STRING, utf8);
      return;
    }
    this.reserve(1 + utf8.length);
    this.buffer[this.position++] = (utf8.length << 2) | BasicType.SHORT_STRING;
    this.buffer.set(utf8, this.position);
    this.position += utf8.length;
  }

  appendBinary(bytes: Uint8Array): void {
    this.sized(PrimitiveType.BINARY, bytes);
  }

  /** A UUID from its 16 big-endian bytes. */
  appendUuid(bytes: Uint8Array): void {
    if (bytes.length !== 16) throw malformed(`a UUID of ${bytes.length} bytes`);
    this.reserve(17);
    this.buffer[this.position++] = primitiveHeader(PrimitiveType.UUID);
    this.buffer.set(bytes, this.position);
    this.position += 16;
  }

  /** The dictionary id of `key`, added to the dictionary when new. */
  addKey(key: string): number {
    let id = this.dictionary.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.dictionary.set(key, id);
      this.keys.push(encoder.encode(key));
    }
    return id;
  }

  /**
   * Ends an object whose field values were appended from `start` on (each field recorded in
   * `fields` with its offset from `start` before its value was appended): sorts the fields by
   * key, refuses duplicate keys, and writes the header in front of the values.
   */
  finishObject(start: number, fields: FieldEntry[]): void {
    const dataSize = this.position - start;
    fields.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let maxId = 0;
    for (let k = 0; k < fields.length; k++) {
      maxId = Math.max(maxId, fields[k]!.id);
      if (k > 0 && fields[k]!.key === fields[k - 1]!.key) {
        throw malformed(`the key "${fields[k]!.key}" appears twice in one object`);
      }
    }
    const large = fields.length > U8_MAX;
    const sizeBytes = large ? 4 : 1;
    const idSize = integerSize(maxId);
    const offsetSize = integerSize(dataSize);
    const headerSize = 1 + sizeBytes + fields.length * idSize + (fields.length + 1) * offsetSize;
    this.shift(start, dataSize, headerSize);
    this.buffer[start] =
      ((large ? 1 : 0) << 6) | ((idSize - 1) << 4) | ((offsetSize - 1) << 2) | BasicType.OBJECT;
    writeUnsigned(this.buffer, start + 1, fields.length, sizeBytes);
    const idStart = start + 1 + sizeBytes;
    const offsetStart = idStart + fields.length * idSize;
    fields.forEach((field, k) => {
      writeUnsigned(this.buffer, idStart + k * idSize, field.id, idSize);
      writeUnsigned(this.buffer, offsetStart + k * offsetSize, field.offset, offsetSize);
    });
    writeUnsigned(this.buffer, offsetStart + fields.length * offsetSize, dataSize, offsetSize);
  }

  /** Ends an array whose elements were appended from `start` on, at `offsets` from it. */
  finishArray(start: number, offsets: number[]): void {
    const dataSize = this.position - start;
    const large = offsets.length > U8_MAX;
    const sizeBytes = large ? 4 : 1;
    const offsetSize = integerSize(dataSize);
    const headerSize = 1 + sizeBytes + (offsets.length + 1) * offsetSize;
    this.shift(start, dataSize, headerSize);
    this.buffer[start] = ((large ? 1 : 0) << 4) | ((offsetSize - 1) << 2) | BasicType.ARRAY;
    writeUnsigned(this.buffer, start + 1, offsets.length, sizeBytes);
    const offsetStart = start + 1 + sizeBytes;
    offsets.forEach((offset, k) => {
      writeUnsigned(this.buffer, offsetStart + k * offsetSize, offset, offsetSize);
    });
    writeUnsigned(this.buffer, offsetStart + offsets.length * offsetSize, dataSize, offsetSize);
  }

  /**
   * Appends the value at `pos` of another Variant (`value` with its `metadata`): primitives are
   * copied as they are, objects and arrays rebuilt with keys from this builder's dictionary.
   */
  appendVariant(value: Uint8Array, metadata: VariantMetadata, pos = 0): void {
    if (pos >= value.length) throw malformed('a value starts past the end of the binary');
    const basicType = value[pos]! & 0b11;
    if (basicType === BasicType.OBJECT) {
      const layout = containerLayout(value, pos);
      const start = this.position;
      const fields: FieldEntry[] = [];
      for (let k = 0; k < layout.size; k++) {
        const id = readUnsigned(value, layout.idStart + k * layout.idSize, layout.idSize);
        const offset = readUnsigned(
          value,
          layout.offsetStart + k * layout.offsetSize,
          layout.offsetSize,
        );
        const key = metadata.key(id);
        fields.push({ key, id: this.addKey(key), offset: this.position - start });
        this.appendVariant(value, metadata, layout.dataStart + offset);
      }
      this.finishObject(start, fields);
    } else if (basicType === BasicType.ARRAY) {
      const layout = containerLayout(value, pos);
      const start = this.position;
      const offsets: number[] = [];
      for (let k = 0; k < layout.size; k++) {
        const offset = readUnsigned(
          value,
          layout.offsetStart + k * layout.offsetSize,
          layout.offsetSize,
        );
        offsets.push(this.position - start);
        this.appendVariant(value, metadata, layout.dataStart + offset);
      }
      this.finishArray(start, offsets);
    } else {
      const size = valueSize(value, pos);
      if (pos + size > value.length) throw malformed('a value runs past the end of the binary');
      this.reserve(size);
      this.buffer.set(value.subarray(pos, pos + size), this.position);
      this.position += size;
    }
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.position++] = value;
  }

  private fixed(id: number, value: bigint, width: number): void {
    this.reserve(1 + width);
    this.buffer[this.position++] = primitiveHeader(id);
    writeSigned(this.buffer, this.position, value, width);
    this.position += width;
  }

  private sized(id: number, bytes: Uint8Array): void {
    this.reserve(5 + bytes.length);
    this.buffer[this.position++] = primitiveHeader(id);
    writeUnsigned(this.buffer, this.position, bytes.length, 4);
    this.buffer.set(bytes, this.position + 4);
    this.position += 4 + bytes.length;
  }

  /** Moves `size` bytes at `start` forward by `by`, making room for a header. */
  private shift(start: number, size: number, by: number): void {
    this.reserve(by);
    this.buffer.copyWithin(start + by, start, start + size);
    this.position += by;
  }

  private reserve(additional: number): void {
    const required = this.position + additional;
    if (required <= this.buffer.length) return;
    let capacity = this.buffer.length;
    while (capacity < required) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.position));
    this.buffer = grown;
  }
}

/** Bytes needed for an unsigned offset, id or count (1, 2, 3 or 4). */
function integerSize(value: number): number {
  if (value <= 0xff) return 1;
  if (value <= 0xffff) return 2;
  if (value <= 0xff_ffff) return 3;
  return 4;
}

function writeUnsigned(target: Uint8Array, pos: number, value: number, size: number): void {
  let rest = value;
  for (let k = 0; k < size; k++) {
    target[pos + k] = rest & 0xff;
    rest = Math.floor(rest / 256);
  }
}

/** Two's complement little-endian, sign-extended to `width` bytes. */
function writeSigned(target: Uint8Array, pos: number, value: bigint, width: number): void {
  let rest = BigInt.asUintN(width * 8, value);
  for (let k = 0; k < width; k++) {
    target[pos + k] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}
