import { CorruptLog } from './errors/corrupt-log.js';
import { PathOutsideTable } from './errors/path-outside-table.js';

/** A URI scheme (`s3:`, `file:`, `abfss:`): the path is absolute (RFC 2396). */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** Options of {@link resolveFilePath}. */
export interface ResolveFilePathOptions {
  /**
   * The table's own URL (`s3://bucket/table`, `file:///data/table`). Absolute paths under it are
   * turned into paths relative to the table root; other absolute paths are refused. Default:
   * none, and every absolute path is refused.
   */
  tableUrl?: string;
}

/**
 * The decoded form of a file path of the log (`add.path`, `remove.path`, `cdc.path`). The log
 * stores paths as URIs (RFC 2396): `special%20p@%23h` names the file `special p@#h`. Absolute
 * URIs are decoded too (`s3://b/t/a%20b` → `s3://b/t/a b`). `+` stays `+`.
 *
 * @example
 * ```ts
 * import { decodeFilePath } from '@silt/delta-log';
 * decodeFilePath('x=a%3Ab/part-0.parquet'); // 'x=a:b/part-0.parquet'
 * ```
 * @throws {CorruptLog} when the path holds a malformed escape (`%zz`).
 */
export function decodeFilePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch (cause) {
    throw new CorruptLog({
      reason: `the file path "${path}" is not a valid URI (a malformed %-escape)`,
      cause,
    });
  }
}

/**
 * The storage path — relative to the table root — of a file path of the log, decoded. This is
 * the gate between paths written by whoever wrote the log and the files Silt reads or deletes:
 * a path that climbs out of the table (`..` after decoding), an absolute file path (`/etc/x`) or
 * an absolute URI outside `tableUrl` is refused.
 *
 * @example
 * ```ts
 * import { resolveFilePath } from '@silt/delta-log';
 * resolveFilePath('date=2024-01-01/part%200.parquet'); // 'date=2024-01-01/part 0.parquet'
 * resolveFilePath('s3://bucket/t/part-0.parquet', { tableUrl: 's3://bucket/t' }); // 'part-0.parquet'
 * resolveFilePath('../../etc/passwd'); // throws PathOutsideTable
 * ```
 * @throws {PathOutsideTable} when the path does not lie inside the table.
 * @throws {CorruptLog} when the path holds a malformed escape.
 */
export function resolveFilePath(path: string, options: ResolveFilePathOptions = {}): string {
  let relative = path;
  if (SCHEME.test(path)) {
    const root =
      options.tableUrl === undefined ? undefined : options.tableUrl.replace(/\/+$/, '') + '/';
    if (root === undefined || !path.startsWith(root)) {
      throw new PathOutsideTable({
        path,
        reason:
          root === undefined
            ? 'is an absolute URI, and no table URL was given to resolve it against'
            : `is an absolute URI outside the table at ${root}`,
      });
    }
    relative = path.slice(root.length);
  }
  const decoded = decodeFilePath(relative);
  if (decoded.startsWith('/') || decoded.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(decoded)) {
    throw new PathOutsideTable({ path, reason: 'is an absolute file path' });
  }
  // Backslashes count as separators here only, so that `..\\x` cannot slip through on Windows.
  if (decoded.split(/[\\/]/).includes('..'))
    throw new PathOutsideTable({ path, reason: 'climbs out of the table root with ".."' });
  if (decoded.includes('\0'))
    throw new PathOutsideTable({ path, reason: 'contains a NUL character' });
  const normalized = decoded
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
  if (normalized === '')
    throw new PathOutsideTable({ path, reason: 'names the table root itself, not a file' });
  return normalized;
}
