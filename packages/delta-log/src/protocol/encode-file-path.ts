/**
 * ASCII characters a URI path may hold unescaped (RFC 2396 `pchar` and `/`): letters, digits,
 * `-_.!~*'()` and `;:@&=+$,/`. Everything else in ASCII is %-escaped.
 */
const ALLOWED = /[A-Za-z0-9\-_.!~*'();:@&=+$,/]/;

/**
 * The log form (a relative URI, RFC 2396) of a storage path inside the table, as Spark writes it
 * (Hadoop's `Path.toUri`): ASCII characters a URI path cannot hold become `%XX` (space → `%20`,
 * `%` → `%25`, `#` → `%23`), non-ASCII characters stay as they are. {@link decodeFilePath} is its
 * inverse.
 *
 * @example
 * ```ts
 * encodeFilePath('city=New York/x=a%3Ab/part-0.parquet'); // 'city=New%20York/x=a%253Ab/part-0.parquet'
 * ```
 */
export function encodeFilePath(path: string): string {
  let encoded = '';
  for (const character of path) {
    const code = character.codePointAt(0)!;
    if (code >= 0x80 || ALLOWED.test(character)) encoded += character;
    else encoded += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
