/**
 * A small Variant encoder and decoder for tests, written apart from the builder under test:
 * the encoder makes the `metadata` / `value` binaries a shredded file holds, the decoder turns
 * rebuilt binaries back into plain values (checking the object key order on the way).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Metadata with `keys` as its dictionary (ids in that order), one-byte offsets. */
export function metadataOf(keys: readonly string[]): Uint8Array {
  const bytes = keys.map((key) => encoder.encode(key));
  const out = [0x01, keys.length, 0];
  let offset = 0;
  for (const key of bytes) {
    offset += key.length;
    out.push(offset);
  }
  return Uint8Array.from([...out, ...bytes.flatMap((key) => [...key])]);
}

/** A JSON-like value for {@link encodeValue}: integers are bigints, other numbers doubles. */
export type TestValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | TestValue[]
  | { [key: string]: TestValue };

/** The Variant value binary of `value`, object keys resolved in `keys` (the metadata's dictionary). */
export function encodeValue(value: TestValue, keys: readonly string[]): Uint8Array {
  return Uint8Array.from(encode(value, keys));
}

function encode(value: TestValue, keys: readonly string[]): number[] {
  if (value === null) return [0x00];
  if (value === true) return [0x04];
  if (value === false) return [0x08];
  if (typeof value === 'bigint') return [6 << 2, ...littleEndian(value, 8)];
  if (typeof value === 'number') {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    return [7 << 2, ...new Uint8Array(view.buffer)];
  }
  if (typeof value === 'string') {
    const bytes = [...encoder.encode(value)];
    return bytes.length < 64
      ? [(bytes.length << 2) | 1, ...bytes]
      : [16 << 2, ...littleEndian(BigInt(bytes.length), 4), ...bytes];
  }
  // Containers with 4-byte offsets and ids, to differ from the builder's narrowest choice.
  if (Array.isArray(value)) {
    const parts = value.map((item) => encode(item, keys));
    return [
      (1 << 4) | (3 << 2) | 3,
      ...littleEndian(BigInt(parts.length), 4),
      ...offsets(parts),
      ...parts.flat(),
    ];
  }
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = entries.map(([, item]) => encode(item, keys));
  const ids = entries.flatMap(([key]) => {
    const id = keys.indexOf(key);
    if (id < 0) throw new Error(`key ${key} is not in the test dictionary`);
    return littleEndian(BigInt(id), 4);
  });
  return [
    (1 << 6) | (3 << 4) | (3 << 2) | 2,
    ...littleEndian(BigInt(parts.length), 4),
    ...ids,
    ...offsets(parts),
    ...parts.flat(),
  ];
}

function offsets(parts: number[][]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const part of [...parts, []]) {
    out.push(...littleEndian(BigInt(offset), 4));
    offset += part.length;
  }
  return out;
}

function littleEndian(value: bigint, width: number): number[] {
  let rest = BigInt.asUintN(width * 8, value);
  const out: number[] = [];
  for (let k = 0; k < width; k++) {
    out.push(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return out;
}

/** A decoded Variant: primitives other than JSON's are tagged objects (`{ $date: 19782 }`). */
export type Decoded = unknown;

/** Decodes a Variant (metadata and value binaries) into plain values. */
export function decodeVariant(metadata: Uint8Array, value: Uint8Array): Decoded {
  const offsetSize = ((metadata[0]! >> 6) & 3) + 1;
  const size = readLe(metadata, 1, offsetSize);
  const stringStart = 1 + (size + 2) * offsetSize;
  const key = (id: number) =>
    decoder.decode(
      metadata.subarray(
        stringStart + readLe(metadata, 1 + (id + 1) * offsetSize, offsetSize),
        stringStart + readLe(metadata, 1 + (id + 2) * offsetSize, offsetSize),
      ),
    );
  return decodeAt(value, 0, key);
}

function decodeAt(value: Uint8Array, pos: number, key: (id: number) => string): Decoded {
  const header = value[pos]!;
  const basic = header & 3;
  const info = header >> 2;
  const view = new DataView(value.buffer, value.byteOffset);
  if (basic === 1) return decoder.decode(value.subarray(pos + 1, pos + 1 + info));
  if (basic === 2 || basic === 3) {
    const large = basic === 2 ? (header >> 6) & 1 : (header >> 4) & 1;
    const offsetSize = ((header >> 2) & 3) + 1;
    const idSize = basic === 2 ? ((header >> 4) & 3) + 1 : 0;
    const count = readLe(value, pos + 1, large ? 4 : 1);
    const idStart = pos + 1 + (large ? 4 : 1);
    const offsetStart = idStart + count * idSize;
    const dataStart = offsetStart + (count + 1) * offsetSize;
    const item = (k: number) =>
      decodeAt(value, dataStart + readLe(value, offsetStart + k * offsetSize, offsetSize), key);
    if (basic === 3) return Array.from({ length: count }, (_, k) => item(k));
    const out: Record<string, Decoded> = {};
    let previous: string | undefined;
    for (let k = 0; k < count; k++) {
      const name = key(readLe(value, idStart + k * idSize, idSize));
      if (previous !== undefined && !(previous < name))
        throw new Error(`keys out of order: ${previous}, ${name}`);
      previous = name;
      out[name] = item(k);
    }
    return out;
  }
  const at = pos + 1;
  switch (info) {
    case 0:
      return null;
    case 1:
      return true;
    case 2:
      return false;
    case 3:
      return { $int8: view.getInt8(at) };
    case 4:
      return { $int16: view.getInt16(at, true) };
    case 5:
      return { $int32: view.getInt32(at, true) };
    case 6:
      return { $int64: view.getBigInt64(at, true) };
    case 7:
      return { $double: view.getFloat64(at, true) };
    case 8:
      return { $decimal4: [view.getInt32(at + 1, true), value[at]] };
    case 9:
      return { $decimal8: [view.getBigInt64(at + 1, true), value[at]] };
    case 10: {
      const low = view.getBigUint64(at + 1, true);
      const high = view.getBigInt64(at + 9, true);
      return { $decimal16: [(high << 64n) | low, value[at]] };
    }
    case 11:
      return { $date: view.getInt32(at, true) };
    case 12:
      return { $timestamp: view.getBigInt64(at, true) };
    case 13:
      return { $timestamp_ntz: view.getBigInt64(at, true) };
    case 14:
      return { $float: view.getFloat32(at, true) };
    case 15:
      return { $binary: [...value.subarray(at + 4, at + 4 + view.getUint32(at, true))] };
    case 16:
      return decoder.decode(value.subarray(at + 4, at + 4 + view.getUint32(at, true)));
    case 17:
      return { $time: view.getBigInt64(at, true) };
    case 18:
      return { $timestamp_nanos: view.getBigInt64(at, true) };
    case 19:
      return { $timestamp_ntz_nanos: view.getBigInt64(at, true) };
    case 20:
      return { $uuid: [...value.subarray(at, at + 16)] };
    default:
      throw new Error(`unknown primitive ${info}`);
  }
}

function readLe(bytes: Uint8Array, pos: number, size: number): number {
  let out = 0;
  for (let k = size - 1; k >= 0; k--) out = out * 256 + bytes[pos + k]!;
  return out;
}
