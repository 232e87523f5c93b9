import { describe, expect, it } from 'vitest';
import { and, col, lit, not, or, toExpression } from './builder.js';
import { formatColumnPath, parseColumnPath } from './column-path.js';
import { mapColumns, type OrExpression, referencedColumns } from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { literal } from './literal.js';

describe('col / lit builder', () => {
  it('builds the tree of col("id").eq(2).and(col("value").gt(0.5))', () => {
    const predicate = col('id').eq(2).and(col('value').gt(0.5));
    expect(predicate.expression).toEqual({
      kind: 'and',
      operands: [
        {
          kind: 'comparison',
          operator: '=',
          left: { kind: 'column', path: ['id'] },
          right: { kind: 'literal', type: 'integer', value: 2 },
        },
        {
          kind: 'comparison',
          operator: '>',
          left: { kind: 'column', path: ['value'] },
          right: { kind: 'literal', type: 'double', value: 0.5 },
        },
      ],
    });
    expect(String(predicate)).toBe('(id = 2) AND (value > 0.5D)');
  });

  it('flattens nested ANDs and ORs, and keeps NOT, IS NULL, IN', () => {
    const a = col('a').eq(1);
    const b = col('b').isNull();
    const c = col('c').in([1, 2, null]);
    expect(and(a, and(b, c)).expression).toEqual({
      kind: 'and',
      operands: [a.expression, b.expression, c.expression],
    });
    expect(or(a, b).or(c).expression.kind).toBe('or');
    expect((or(a, b).or(c).expression as OrExpression).operands).toHaveLength(3);
    expect(formatExpression(not(a.or(b)).expression)).toBe('NOT ((a = 1) OR (b IS NULL))');
    expect(String(col('x').notIn(['p', "it's"]))).toBe("NOT (x IN ('p', 'it\\'s'))");
    expect(String(col('x').isNotNull().not())).toBe('NOT (x IS NOT NULL)');
  });

  it('compares with other columns and with literal builders', () => {
    expect(toExpression(col('a').le(col('b')))).toEqual({
      kind: 'comparison',
      operator: '<=',
      left: { kind: 'column', path: ['a'] },
      right: { kind: 'column', path: ['b'] },
    });
    expect(String(lit(3).lt(col('a')))).toBe('3 < a');
    expect(String(lit(true).and(lit(null)))).toBe('TRUE AND NULL');
  });

  it('refuses an empty AND and an empty path', () => {
    expect(() => and()).toThrow(InvalidPredicate);
    expect(() => col([])).toThrow(InvalidPredicate);
    expect(() => col('')).toThrow(InvalidPredicate);
  });
});

describe('literal', () => {
  it.each([
    [true, undefined, 'boolean', true, 'TRUE'],
    ['x', undefined, 'string', 'x', "'x'"],
    [7, undefined, 'integer', 7, '7'],
    [2 ** 40, undefined, 'long', 2n ** 40n, '1099511627776L'],
    [5n, undefined, 'long', 5n, '5L'],
    [0.5, undefined, 'double', 0.5, '0.5D'],
    [null, undefined, 'void', null, 'NULL'],
    [
      new Date('2024-01-02T03:04:05.006Z'),
      undefined,
      'timestamp',
      1_704_164_645_006_000n,
      "TIMESTAMP'2024-01-02 03:04:05.006000Z'",
    ],
    [Uint8Array.of(0, 255), undefined, 'binary', Uint8Array.of(0, 255), "X'00FF'"],
    [1, 'byte', 'byte', 1, '1Y'],
    [1n, 'short', 'short', 1, '1S'],
    [3, 'long', 'long', 3n, '3L'],
    [0.1, 'float', 'float', Math.fround(0.1), `${Math.fround(0.1)}F`],
    [Number.NaN, 'double', 'double', Number.NaN, "CAST('NaN' AS DOUBLE)"],
    ['2024-01-01', 'date', 'date', 19_723, "DATE'2024-01-01'"],
    [19_723, 'date', 'date', 19_723, "DATE'2024-01-01'"],
    [
      '2024-01-01 00:00:00.000001',
      'timestamp',
      'timestamp',
      1_704_067_200_000_001n,
      "TIMESTAMP'2024-01-01 00:00:00.000001Z'",
    ],
    [
      '2024-01-01T01:00:00+01:00',
      'timestamp',
      'timestamp',
      1_704_067_200_000_000n,
      "TIMESTAMP'2024-01-01 00:00:00.000000Z'",
    ],
    [
      '2024-01-01 00:00:00',
      'timestamp_ntz',
      'timestamp_ntz',
      1_704_067_200_000_000n,
      "TIMESTAMP_NTZ'2024-01-01 00:00:00.000000'",
    ],
    ['1.5', 'decimal(5,2)', 'decimal(5,2)', '1.50', '1.50BD'],
    [150n, 'decimal(5,2)', 'decimal(5,2)', '1.50', '1.50BD'],
    [-2.25, 'decimal(5,2)', 'decimal(5,2)', '-2.25', '-2.25BD'],
    [null, 'long', 'long', null, 'CAST(NULL AS LONG)'],
  ] as const)(
    'lit(%s, %s) is a %s literal %s, written %s',
    (value, type, expectedType, expectedValue, text) => {
      const node = literal(value, type);
      expect(node.type).toBe(expectedType);
      expect(node.value).toEqual(expectedValue);
      expect(formatExpression(node)).toBe(text);
    },
  );

  it.each([
    [1.5, 'integer'],
    [2 ** 31, 'integer'],
    [200, 'byte'],
    [2 ** 60, 'long'],
    [2n ** 63n, 'long'],
    ['1', 'integer'],
    [1, 'string'],
    ['x', 'binary'],
    [1, 'boolean'],
    ['2024-13-01', 'date'],
    ['2024-01-01T00:00:00Z', 'timestamp_ntz'],
    ['1.234', 'decimal(5,2)'],
    [1, 'void'],
    [1, 'decimal(x)'],
  ] as const)('refuses %s as %s', (value, type) => {
    expect(() => literal(value, type as never)).toThrow(InvalidPredicate);
  });
});

describe('column paths', () => {
  it.each([
    ['id', ['id']],
    ['address.city', ['address', 'city']],
    ['`a.b`.c', ['a.b', 'c']],
    ['`we``ird`', ['we`ird']],
    ['Company Very Short', ['Company Very Short']],
  ])('reads %j as %j and writes it back', (text, path) => {
    expect(parseColumnPath(text)).toEqual(path);
    expect(parseColumnPath(formatColumnPath(path))).toEqual(path);
  });

  it.each(['', 'a.', '.a', 'a..b', '`a', '`a`b'])('refuses %j', (text) => {
    expect(() => parseColumnPath(text)).toThrow(InvalidPredicate);
  });
});

describe('mapColumns / referencedColumns', () => {
  it('renames every column and lists each once', () => {
    const predicate = toExpression(
      col('a')
        .eq(1)
        .and(
          col('b.c')
            .in([col('a'), 2])
            .not(),
          col('b.c').isNull(),
        ),
    );
    const renamed = mapColumns(predicate, (path) => path.map((part) => `col-${part}`));
    expect(referencedColumns(renamed)).toEqual([['col-a'], ['col-b', 'col-c']]);
    expect(formatExpression(renamed)).toBe(
      '(`col-a` = 1) AND (NOT (`col-b`.`col-c` IN (`col-a`, 2))) AND (`col-b`.`col-c` IS NULL)',
    );
  });
});
