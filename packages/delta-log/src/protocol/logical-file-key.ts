import type { AddAction, DeletionVectorDescriptor, RemoveAction } from './actions.js';

/**
 * The derived `uniqueId` of a deletion vector (PROTOCOL.md, "Derived Fields"):
 * `<storageType><pathOrInlineDv>`, followed by `@<offset>` when an offset is given.
 */
export function deletionVectorUniqueId(descriptor: DeletionVectorDescriptor): string {
  const base = `${descriptor.storageType}${descriptor.pathOrInlineDv}`;
  return descriptor.offset === undefined || descriptor.offset === null
    ? base
    : `${base}@${descriptor.offset}`;
}

/**
 * The primary key of a logical file in log replay: the path (see {@link canonicalFilePath}) and
 * the deletion vector's unique id (none without a deletion vector). The same data file with two
 * different deletion vectors is two logical files.
 *
 * @example
 * ```ts
 * import { logicalFileKey } from '@silt/delta-log';
 * logicalFileKey({ path: 'part-0.parquet', dataChange: true }); // 'part-0.parquet'
 * ```
 */
export function logicalFileKey(
  action: Pick<AddAction | RemoveAction, 'path' | 'deletionVector'>,
): string {
  // NUL cannot occur in a path or a deletion vector id, so the key is unambiguous.
  const path = canonicalFilePath(action.path);
  return action.deletionVector
    ? `${path}\u0000${deletionVectorUniqueId(action.deletionVector)}`
    : path;
}

/**
 * A file path of the log in the form replay compares, as Spark canonicalizes it: an absolute
 * path without a scheme is qualified with the file system's scheme (`/data/x` → `file:/data/x`)
 * and `file:///` is written `file:/`, so that an add and a remove of the same absolute file
 * written in the two forms cancel out. Relative paths — nearly all paths — stay as written.
 * (Spark qualifies with the table's default file system; the local one is assumed here.)
 */
export function canonicalFilePath(path: string): string {
  if (path.startsWith('/') && !path.startsWith('//')) return `file:${path}`;
  if (path.startsWith('file:///')) return `file:/${path.slice('file:///'.length)}`;
  return path;
}
