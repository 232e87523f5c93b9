import type { StructType } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { and, col, type ExpressionLike, lit, not, or } from '../expr/builder.js';
import { parseExpression } from '../expr/parse-expression.js';
import { createDataSkippingFilter, type FileSkippingInput, mightMatch } from './data-skipping.js';
import { parseFileStatistics } from './file-statistics.js';

const field = (name: string, type: StructType['fields'][number]['type']) => ({
  name,
  type,
  nullable: true,
  metadata: {},
});
const schema: StructType = {
  type: 'struct',
  fields: [
    field('id', 'long'),
    field('value', 'double'),
    field('price', 'decimal(10,2)'),
    field('name', 'string'),
    field('day', 'date'),
    field('at', 'timestamp'),
    field('local', 'timestamp_ntz'),
    field('flag', 'boolean'),
    field('address', {
      type: 'struct',
      fields: [field('city', 'string'), field('zip', 'integer')],
    }),
    field('tags', { type: 'array', elementType: 'string', containsNull: true }),
    field('part', 'integer'),
    field('region', 'string'),
  ],
};

/** A file of 10 rows: id 10..20, no nulls except 4 in name; value 0.5..2.5; and so on. */
const stats = JSON.stringify({
  numRecords: 10,
  minValues: {
    id: 10,
    value: 0.5,
    price: 1.25,
    name: 'apple',
    day: '2024-01-01',
    at: '2024-01-01T00:00:00.000Z',
    local: '2024-01-01T00:00:00.000',
    address: { city: 'Lyon', zip: 1000 },
  },
  maxValues: {
    id: 20,
    value: 2.5,
    price: 99.99,
    name: 'melon',
    day: '2024-01-31',
    at: '2024-01-31T12:00:00.123Z',
    local: '2024-01-31T12:00:00.123',
    address: { city: 'Paris', zip: 9000 },
  },
  nullCount: {
    id: 0,
    value: 0,
    price: 0,
    name: 4,
    day: 0,
    at: 0,
    local: 0,
    address: { city: 0, zip: 10 },
    tags: 0,
  },
});
const file: FileSkippingInput = { stats, partitionValues: { part: 7, region: null } };
const keeps = (
  predicate: ExpressionLike,
  input: FileSkippingInput = file,
  floatBoundsIncludeNaN = true,
) => mightMatch(predicate, input, schema, { floatBoundsIncludeNaN });

