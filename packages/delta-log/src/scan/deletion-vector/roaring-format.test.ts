import { describe, expect, it } from 'vitest';
import { pyroaring } from '../test-support/pyroaring.js';
import { InvalidDeletionVector } from './invalid-deletion-vector.js';
import { parseRoaringTreemap } from './roaring-format.js';
import { rowIndexSetOf, serializeRoaringTreemap } from './roaring-writer.js';

const range = (start: number, end: number, step = 1) =>
  Array.from({ length: Math.ceil((end - start) / step) }, (_, k) => start + k * step);

/** A deterministic pseudo-random sample of [0, limit). */
function sample(count: number, limit: number, seed: number): number[] {
  const values = new Set<number>();
  let state = seed;
  while (values.size < count) {
    // xorshift32: exact in 32-bit integer arithmetic.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values.add((state >>> 0) % limit);
  }
  return [...values].sort((a, b) => a - b);
}

const sets: [string, number[]][] = [
  ['no rows', []],
  ['row 0', [0]],
  ['a sparse array container', [3, 4, 7, 11, 18, 29]],
  ['an array container at its limit (4096 values)', range(0, 8192, 2)],
  ['a bitmap container (4097 scattered values)', sample(4097, 65_536, 7)],
  ['a run container', range(100, 5000)],
  ['runs and a lone value', [...range(0, 300), 1000, ...range(2000, 2100)]],
  ['many containers in one bucket', [5, 65_535, 65_536, 70_000, 140_000, 210_000, 280_000]],
  ['several buckets (row indexes past 2^32)', [1, 2 ** 32, 2 ** 32 + 5, 3 * 2 ** 32 + 65_536]],
  ['a full container', range(0, 65_536)],
];

describe('portable RoaringTreemap', () => {
  it.each(sets)('round-trips %s with and without run containers', (_, values) => {
    for (const runContainers of [true, false]) {
      const bytes = serializeRoaringTreemap(rowIndexSetOf(values), { runContainers });
      const parsed = parseRoaringTreemap(bytes, 'test');
      expect(parsed.cardinality).toBe(values.length);
      expect([...parsed.values()]).toEqual(values);
    }
  });

  it('answers membership for each container kind', () => {
    const values = [
      ...range(0, 10),
      ...range(70_000, 80_000, 3),
      ...range(140_000, 150_000),
      2 ** 32 + 1,
    ];
    const set = parseRoaringTreemap(serializeRoaringTreemap(rowIndexSetOf(values)), 'test');
    const members = new Set(values);
    for (const probe of [
      ...range(0, 200_000, 7),
      2 ** 32,
      2 ** 32 + 1,
      2 ** 32 + 2,
      -1,
      0.5,
      2 ** 60,
    ]) {
      expect(set.has(probe)).toBe(members.has(probe));
    }
  });

  it('masks a range of rows without visiting the rest', () => {
    const set = rowIndexSetOf([2, 5, 65_537, 2 ** 32]);
    expect([...set.maskOfRange(0, 6)]).toEqual([0, 0, 1, 0, 0, 1]);
    expect([...set.maskOfRange(65_536, 3)]).toEqual([0, 1, 0]);
    expect([...set.maskOfRange(2 ** 32 - 1, 2)]).toEqual([0, 1]);
  });

  it('reads what pyroaring (CRoaring) writes, and pyroaring reads what Silt writes', async () => {
    const inputs = sets.map(([, values]) => values);
    const { encoded } = await pyroaring({ encode: inputs });
    encoded.forEach((bytes, k) => {
      expect([...parseRoaringTreemap(bytes, 'pyroaring').values()]).toEqual(inputs[k]);
    });
    const ours = inputs.flatMap((values) => [
      serializeRoaringTreemap(rowIndexSetOf(values), { runContainers: true }),
      serializeRoaringTreemap(rowIndexSetOf(values), { runContainers: false }),
    ]);
    const { decoded } = await pyroaring({ decode: ours });
    expect(decoded).toEqual(inputs.flatMap((values) => [values, values]));
  });

  describe('refuses malformed bitmaps', () => {
    const valid = () => serializeRoaringTreemap(rowIndexSetOf([3, 4, 7]), { runContainers: false });
    // Layout of `valid`: bucket count [0, 8), key [8, 12), cookie [12, 16), container count
    // [16, 20), container key [20, 22), cardinality - 1 [22, 24), offset [24, 28), values [28, 34).
    const mutate = (change: (bytes: Uint8Array) => Uint8Array) => change(valid());

    it.each([
      ['a truncated bitmap', mutate((bytes) => bytes.subarray(0, bytes.length - 1)), /ends inside/],
      ['trailing bytes', mutate((bytes) => Uint8Array.from([...bytes, 0])), /follow the bitmap/],
      [
        'an unknown cookie',
        mutate((bytes) => {
          bytes[12] = 0x99;
          return bytes;
        }),
        /cookie/,
      ],
      [
        'unsorted values',
        mutate((bytes) => {
          bytes[30] = 9;
          return bytes;
        }),
        /not strictly ascending/,
      ],
      [
        'a cardinality larger than the data',
        mutate((bytes) => {
          bytes[22] = 0x20;
          return bytes;
        }),
        /ends inside/,
      ],
      [
        'a bucket key beyond 2^53 row indexes',
        mutate((bytes) => {
          bytes[11] = 0x10;
          return bytes;
        }),
        /beyond 2\^53/,
      ],
      [
        'a huge bucket count',
        mutate((bytes) => {
          bytes[7] = 1;
          return bytes;
        }),
        /too large/,
      ],
    ])('%s', (_, bytes, message) => {
      expect(() => parseRoaringTreemap(bytes, 'test')).toThrow(InvalidDeletionVector);
      expect(() => parseRoaringTreemap(bytes, 'test')).toThrow(message);
    });

    it('descending bucket keys', () => {
      const first = serializeRoaringTreemap(rowIndexSetOf([2 ** 32 + 1]));
      const second = serializeRoaringTreemap(rowIndexSetOf([1]));
      // Two buckets, the second with a smaller key than the first.
      const bytes = Uint8Array.from([
        2,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        ...first.subarray(8),
        ...second.subarray(8),
      ]);
      expect(() => parseRoaringTreemap(bytes, 'test')).toThrow(/not ascending/);
    });

    it('overlapping runs', () => {
      const bytes = serializeRoaringTreemap(rowIndexSetOf(range(0, 100)));
      // One run [0, 99] → rewrite as two runs is not possible in place; instead make the run pass
      // the end of the container: start 65,500 with length 100.
      const view = new DataView(bytes.buffer);
      const runStart = bytes.length - 4;
      view.setUint16(runStart, 65_500, true);
      expect(() => parseRoaringTreemap(bytes, 'test')).toThrow(/passes the end/);
    });
  });
});
