import { describe, expect, it } from 'vitest';
import { deletionVectorUniqueId } from '../../protocol/logical-file-key.js';
import { crc32 } from './crc32.js';
import { deletionVectorPath, uuidFromZ85, z85OfUuid } from './deletion-vector-path.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { decodeZ85, encodeZ85 } from './z85.js';

describe('decodeZ85 / encodeZ85', () => {
  it('decodes the example of the Z85 specification', () => {
    expect([...decodeZ85('HelloWorld')]).toEqual([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    expect(encodeZ85(Uint8Array.of(0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b))).toBe(
      'HelloWorld',
    );
  });

  it.each([0, 1, 2, 3, 4, 5, 7, 8, 33])(
    'round-trips %i bytes, padding to 4-byte groups',
    (length) => {
      const bytes = Uint8Array.from({ length }, (_, k) => (k * 97 + 13) & 0xff);
      const text = encodeZ85(bytes);
      expect(text.length).toBe(Math.ceil(length / 4) * 5);
      expect([...decodeZ85(text, length)]).toEqual([...bytes]);
    },
  );

  it('decodes the extremes of a group', () => {
    expect([...decodeZ85('00000')]).toEqual([0, 0, 0, 0]);
    expect([...decodeZ85(encodeZ85(Uint8Array.of(255, 255, 255, 255)))]).toEqual([
      255, 255, 255, 255,
    ]);
  });

  it.each([
    ['a length that is not a multiple of 5', 'abcd', /multiple of 5/],
    ['a character outside the alphabet', 'abc d', /not a Z85 character/],
    ['a non-ASCII character', 'abcdé', /not a Z85 character/],
    ['a group above 2^32 - 1', '#####', /exceeds 32 bits/],
  ])('refuses %s', (_, text, message) => {
    expect(() => decodeZ85(text)).toThrow(message);
  });

  it('refuses an output length longer than the text holds', () => {
    expect(() => decodeZ85('HelloWorld', 9)).toThrow(/fewer than the 9 expected/);
  });
});

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('of %j is the ISO-HDLC checksum', (text, expected) => {
    expect(crc32(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe('deletionVectorPath', () => {
  const descriptor = (storageType: 'u' | 'i' | 'p', pathOrInlineDv: string) => ({
    storageType,
    pathOrInlineDv,
    offset: 1,
    sizeInBytes: 36,
    cardinality: 2,
  });

  it.each([
    // PROTOCOL.md, JSON Example 1: a random prefix before the 20-character UUID.
    ['ab^-aqEH.-t@S}K{vb[*k^', 'ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin'],
    ['vBn[lx{q8@P<9BNH/isA', 'deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin'],
    ['dvrsTVZ&*Sl-RXRWjryu/!', 'dv/deletion_vector_550e8400-e29b-41d4-a716-446655440000.bin'],
    ['5<w-%>:JjlQ/G/]6C<1m', 'deletion_vector_123e4567-e89b-12d3-a456-426614174000.bin'],
  ])('resolves relative descriptor %j to %s', (encoded, path) => {
    expect(deletionVectorPath(descriptor('u', encoded))).toBe(path);
  });

  it('resolves an absolute path inside the table, URI-decoding it', () => {
    const absolute = descriptor('p', 's3://bucket/my%20table/dv/deletion_vector_x.bin');
    expect(deletionVectorPath(absolute, { tableUrl: 's3://bucket/my%20table' })).toBe(
      'dv/deletion_vector_x.bin',
    );
    expect(deletionVectorPath(absolute, { tableUrl: 's3://bucket/my%20table/' })).toBe(
      'dv/deletion_vector_x.bin',
    );
  });

  it.each([
    [
      'an absolute path without the table URL',
      descriptor('p', 's3://t/deletion_vector_x.bin'),
      {},
      /pass the table URL/,
    ],
    [
      'an absolute path outside the table',
      descriptor('p', 's3://other/x.bin'),
      { tableUrl: 's3://t' },
      /outside the table/,
    ],
    ['an inline descriptor', descriptor('i', 'abcde'), {}, /no file path/],
    ['a relative path shorter than a UUID', descriptor('u', 'abc'), {}, /20-character Z85 UUID/],
    ['a UUID with a bad character', descriptor('u', 'vBn[lx{q8@P<9BNH/is '), {}, /not valid Z85/],
  ])('refuses %s', (_, value, options, message) => {
    expect(() => deletionVectorPath(value, options)).toThrow(InvalidDeletionVector);
    expect(() => deletionVectorPath(value, options)).toThrow(message);
  });

  it('decodes a UUID', () => {
    expect(uuidFromZ85('vBn[lx{q8@P<9BNH/isA')).toBe('61d16c75-6994-46b7-a15b-8b538852e50e');
  });
});

describe('deletionVectorUniqueId', () => {
  it.each([
    [
      {
        storageType: 'u' as const,
        pathOrInlineDv: 'vBn[lx{q8@P<9BNH/isA',
        offset: 1,
        sizeInBytes: 36,
        cardinality: 2,
      },
      'uvBn[lx{q8@P<9BNH/isA@1',
    ],
    [
      {
        storageType: 'i' as const,
        pathOrInlineDv: 'wi5b=000010000',
        sizeInBytes: 8,
        cardinality: 1,
      },
      'iwi5b=000010000',
    ],
  ])('of %j is %s', (value, expected) => {
    expect(deletionVectorUniqueId(value)).toBe(expected);
  });
});

describe('z85OfUuid', () => {
  it('is the inverse of uuidFromZ85', () => {
    const uuid = 'd2c639aa-8816-431a-aaf6-d3fe2512ff61';
    expect(uuidFromZ85(z85OfUuid(uuid))).toBe(uuid);
  });
});
