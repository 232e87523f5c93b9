import { parseDdl, tableFromRows } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { evaluatePredicate } from './evaluate-vector.js';
import { formatExpression } from './format-expression.js';
import { InvalidPredicate } from './invalid-predicate.js';
import { parseExpression } from './parse-expression.js';
import {
  qualifyColumns,
  scopesSchema,
  splitQualifier,
  unqualifyColumns,
} from './qualify-columns.js';

const scopes = {
  t: parseDdl('id BIGINT, value STRING, part INT'),
  s: parseDdl('id BIGINT, value STRING, deleted BOOLEAN'),
};

describe('qualified names', () => {
  it.each([
    ['t.id = s.id AND deleted', '(t.id = s.id) AND s.deleted'],
    ['T.id = S.id', 't.id = s.id'],
    ['part = 1', 't.part = 1'],
  ])('qualifies %s as %s', (text, expected) => {
    expect(formatExpression(qualifyColumns(parseExpression(text), scopes))).toBe(expected);
  });

  it('refuses ambiguous and unknown names', () => {
    expect(() => qualifyColumns(parseExpression('id = 1'), scopes)).toThrow('ambiguous');
    expect(() => qualifyColumns(parseExpression('nope = 1'), scopes)).toThrow(InvalidPredicate);
    expect(() => qualifyColumns(parseExpression('nope = 1'), scopes)).toThrow('t.id, t.value');
  });

  it('splits and strips qualifiers', () => {
    expect(splitQualifier(['s', 'id'], ['s', 't'])).toEqual({ alias: 's', path: ['id'] });
    expect(splitQualifier(['id'], ['s', 't'])).toEqual({ alias: undefined, path: ['id'] });
    const condition = qualifyColumns(parseExpression('part = 1 AND t.id > 5'), scopes);
    expect(formatExpression(unqualifyColumns(condition, 't'))).toBe('(part = 1) AND (id > 5)');
    expect(() => unqualifyColumns(qualifyColumns(parseExpression('deleted'), scopes), 't')).toThrow(
      's.deleted is not a column of t',
    );
  });

  it('evaluates a qualified condition over one struct column per alias', () => {
    const joined = tableFromRows(scopesSchema(scopes), [
      { t: { id: 1n, value: 'a', part: 1 }, s: { id: 1n, value: 'b', deleted: false } },
      { t: { id: 2n, value: 'a', part: 1 }, s: { id: 3n, value: 'b', deleted: true } },
      { t: null, s: { id: 4n, value: 'c', deleted: null } },
    ]).batches[0]!;
    const condition = qualifyColumns(parseExpression('t.id = s.id OR deleted'), scopes);
    expect(Array.from(evaluatePredicate(condition, joined))).toEqual([1, 1, 0]);
  });
});
