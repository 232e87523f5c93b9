import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { InvalidShreddedVariant } from './invalid-shredded-variant.js';
import { decodeVariant, encodeValue, metadataOf } from './test-support/variant-codec.js';
import { type FieldEntry, VariantBuilder } from './variant-builder.js';
import { VariantMetadata } from './variant-encoding.js';

describe('VariantBuilder', () => {
  it('writes short strings up to 63 bytes and long strings beyond', () => {
    const short = new VariantBuilder();
    short.appendString(new Uint8Array(63).fill(0x61));
    expect(short.result().value.slice(0, 1)).toEqual(Uint8Array.of((63 << 2) | 1));
    const long = new VariantBuilder();
    long.appendString(new Uint8Array(64).fill(0x61));
    expect([...long.result().value.slice(0, 5)]).toEqual([16 << 2, 64, 0, 0, 0]);
  });

  it('writes every NaN as the canonical one, as Java does', () => {
    const builder = new VariantBuilder();
    builder.appendDouble(Number.NaN);
    builder.appendFloat(Number.NaN);
    expect([...builder.result().value]).toEqual([
      7 << 2,
      0,
      0,
      0,
      0,
      0,
      0,
      0xf8,
      0x7f,
      14 << 2,
      0,
      0,
      0xc0,
      0x7f,
    ]);
  });

  it('uses a 4-byte count past 255 fields, and wider ids, offsets and metadata offsets as needed', () => {
    const builder = new VariantBuilder();
    const start = builder.writePosition;
    const fields: FieldEntry[] = [];
    const keys = Array.from({ length: 300 }, (_, k) => `key${String(k).padStart(3, '0')}`);
    for (const key of keys) {
      fields.push({ key, id: builder.addKey(key), offset: builder.writePosition - start });
      builder.appendString(new TextEncoder().encode(key));
    }
    builder.finishObject(start, fields);
    const { metadata, value } = builder.result();
    // Header: object, large, 2-byte ids (ids up to 299), 2-byte offsets (data past 255 bytes).
    expect(value[0]).toBe((1 << 6) | (1 << 4) | (1 << 2) | 2);
    expect(metadata[0]).toBe(0x01 | (1 << 6)); // 2-byte metadata offsets, not sorted
    const decoded = decodeVariant(metadata, value) as Record<string, string>;
    expect(Object.keys(decoded)).toEqual(keys);
    expect(decoded.key299).toBe('key299');
  });

  it('sorts object fields by key and refuses a key written twice', () => {
    const builder = new VariantBuilder();
    const start = builder.writePosition;
    const fields: FieldEntry[] = [];
    for (const key of ['b', 'a', 'b']) {
      fields.push({ key, id: builder.addKey(key), offset: builder.writePosition - start });
      builder.appendNull();
    }
    const error = (() => {
      try {
        builder.finishObject(start, fields);
      } catch (e) {
        return e;
      }
    })();
    expect(SiltError.hasCode(error, InvalidShreddedVariant.code)).toBe(true);
  });

  it('copies another Variant with its keys moved to the new dictionary', () => {
    const keys = ['unused', 'z', 'a'];
    const source = encodeValue({ z: [true, { a: 'x' }], a: 1.5 }, keys);
    const builder = new VariantBuilder();
    builder.appendVariant(source, new VariantMetadata(metadataOf(keys)));
    const { metadata, value } = builder.result();
    // Keys in the order met (fields sorted: a, then z); "unused" is dropped.
    expect([...metadata]).toEqual([0x01, 2, 0, 1, 2, 0x61, 0x7a]);
    expect(decodeVariant(metadata, value)).toEqual({
      a: { $double: 1.5 },
      z: [true, { a: 'x' }],
    });
  });
});
