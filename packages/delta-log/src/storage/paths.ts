import { InvalidPath } from './errors.js';

/**
 * Normalizes a storage path: `/`-separated, relative, no `.` or empty segments. Refuses `..`,
 * absolute paths, backslashes and NUL, so that no path taken from a log can leave the root.
 */
export function normalizePath(path: string): string {
  if (path.includes('\0')) throw new InvalidPath({ path, reason: 'it contains a NUL character' });
  if (path.includes('\\')) throw new InvalidPath({ path, reason: 'it contains a backslash' });
  if (path.startsWith('/')) throw new InvalidPath({ path, reason: 'it is absolute' });
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) throw new InvalidPath({ path, reason: 'it contains ".."' });
  return segments.join('/');
}

/** A prefix for listing: normalized, keeping a trailing `/` that makes it a folder. */
export function normalizePrefix(prefix: string): string {
  if (prefix === '' || prefix === '/') return '';
  const normalized = normalizePath(prefix);
  return prefix.endsWith('/') && normalized !== '' ? `${normalized}/` : normalized;
}
