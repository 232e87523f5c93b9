import { describe, expect, it } from 'vitest';
import { and, col, lit, not, or } from './builder.js';
import type { Expression } from './expression.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { parseExpression } from './parse-expression.js';

const c = (...path: string[]): Expression => ({ kind: 'column', path });
const int = (value: number): Expression => ({ kind: 'literal', type: 'integer', value });
const cmp = (operator: string, left: Expression, right: Expression) =>
  ({ kind: 'comparison', operator, left, right }) as Expression;
const arith = (operator: string, left: Expression, right: Expression) =>
  ({ kind: 'arithmetic', operator, left, right }) as Expression;

describe('parseExpression', () => {
  it.each<[string, Expression]>([
    ['id = 2', col('id').eq(2).expression],
    ['id == 2', col('id').eq(2).expression],
    ['id != 2', col('id').ne(2).expression],
    ['id <> 2', col('id').ne(2).expression],
    [
      'a < 1 AND b >= 2.5D OR NOT c',
      or(and(col('a').lt(1), col('b').ge(2.5)), not(col('c'))).expression,
    ],
    [
      'a <=> NULL',
      {
        kind: 'nullSafeEqual',
        left: c('a'),
        right: { kind: 'literal', type: 'void', value: null },
      },
    ],
    ['a + b * c', arith('+', c('a'), arith('*', c('b'), c('c')))],
    ['(a + b) * c', arith('*', arith('+', c('a'), c('b')), c('c'))],
    ['a - b - c', arith('-', arith('-', c('a'), c('b')), c('c'))],
    ['a % 2 = 1', cmp('=', arith('%', c('a'), int(2)), int(1))],
    ['-a', { kind: 'negate', operand: c('a') }],
    ['x = -5', cmp('=', c('x'), int(-5))],
    ['x - -5', arith('-', c('x'), int(-5))],
    ['-2147483648', int(-2147483648)],
    ['2147483648', { kind: 'literal', type: 'long', value: 2147483648n }],
    ['-9223372036854775808L', { kind: 'literal', type: 'long', value: -(2n ** 63n) }],
    [
      '12345678901234567890',
      { kind: 'literal', type: 'decimal(20,0)', value: '12345678901234567890' },
    ],
    ['1.50', { kind: 'literal', type: 'decimal(3,2)', value: '1.50' }],
    ['0.05', { kind: 'literal', type: 'decimal(2,2)', value: '0.05' }],
    ['.5', { kind: 'literal', type: 'decimal(1,1)', value: '0.5' }],
    ['-1.5BD', { kind: 'literal', type: 'decimal(2,1)', value: '-1.5' }],
    ['1e3', { kind: 'literal', type: 'double', value: 1000 }],
    ['1.5E-2', { kind: 'literal', type: 'double', value: 0.015 }],
    ['2.5D', { kind: 'literal', type: 'double', value: 2.5 }],
    ['0.1F', { kind: 'literal', type: 'float', value: Math.fround(0.1) }],
    ['5Y', { kind: 'literal', type: 'byte', value: 5 }],
    ['5S', { kind: 'literal', type: 'short', value: 5 }],
    ['5L', { kind: 'literal', type: 'long', value: 5n }],
    ["'it''s'", lit("it's").expression],
    ["'it\\'s\\n'", lit("it's\n").expression],
    ['"double"', lit('double').expression],
    ['TRUE', lit(true).expression],
    ['false', lit(false).expression],
    ['NULL', lit(null).expression],
    ["DATE '2024-01-02'", lit('2024-01-02', 'date').expression],
    ["date'2024-01-02'", lit('2024-01-02', 'date').expression],
    ["TIMESTAMP '2024-01-02 03:04:05'", lit('2024-01-02T03:04:05Z', 'timestamp').expression],
    [
      "TIMESTAMP '2024-01-02 03:04:05.5+01:00'",
      lit('2024-01-02T02:04:05.5Z', 'timestamp').expression,
    ],
    ["TIMESTAMP_NTZ '2024-01-02 03:04:05'", lit('2024-01-02T03:04:05', 'timestamp_ntz').expression],
    ["X'0A0b'", lit(new Uint8Array([10, 11])).expression],
    ['`weird name` = 1', cmp('=', c('weird name'), int(1))],
    ['`a``b`.c', c('a`b', 'c')],
    ['a.b.c IS NULL', col(['a', 'b', 'c']).isNull().expression],
    ['s.id = t.id', cmp('=', c('s', 'id'), c('t', 'id'))],
    ["date = DATE '2024-01-01'", cmp('=', c('date'), lit('2024-01-01', 'date').expression)],
    ['x IS NOT NULL', col('x').isNotNull().expression],
    ['x IN (1, 2, NULL)', col('x').in([1, 2, null]).expression],
    ['x NOT IN (1)', col('x').notIn([1]).expression],
    ['x BETWEEN 1 AND 10', and(col('x').ge(1), col('x').le(10)).expression],
    ['x NOT BETWEEN 1 AND 10', not(and(col('x').ge(1), col('x').le(10))).expression],
    ["name LIKE 'a%'", { kind: 'like', operand: c('name'), pattern: lit('a%').expression }],
    [
      "name NOT LIKE 'a!%%' ESCAPE '!'",
      not({ kind: 'like', operand: c('name'), pattern: lit('a!%%').expression, escape: '!' })
        .expression,
    ],
    ['flag IS TRUE', { kind: 'nullSafeEqual', left: c('flag'), right: lit(true).expression }],
    [
      'a IS DISTINCT FROM b',
      not({ kind: 'nullSafeEqual', left: c('a'), right: c('b') }).expression,
    ],
    ['CAST(x AS BIGINT)', { kind: 'cast', operand: c('x'), type: 'long' }],
    ['cast(x as decimal(5, 2))', { kind: 'cast', operand: c('x'), type: 'decimal(5,2)' }],
    ['CAST(x AS VARCHAR(10))', { kind: 'cast', operand: c('x'), type: 'string' }],
    ['CAST(NULL AS INT)', { kind: 'literal', type: 'integer', value: null }],
    [
      'CASE WHEN x > 0 THEN 1 WHEN x < 0 THEN -1 ELSE 0 END',
      {
        kind: 'case',
        branches: [
          { when: cmp('>', c('x'), int(0)), result: int(1) },
          { when: cmp('<', c('x'), int(0)), result: int(-1) },
        ],
        otherwise: int(0),
      },
    ],
    [
      'CASE x WHEN 1 THEN 2 END',
      { kind: 'case', branches: [{ when: cmp('=', c('x'), int(1)), result: int(2) }] },
    ],
    ['coalesce(a, 0)', { kind: 'function', name: 'coalesce', arguments: [c('a'), int(0)] }],
    [
      "LOWER(name) = 'x'",
      cmp('=', { kind: 'function', name: 'lower', arguments: [c('name')] }, lit('x').expression),
    ],
    ['NOT a = 1', not(col('a').eq(1)).expression],
    ['a = 1 -- a comment', col('a').eq(1).expression],
    ['a /* inline */ = 1', col('a').eq(1).expression],
  ])('parses %s', (text, expected) => {
    expect(parseExpression(text)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['a = ', "expected a value after '=' at position 5, found the end of the text"],
    ['id = )', "expected a value after '=' at position 6, found ')'"],
    ['a = 1 AND', 'expected a value after AND at position 10'],
    [
      '(a = 1',
      "expected ')' to close a parenthesis at position 7, found the end of the text (the '(' is at position 1)",
    ],
    [
      'a = 1)',
      "unbalanced ')': expected an operator or the end of the text at position 6, found ')'",
    ],
    ['a b', "expected an operator or the end of the text at position 3, found 'b'"],
    ["'open", "unclosed string (expected ') at position 1"],
    ['`open', 'unclosed backtick-quoted name (expected `) at position 1'],
    ['a = #', "unexpected character '#' at position 5"],
    ['x IN 1', "expected '(' after IN at position 6, found '1'"],
    [
      'x BETWEEN 1 OR 2',
      'expected AND between the bounds of BETWEEN at position 13, found the keyword OR',
    ],
    ['CAST(x AS WHAT)', 'expected a type (BOOLEAN'],
    [
      'CASE WHEN a THEN 1',
      'expected END to close CASE at position 19, found the end of the text (CASE is at position 1)',
    ],
    ['foo(1)', 'unknown function foo; the functions are coalesce'],
    ["DATE '2024-13-01'", "'2024-13-01' is not a valid date (YYYY-MM-DD) at position 6"],
    ['128Y', '128Y is out of range of TINYINT at position 1'],
    ['a IS 5', "expected NULL, TRUE, FALSE or DISTINCT FROM after IS at position 6, found '5'"],
    ['a.', "expected a field name after '.' at position 3, found the end of the text"],
    ['a || b', 'string concatenation (||) is not supported'],
    ['12abc', "invalid number '12a' at position 1"],
  ])('reports %s with its position', (text, message) => {
    let error: unknown;
    try {
      parseExpression(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidPredicate);
    expect((error as InvalidPredicate).message).toContain(message);
    expect((error as InvalidPredicate).position).toBeGreaterThan(0);
  });

  it.each([
    'id = 2',
    "(name LIKE 'a\\%%' ESCAPE '\\\\') OR (x IS NULL)",
    'CASE WHEN (x > 0) THEN -(x) ELSE abs(y) END',
    'CAST(x AS DECIMAL(10,2)) <=> 1.50BD',
    "TIMESTAMP'2024-01-02 03:04:05.000006Z'",
    "d IN (DATE'2024-01-01', CAST(NULL AS DATE))",
    '(-5L * a) % 3Y',
  ])('reads back what formatExpression writes: %s', (text) => {
    const once = parseExpression(text);
    expect(parseExpression(formatExpression(once))).toEqual(once);
  });

  it('keeps keywords case-insensitive and names as written', () => {
    expect(parseExpression("Id Is Not Null aNd Name lIkE 'x'")).toEqual(
      parseExpression("Id IS NOT NULL AND Name LIKE 'x'"),
    );
    expect(parseExpression('Id = 1')).toEqual(col('Id').eq(1).expression);
  });
});
