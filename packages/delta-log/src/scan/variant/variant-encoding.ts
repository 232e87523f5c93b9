/**
 * The Variant binary encoding (apache/parquet-format VariantEncoding.md): constants and the few
 * readers the rebuild of shredded values needs. A value starts with one byte, its basic type in
 * the low two bits and a type-specific header in the high six; the metadata holds the dictionary
 * of object keys.
 */

import { InvalidShreddedVariant } from './invalid-shredded-variant.js';

/** Basic types (low two bits of a value's first byte). */
export const BasicType = { PRIMITIVE: 0, SHORT_STRING: 1, OBJECT: 2, ARRAY: 3 } as const;

/** Primitive type ids (high six bits of a primitive value's first byte). */
export const PrimitiveType = {
  NULL: 0,
  TRUE: 1,
  FALSE: 2,
  INT8: 3,
  INT16: 4,
  INT32: 5,
  INT64: 6,
  DOUBLE: 7,
  DECIMAL4: 8,
  DECIMAL8: 9,
  DECIMAL16: 10,
  DATE: 11,
  TIMESTAMP: 12,
  TIMESTAMP_NTZ: 13,
  FLOAT: 14,
  BINARY: 15,
  STRING: 16,
  TIME_NTZ: 17,
  TIMESTAMP_NANOS: 18,
  TIMESTAMP_NTZ_NANOS: 19,
  UUID: 20,
} as const;

/** The metadata version this encoding defines. */
export const METADATA_VERSION = 1;
/** Longest string held as a short string (its length fits the six header bits). */
export const MAX_SHORT_STRING_SIZE = 63;
/** Largest element count written with a one-byte count (`is_large` unset). */
export const U8_MAX = 0xff;

/** The encoded Variant null: primitive, type id 0. */
export const VARIANT_NULL: Uint8Array = Uint8Array.of(0);

/** The first byte of a primitive value of type `id`. */
export function primitiveHeader(id: number): number {
  return (id << 2) | BasicType.PRIMITIVE;
}

/** Reads an unsigned little-endian integer of `size` (1 to 4) bytes at `pos`. */
export function readUnsigned(bytes: Uint8Array, pos: number, size: number): number {
  if (pos < 0 || pos + size > bytes.length) throw malformed('a value runs past its end');
  let result = 0;
  for (let k = size - 1; k >= 0; k--) result = result * 256 + bytes[pos + k]!;
  return result;
}

export function malformed(reason: string): InvalidShreddedVariant {
  return new InvalidShreddedVariant({ reason: `malformed Variant binary: ${reason}` });
}

/** The layout of an object or array value at `pos`. */
export interface ContainerLayout {
  /** Number of fields or elements. */
  size: number;
  /** Bytes per field id (objects only; 0 for arrays). */
  idSize: number;
  /** Bytes per field offset. */
  offsetSize: number;
  /** Position of the first field id (objects). */
  idStart: number;
  /** Position of the first field offset. */
  offsetStart: number;
  /** Position of the first field value; offsets are relative to it. */
  dataStart: number;
}

/** The layout of the object or array at `pos` (its basic type says which). */
export function containerLayout(value: Uint8Array, pos: number): ContainerLayout {
  const header = value[pos]!;
  const basicType = header & 0b11;
  const large = basicType === BasicType.OBJECT ? (header >> 6) & 1 : (header >> 4) & 1;
  const offsetSize = ((header >> 2) & 0b11) + 1;
  const idSize = basicType === BasicType.OBJECT ? ((header >> 4) & 0b11) + 1 : 0;
  const sizeBytes = large ? 4 : 1;
  const size = readUnsigned(value, pos + 1, sizeBytes);
  const idStart = pos + 1 + sizeBytes;
  const offsetStart = idStart + size * idSize;
  const dataStart = offsetStart + (size + 1) * offsetSize;
  if (dataStart > value.length) throw malformed('a container header runs past the value');
  return { size, idSize, offsetSize, idStart, offsetStart, dataStart };
}

/** The size in bytes of the value starting at `pos`. */
export function valueSize(value: Uint8Array, pos: number): number {
  if (pos >= value.length) throw malformed('a value starts past the end of the binary');
  const header = value[pos]!;
  const basicType = header & 0b11;
  const typeInfo = header >> 2;
  switch (basicType) {
    case BasicType.SHORT_STRING:
      return 1 + typeInfo;
    case BasicType.OBJECT:
    case BasicType.ARRAY: {
      const layout = containerLayout(value, pos);
      return (
        layout.dataStart -
        pos +
        readUnsigned(value, layout.offsetStart + layout.size * layout.offsetSize, layout.offsetSize)
      );
    }
    default:
      switch (typeInfo) {
        case PrimitiveType.NULL:
        case PrimitiveType.TRUE:
        case PrimitiveType.FALSE:
          return 1;
        case PrimitiveType.INT8:
          return 2;
        case PrimitiveType.INT16:
          return 3;
        case PrimitiveType.INT32:
        case PrimitiveType.DATE:
        case PrimitiveType.FLOAT:
          return 5;
        case PrimitiveType.INT64:
        case PrimitiveType.DOUBLE:
        case PrimitiveType.TIMESTAMP:
        case PrimitiveType.TIMESTAMP_NTZ:
        case PrimitiveType.TIME_NTZ:
        case PrimitiveType.TIMESTAMP_NANOS:
        case PrimitiveType.TIMESTAMP_NTZ_NANOS:
          return 9;
        case PrimitiveType.DECIMAL4:
          return 6;
        case PrimitiveType.DECIMAL8:
          return 10;
        case PrimitiveType.DECIMAL16:
          return 18;
        case PrimitiveType.BINARY:
        case PrimitiveType.STRING:
          return 1 + 4 + readUnsigned(value, pos + 1, 4);
        case PrimitiveType.UUID:
          return 17;
        default:
          throw malformed(`unknown primitive type id ${typeInfo}`);
      }
  }
}

/** The dictionary of a Variant metadata binary: key bytes by id, decoded on demand. */
export class VariantMetadata {
  private readonly offsetSize: number;
  private readonly size: number;
  private readonly stringStart: number;
  private readonly decoded = new Map<number, string>();

  constructor(readonly bytes: Uint8Array) {
    if (bytes.length === 0) throw malformed('empty metadata');
    const header = bytes[0]!;
    if ((header & 0x0f) !== METADATA_VERSION) {
      throw malformed(`metadata version ${header & 0x0f} (only version 1 is defined)`);
    }
    this.offsetSize = ((header >> 6) & 0b11) + 1;
    this.size = readUnsigned(bytes, 1, this.offsetSize);
    this.stringStart = 1 + (this.size + 2) * this.offsetSize;
    if (this.stringStart > bytes.length) throw malformed('the metadata dictionary is truncated');
  }

  /** The key of dictionary entry `id`. */
  key(id: number): string {
    let key = this.decoded.get(id);
    if (key === undefined) {
      if (id >= this.size) throw malformed(`field id ${id} is not in the metadata dictionary`);
      const start = readUnsigned(this.bytes, 1 + (id + 1) * this.offsetSize, this.offsetSize);
      const end = readUnsigned(this.bytes, 1 + (id + 2) * this.offsetSize, this.offsetSize);
      if (end < start || this.stringStart + end > this.bytes.length) {
        throw malformed(`dictionary entry ${id} runs past the metadata`);
      }
      key = utf8Decoder.decode(
        this.bytes.subarray(this.stringStart + start, this.stringStart + end),
      );
      this.decoded.set(id, key);
    }
    return key;
  }
}

const utf8Decoder = new TextDecoder();
