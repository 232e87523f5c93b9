import { describe, expect, it } from 'vitest';
import { parseColumnPath } from './column-path.js';
import { StatsError } from './stats-error.js';

describe('parseColumnPath', () => {
  it.each<[string, string[]]>([
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    [' a . b ', ['a', 'b']],
    ['`a.b`.c', ['a.b', 'c']],
    ['a.`b c`', ['a', 'b c']],
    ['`x``y`', ['x`y']],
  ])('splits %s into its names', (path, names) => {
    expect(parseColumnPath(path)).toEqual(names);
  });

  it.each(['', 'a.', '.a', 'a..b', '`a', '`a`b', 'a`b`'])(
    'rejects %j with a StatsError',
    (path) => {
      expect(() => parseColumnPath(path)).toThrow(StatsError);
    },
  );
});
