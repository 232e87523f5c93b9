import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareBytes,
  compareNumeric,
  compareUtf8,
  type NumericValue,
  rationalOfDecimalText,
  rationalOfDouble,
} from './compare-values.js';

const rational = (numerator: bigint, denominator = 1n) => ({ numerator, denominator });

describe('compareNumeric', () => {
  it.each<[NumericValue, NumericValue, number]>([
    [1, 2, -1],
    [2, 2, 0],
    [-0, 0, 0],
    [Number.NaN, Number.NaN, 0],
    [Number.NaN, Number.POSITIVE_INFINITY, 1],
    [Number.POSITIVE_INFINITY, rational(10n ** 400n), 1],
    [Number.NEGATIVE_INFINITY, rational(-(10n ** 400n)), -1],
    [rational(9_007_199_254_740_993n), 9_007_199_254_740_992, 1],
    [rational(1n, 10n), 0.1, -1], // the double 0.1 is slightly above 1/10
    [rational(3n, 2n), 1.5, 0],
    [rational(-1n), Number.NaN, -1],
  ])('compares %s with %s: %i', (left, right, expected) => {
    expect(compareNumeric(left, right)).toBe(expected);
    expect(compareNumeric(right, left)).toBe(-expected || 0);
  });

  it('agrees with double comparison on doubles made exact', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        if (!Number.isFinite(a) || !Number.isFinite(b)) return;
        expect(compareNumeric(rationalOfDouble(a), rationalOfDouble(b))).toBe(expected);
        expect(compareNumeric(rationalOfDouble(a), b)).toBe(expected);
      }),
    );
  });

  it('reads decimal text exactly', () => {
    expect(rationalOfDecimalText('-1.50')).toEqual(rational(-150n, 100n));
    expect(rationalOfDecimalText('1E-7')).toEqual(rational(1n, 10_000_000n));
    expect(rationalOfDecimalText('2.5e2')).toEqual(rational(250n));
    expect(rationalOfDecimalText('abc')).toBeUndefined();
    expect(rationalOfDecimalText('.')).toBeUndefined();
  });
});

describe('compareUtf8', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['a', 'b'],
    ['a', 'ab'],
    ['\uFFFD', '😀'],
    ['\uE000', '\u{10000}'],
    ['Z', 'a'],
    ['z\u0301', 'é'],
  ])('orders %j before %j, as UTF-8 bytes do', (low, high) => {
    expect(compareUtf8(low, high)).toBeLessThan(0);
    expect(compareUtf8(high, low)).toBeGreaterThan(0);
    expect(Math.sign(compareBytes(bytes(low), bytes(high)))).toBe(-1);
  });

  it('agrees with the order of UTF-8 bytes on any strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareUtf8(a, b))).toBe(Math.sign(compareBytes(bytes(a), bytes(b))));
      }),
    );
  });
});