describe('mightMatch on min / max / null count', () => {
  it.each<[string, ExpressionLike, boolean]>([
    ['id = 15 (inside)', col('id').eq(15), true],
    ['id = 21 (above max)', col('id').eq(21), false],
    ['id = 9 (below min)', col('id').eq(9), false],
    ['id = 20 (at max)', col('id').eq(20), true],
    ['id < 10', col('id').lt(10), false],
    ['id <= 10', col('id').le(10), true],
    ['id > 20', col('id').gt(20), false],
    ['id >= 20', col('id').ge(20), true],
    ['10 > id (literal first)', lit(10).gt(col('id')), false],
    ['20 <= id (literal first)', lit(20).le(col('id')), true],
    ['id != 15', col('id').ne(15), true],
    ['id IN (1, 2, 30)', col('id').in([1, 2, 30]), false],
    ['id IN (1, 12)', col('id').in([1, 12]), true],
    ['id IN (1, NULL)', col('id').in([1, null]), false],
    ['id NOT IN (1, 2)', col('id').notIn([1, 2]), true],
    ['id NOT IN (1, NULL): never TRUE', col('id').notIn([1, null]), false],
    ['id = NULL: NULL on every row', col('id').eq(null), false],
    ['id = 15.5 (a double against a long)', col('id').eq(15.5), true],
    ['id > 20.5', col('id').gt(20.5), false],
    ['id > 19.5', col('id').gt(19.5), true],
    ['value > 2.5', col('value').gt(2.5), false],
    ['value >= 2.5', col('value').ge(2.5), true],
    ['value < 0.5', col('value').lt(0.5), false],
    ['price = 99.99 (decimal)', col('price').eq(lit('99.99', 'decimal(10,2)')), true],
    ['price > 99.99', col('price').gt(lit('99.99', 'decimal(10,2)')), false],
    ['price > 99.989', col('price').gt(99.989), true],
    ['price < 1.25', col('price').lt(1.25), false],
    ['name = "banana"', col('name').eq('banana'), true],
    ['name = "zebra"', col('name').eq('zebra'), false],
    ['name < "apple"', col('name').lt('apple'), false],
    ['name IS NULL (4 nulls)', col('name').isNull(), true],
    ['id IS NULL (no nulls)', col('id').isNull(), false],
    ['id IS NOT NULL', col('id').isNotNull(), true],
    ['day = DATE 2024-02-01', col('day').eq(lit('2024-02-01', 'date')), false],
    ["day = '2024-01-15' (string cast to date)", col('day').eq('2024-01-15'), true],
    ["day > '2024-01-31'", col('day').gt('2024-01-31'), false],
    [
      'at > max + 0.5 ms (max is cut to ms)',
      col('at').gt(lit('2024-01-31T12:00:00.123500Z', 'timestamp')),
      true,
    ],
    ['at > max + 1 ms', col('at').gt(lit('2024-01-31T12:00:00.124001Z', 'timestamp')), false],
    ['at < min - 1 ms', col('at').lt(lit('2023-12-31T23:59:59.998999Z', 'timestamp')), false],
    [
      'local = 2024-01-15 (ntz)',
      col('local').eq(lit('2024-01-15 00:00:00', 'timestamp_ntz')),
      true,
    ],
    [
      'local > 2024-02-01 (ntz)',
      col('local').gt(lit('2024-02-01 00:00:00', 'timestamp_ntz')),
      false,
    ],
    ['address.city = "Nice"', col('address.city').eq('Nice'), true],
    ['address.city = "Amiens"', col('address.city').eq('Amiens'), false],
    ['address.zip = 5 (all null)', col('address.zip').eq(5), false],
    ['address.zip IS NULL (all null)', col('address.zip').isNull(), true],
    ['address.zip IS NOT NULL (all null)', col('address.zip').isNotNull(), false],
    ['tags IS NULL (not a primitive: unknown)', col('tags').isNull(), true],
    ['missing = 1 (unknown column)', col('missing').eq(1), true],
    ['id = "15" (string against long: not compared)', col('id').eq('15'), true],
    ['flag = TRUE (no boolean stats)', col('flag').eq(true), true],
    ['id = other column', col('id').eq(col('value')), true],
  ])('%s → %s', (_, predicate, expected) => {
    expect(keeps(predicate)).toBe(expected);
  });
});

describe('mightMatch on partition values', () => {
  it.each<[string, ExpressionLike, boolean]>([
    ['part = 7', col('part').eq(7), true],
    ['part = 8', col('part').eq(8), false],
    ['part != 7', col('part').ne(7), false],
    ['part IN (1, 7)', col('part').in([1, 7]), true],
    ['NOT part = 7', col('part').eq(7).not(), false],
    ['part IS NULL', col('part').isNull(), false],
    ['region IS NULL (null partition)', col('region').isNull(), true],
    ['region = "eu" (null partition)', col('region').eq('eu'), false],
    ['region != "eu" (null partition: NULL, not TRUE)', col('region').ne('eu'), false],
    ['NOT region = "eu"', not(col('region').eq('eu')), false],
    ['part = 7 AND id = 21', col('part').eq(7).and(col('id').eq(21)), false],
    ['part = 8 OR id = 15', col('part').eq(8).or(col('id').eq(15)), true],
  ])('%s → %s', (_, predicate, expected) => {
    expect(keeps(predicate)).toBe(expected);
  });
});

