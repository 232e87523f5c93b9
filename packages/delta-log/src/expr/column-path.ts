import { InvalidPredicate } from './invalid-predicate.js';

/**
 * Reads a column reference as Spark writes one: names joined by `.`, a name holding a dot or a
 * backtick quoted in backticks (`` a.`b.c` `` is `['a', 'b.c']`; ``` `` ``` is a backtick inside
 * a quoted name).
 *
 * @throws {InvalidPredicate} for an empty name or an unclosed quote.
 */
export function parseColumnPath(text: string): string[] {
  const parts: string[] = [];
  let index = 0;
  while (true) {
    let part = '';
    if (text[index] === '`') {
      index++;
      while (true) {
        if (index >= text.length)
          throw new InvalidPredicate({
            reason: `the column name ${text} has an unclosed backtick`,
          });
        if (text[index] === '`') {
          if (text[index + 1] === '`') {
            part += '`';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        part += text[index++];
      }
      if (index < text.length && text[index] !== '.') {
        throw new InvalidPredicate({
          reason: `in the column name ${text}, a quoted name must be followed by "." or end the name`,
        });
      }
    } else {
      const end = text.indexOf('.', index);
      part = text.slice(index, end < 0 ? text.length : end);
      index = end < 0 ? text.length : end;
      if (part === '')
        throw new InvalidPredicate({ reason: `the column name "${text}" has an empty part` });
    }
    parts.push(part);
    if (index >= text.length) return parts;
    index++; // the dot
    if (index >= text.length)
      throw new InvalidPredicate({ reason: `the column name "${text}" ends with "."` });
  }
}

/** Writes a column path back as {@link parseColumnPath} reads it, quoting only where needed. */
export function formatColumnPath(path: readonly string[]): string {
  return path
    .map((part) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? part : `\`${part.replace(/`/g, '``')}\``,
    )
    .join('.');
}
