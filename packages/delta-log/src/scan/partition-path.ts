/**
 * Hive-style partition folders (`year=2024/time=11%3A11`): Spark escapes a fixed set of ASCII
 * characters as `%XX` and leaves the rest, non-ASCII included, as it is. The layout is a
 * convention (PROTOCOL.md: partition values come from the log, not from paths), but the writer
 * follows it so that every engine lays out the same table the same way.
 */

/** The folder name Spark and Hive use for a null partition value. */
export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/**
 * The characters Spark's `ExternalCatalogUtils.escapePathName` escapes: the control characters
 * U+0001–U+001F, U+007F, and each of `"` `#` `%` `'` `*` `/` `:` `=` `?` `\` `{` `[` `]` `^`.
 * (On Windows Spark also escapes space and `<>|`; Silt writes the same folders on every platform,
 * as Spark does on Linux.)
 */
const ESCAPED = (() => {
  const set = new Set<number>();
  for (let code = 0x01; code <= 0x1f; code++) set.add(code);
  for (const character of '"#%\'*/:=?\\\u007f{[]^') set.add(character.charCodeAt(0));
  return set;
})();

/**
 * Escapes a partition column name or value for a folder name as Spark does: each escaped
 * character becomes `%XX` (its code, two upper-case hex digits); everything else, non-ASCII
 * included, stays as it is.
 *
 * @example
 * ```ts
 * import { escapePartitionPathName } from '@silt/delta-log';
 * escapePartitionPathName('2021-09-08 11:11:11'); // '2021-09-08 11%3A11%3A11'
 * ```
 */
export function escapePartitionPathName(text: string): string {
  let escaped = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    escaped += ESCAPED.has(code)
      ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
      : text[index];
  }
  return escaped;
}

/**
 * Reverses {@link escapePartitionPathName}, as Spark's `unescapePathName` does: every `%XX` with
 * two hex digits becomes the character of that code (whoever escaped it: `%20` for a space too);
 * a `%` not followed by two hex digits stays.
 */
export function unescapePartitionPathName(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, digits: string) =>
    String.fromCharCode(Number.parseInt(digits, 16)),
  );
}

/**
 * The partition folders of a file: `name=value` segments joined by `/`, with names and values
 * escaped and null (or empty) values as {@link HIVE_DEFAULT_PARTITION}.
 *
 * @example
 * ```ts
 * import { partitionPath } from '@silt/delta-log';
 * partitionPath([['x', 'A/A'], ['y', null]]); // 'x=A%2FA/y=__HIVE_DEFAULT_PARTITION__'
 * ```
 */
export function partitionPath(
  values: readonly (readonly [name: string, value: string | null])[],
): string {
  return values
    .map(([name, value]) => {
      const folderValue =
        value === null || value === '' ? HIVE_DEFAULT_PARTITION : escapePartitionPathName(value);
      return `${escapePartitionPathName(name)}=${folderValue}`;
    })
    .join('/');
}

/**
 * The `name=value` pairs of the partition folders in a (storage, not URI-encoded) path, unescaped;
 * {@link HIVE_DEFAULT_PARTITION} reads as null. Segments without `=` (the file name) are ignored.
 */
export function parsePartitionPath(path: string): [name: string, value: string | null][] {
  const pairs: [string, string | null][] = [];
  for (const segment of path.split('/')) {
    const equals = segment.indexOf('=');
    if (equals <= 0) continue;
    const value = segment.slice(equals + 1);
    pairs.push([
      unescapePartitionPathName(segment.slice(0, equals)),
      value === HIVE_DEFAULT_PARTITION ? null : unescapePartitionPathName(value),
    ]);
  }
  return pairs;
}