describe('NOT, AND, OR in three-valued logic', () => {
  const exactFive = {
    stats: { numRecords: 3, minValues: { id: 5 }, maxValues: { id: 5 }, nullCount: { id: 0 } },
  };
  const fiveAndNulls = {
    stats: { numRecords: 3, minValues: { id: 5 }, maxValues: { id: 5 }, nullCount: { id: 2 } },
  };
  const fiveToSix = {
    stats: { numRecords: 3, minValues: { id: 5 }, maxValues: { id: 6 }, nullCount: { id: 0 } },
  };
  const noCounts = { stats: { numRecords: 3, minValues: { id: 5 }, maxValues: { id: 5 } } };

  it.each<[string, ExpressionLike, FileSkippingInput, boolean]>([
    ['NOT id = 5 with min = max = 5', not(col('id').eq(5)), exactFive, false],
    [
      'NOT id = 5 with min = max = 5 and nulls: NULL rows are not TRUE',
      not(col('id').eq(5)),
      fiveAndNulls,
      false,
    ],
    ['NOT id = 5 with min 5, max 6', not(col('id').eq(5)), fiveToSix, true],
    ['NOT id != 5 with min 5, max 6', not(col('id').ne(5)), fiveToSix, true],
    ['NOT id < 5', not(col('id').lt(5)), exactFive, true],
    ['NOT id >= 5', not(col('id').ge(5)), exactFive, false],
    [
      'NOT (id = 5 AND id = 6): De Morgan',
      not(and(col('id').eq(5), col('id').eq(6))),
      exactFive,
      true,
    ],
    [
      'NOT (id = 5 OR id = 6) with min = max = 5',
      not(or(col('id').eq(5), col('id').eq(6))),
      exactFive,
      false,
    ],
    // Each row is 5 or 6, but bounds do not say that no value lies strictly between: kept.
    [
      'NOT (id = 5 OR id = 6) with min 5, max 6 (conservative)',
      not(or(col('id').eq(5), col('id').eq(6))),
      fiveToSix,
      true,
    ],
    ['NOT NOT id = 7', not(not(col('id').eq(7))), fiveToSix, false],
    ['(id = 5) IS NULL with nulls', col('id').eq(5).isNull(), fiveAndNulls, true],
    ['(id = 5) IS NULL without nulls', col('id').eq(5).isNull(), exactFive, false],
    ['(id = 5) IS NOT NULL with nulls', col('id').eq(5).isNotNull(), fiveAndNulls, true],
    ['NOT id IS NULL without null counts', not(col('id').isNull()), noCounts, true],
    ['id IS NULL without null counts', col('id').isNull(), noCounts, true],
    ['TRUE', lit(true), exactFive, true],
    ['FALSE', lit(false), exactFive, false],
    ['NULL', lit(null), exactFive, false],
    ['NOT NULL (literal)', not(lit(null)), exactFive, false],
    ['1 < 2 (literals)', lit(1).lt(2), exactFive, true],
    ['id = 5 OR NULL', or(col('id').eq(5), lit(null)), exactFive, true],
    ['id = 6 OR NULL', or(col('id').eq(6), lit(null)), exactFive, false],
    [
      'NOT (id = 6 OR NULL): NOT NULL is NULL',
      not(or(col('id').eq(6), lit(null))),
      exactFive,
      false,
    ],
    [
      'NOT (id = 6 AND NULL): FALSE AND NULL is FALSE',
      not(and(col('id').eq(6), lit(null))),
      exactFive,
      true,
    ],
    ['id IN () is FALSE', col('id').in([]), exactFive, false],
    ['NOT id IN ()', col('id').in([]).not(), exactFive, true],
  ])('%s → %s', (_, predicate, input, expected) => {
    expect(keeps(predicate, input)).toBe(expected);
  });
});

