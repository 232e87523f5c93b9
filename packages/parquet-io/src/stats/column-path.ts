import { StatsError } from './stats-error.js';

/**
 * Splits a column path of `delta.dataSkippingStatsColumns` into its names, as Spark's
 * multipart identifiers do: dots separate names, backticks quote a name that holds dots or
 * spaces, and a doubled backtick inside quotes stands for one backtick.
 *
 * @example
 * ```ts
 * parseColumnPath('a.`b.c`.d'); // ['a', 'b.c', 'd']
 * ```
 * @throws {StatsError} for an empty name or an unclosed backtick.
 */
export function parseColumnPath(path: string): string[] {
  const names: string[] = [];
  let at = 0;
  for (;;) {
    while (path[at] === ' ') at++;
    let name = '';
    if (path[at] === '`') {
      at++;
      for (;;) {
        if (at >= path.length) throw malformed(path, 'a backtick is not closed');
        if (path[at] === '`') {
          if (path[at + 1] === '`') {
            name += '`';
            at += 2;
            continue;
          }
          at++;
          break;
        }
        name += path[at];
        at++;
      }
      while (path[at] === ' ') at++;
    } else {
      const end = path.indexOf('.', at);
      name = path.slice(at, end === -1 ? path.length : end).trim();
      if (name === '') throw malformed(path, 'a name is empty');
      if (name.includes('`')) throw malformed(path, 'a backtick may only quote a whole name');
      at = end === -1 ? path.length : end;
    }
    names.push(name);
    if (at >= path.length) return names;
    if (path[at] !== '.') throw malformed(path, `unexpected "${path[at]}" after a quoted name`);
    at++;
  }
}

function malformed(path: string, reason: string): StatsError {
  return new StatsError({
    reason: `the stats column "${path}" is malformed: ${reason}`,
    hint: 'Write nested columns as a.b, and quote names holding dots with backticks: `a.b`.c.',
  });
}