describe('statistics that must not skip wrongly', () => {
  it('keeps a file whose string max was cut, for values above the cut max', () => {
    // Spark cuts "abcdef" to "abc" + U+FFFD; delta-rs-style writers may cut to "abc" bare.
    for (const max of ['abc\uFFFD', 'abc', 'abc\u{10FFFF}']) {
      const input = {
        stats: {
          numRecords: 1,
          minValues: { name: 'abc' },
          maxValues: { name: max },
          nullCount: { name: 0 },
        },
      };
      expect(keeps(col('name').eq('abcdef'), input)).toBe(true);
      expect(keeps(col('name').eq('abc😀'), input)).toBe(true);
      expect(keeps(col('name').gt('abczz'), input)).toBe(true);
      expect(keeps(col('name').eq('abd'), input)).toBe(false);
      expect(keeps(not(col('name').eq('abc')), input)).toBe(true);
    }
  });

  it('compares strings by code point, not by UTF-16 unit', () => {
    // In UTF-16 '😀' (D83D DE00) sorts below '\uFFFC'; in UTF-8 and Spark it sorts above.
    const input = {
      stats: {
        numRecords: 1,
        minValues: { name: '\uE000' },
        maxValues: { name: '\uFFFC' },
        nullCount: { name: 0 },
      },
    };
    expect(keeps(col('name').eq('😀'), input)).toBe(false);
    expect(keeps(col('name').gt('\uFFFD'), input)).toBe(false);
    expect(keeps(col('name').lt('😀'), input)).toBe(true);
  });

  it('keeps a float file for x > c unless maxima are known to count NaN', () => {
    const input = {
      stats: {
        numRecords: 2,
        minValues: { value: 0.5 },
        maxValues: { value: 2.5 },
        nullCount: { value: 0 },
      },
    };
    expect(keeps(col('value').gt(3), input, false)).toBe(true);
    expect(keeps(col('value').lt(0.5), input, false)).toBe(false);
    expect(keeps(col('value').eq(3), input, false)).toBe(true);
    expect(keeps(col('value').gt(3), input, true)).toBe(false);
    const withNaN = {
      stats: {
        numRecords: 2,
        minValues: { value: 0.5 },
        maxValues: { value: 'NaN' },
        nullCount: { value: 0 },
      },
    };
    expect(keeps(col('value').gt(3), withNaN, true)).toBe(true);
    expect(keeps(col('value').eq(Number.NaN), withNaN, true)).toBe(true);
    expect(keeps(col('value').eq(Number.NaN), input, true)).toBe(false);
  });

  it('widens longs that JSON rounded beyond 2^53', () => {
    const json =
      '{"numRecords":1,"minValues":{"id":9007199254740993},"maxValues":{"id":9007199254740993},"nullCount":{"id":0}}';
    expect(keeps(col('id').eq(9_007_199_254_740_993n), { stats: json })).toBe(true);
    expect(keeps(col('id').gt(9_007_199_254_740_992n), { stats: json })).toBe(true);
    expect(keeps(col('id').lt(9_007_199_254_740_000n), { stats: json })).toBe(false);
  });

  it('reads decimals of more than 15 digits as approximate', () => {
    const wide: StructType = { type: 'struct', fields: [field('amount', 'decimal(38,2)')] };
    const json =
      '{"numRecords":1,"minValues":{"amount":123456789012345678.91},"maxValues":{"amount":123456789012345678.91},"nullCount":{"amount":0}}';
    const exact = lit('123456789012345678.91', 'decimal(38,2)');
    expect(mightMatch(col('amount').eq(exact), { stats: json }, wide)).toBe(true);
    expect(mightMatch(not(col('amount').eq(exact)), { stats: json }, wide)).toBe(true);
    expect(
      mightMatch(
        col('amount').gt(lit('123456789012345800', 'decimal(38,2)')),
        { stats: json },
        wide,
      ),
    ).toBe(false);
  });

  it('widens a float column by one float step (Java writes 0.1f as 0.1)', () => {
    const floats: StructType = { type: 'struct', fields: [field('f', 'float')] };
    const input = {
      stats: { numRecords: 1, minValues: { f: 0.1 }, maxValues: { f: 0.1 }, nullCount: { f: 0 } },
    };
    expect(mightMatch(col('f').gt(0.1), input, floats, { floatBoundsIncludeNaN: true })).toBe(true);
    expect(
      mightMatch(col('f').eq(Math.fround(0.1)), input, floats, { floatBoundsIncludeNaN: true }),
    ).toBe(true);
    expect(mightMatch(col('f').gt(0.2), input, floats, { floatBoundsIncludeNaN: true })).toBe(
      false,
    );
  });

  it('keeps files whose statistics are missing or unreadable', () => {
    for (const input of [
      {},
      { stats: null },
      { stats: 'not json' },
      { stats: '[1]' },
      { stats: '{"numRecords":5}' },
    ]) {
      expect(keeps(col('id').eq(-1), input)).toBe(true);
    }
    expect(
      keeps(col('id').eq(-1), {
        stats: { numRecords: 5, minValues: { id: 'x' }, maxValues: { id: {} } },
      }),
    ).toBe(true);
  });

  it('skips an empty file whatever the predicate', () => {
    expect(keeps(lit(true), { stats: '{"numRecords":0}' })).toBe(false);
  });

  it('uses wide bounds (tightBounds false) as bounds, and only 0 or numRecords as null counts', () => {
    const wide = {
      stats: {
        numRecords: 4,
        tightBounds: false,
        minValues: { id: 1 },
        maxValues: { id: 3 },
        nullCount: { id: 2 },
      },
    };
    expect(keeps(col('id').eq(5), wide)).toBe(false);
    expect(keeps(col('id').isNull(), wide)).toBe(true);
    expect(keeps(col('id').isNotNull(), wide)).toBe(true);
  });
});

describe('createDataSkippingFilter', () => {
  it('compiles once and answers for many files', () => {
    const filter = createDataSkippingFilter(col('id').ge(100), schema);
    const files = Array.from({ length: 50 }, (_, k) => ({
      stats: {
        numRecords: 10,
        minValues: { id: k * 10 },
        maxValues: { id: k * 10 + 9 },
        nullCount: { id: 0 },
      },
    }));
    expect(files.filter((input) => filter.mightMatch(input)).length).toBe(40);
  });

  it('parses add.stats', () => {
    expect(parseFileStatistics(stats)?.numRecords).toBe(10);
    expect(parseFileStatistics('')).toBeUndefined();
  });
});

describe('mightMatch on the expression language', () => {
  it.each<[string, boolean]>([
    ["name LIKE 'b%'", true],
    ["name LIKE 'apple%'", true],
    ["name LIKE 'melon%'", true],
    ["name LIKE 'ab%'", false],
    ["name LIKE 'z%'", false],
    ["name LIKE '%z'", true],
    ["name NOT LIKE 'b%'", true],
    ["region LIKE 'x%'", false],
    ['id BETWEEN 12 AND 14', true],
    ['id BETWEEN 21 AND 30', false],
    ['id NOT BETWEEN 0 AND 100', false],
    ['id <=> 15', true],
    ['id <=> 25', false],
    ['id <=> NULL', false],
    ['name <=> NULL', true],
    ['region <=> NULL', true],
    ['part <=> 7', true],
    ['part <=> 8', false],
    ['id IN (1, 2, 30)', false],
    ['id IN (1, 15)', true],
    ['id = CAST(25 AS BIGINT)', false],
    ['id = 10 + 15', false],
    ['id = -(-15)', true],
    ["day = CAST('2024-02-01' AS DATE)", false],
    ['id + 1 = 100', true],
    ['CASE WHEN flag THEN id ELSE 0 END = 100', true],
    ['coalesce(id, 0) = 100', true],
    ["CAST(id AS STRING) = 'x'", true],
  ])('%s keeps the file: %s', (text, expected) => {
    expect(keeps(parseExpression(text))).toBe(expected);
  });
});
