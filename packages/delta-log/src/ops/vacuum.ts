/**
 * VACUUM: deletes the files of a table directory that the current version no longer needs, as
 * Spark's `VacuumCommand` decides it.
 *
 * ```
 * latest snapshot ── plan: list storage, keep what is referenced or young ──▶ dry run: the plan
 *                        └▶ commit VACUUM START ── delete the files ── commit VACUUM END
 * ```
 */
import { SiltError } from '@silt/parquet-io';
import type { AddAction, RemoveAction } from '../protocol/actions.js';
import { PathOutsideTable } from '../protocol/errors/path-outside-table.js';
import { decodeFilePath, resolveFilePath } from '../protocol/file-path.js';
import { canonicalFilePath } from '../protocol/logical-file-key.js';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import { columnMappingMode, physicalName } from '../scan/column-mapping.js';
import { deletionVectorPath } from '../scan/deletion-vector/deletion-vector-path.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { LocalStorage } from '../storage/local-storage.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { type CommitResult, Transaction } from '../txn/transaction.js';
import { RetentionTooShort } from './errors/retention-too-short.js';
import { UnresolvableFilePath } from './errors/unresolvable-file-path.js';
import { postCommitHook } from './post-commit.js';

/** Options of {@link vacuum}. */
export interface VacuumOptions {
  /**
   * Delete unreferenced files older than this many hours (fractions allowed). Default: the
   * table's `delta.deletedFileRetentionDuration` (default 7 days).
   */
  retentionHours?: number;
  /** List what would be deleted, delete nothing and commit nothing. Default false. */
  dryRun?: boolean;
  /**
   * Refuse a retention shorter than `delta.deletedFileRetentionDuration` (Spark's
   * `spark.databricks.delta.retentionDurationCheck.enabled`). Default true. Turn it off only when
   * no other reader or writer uses the table.
   */
  enforceRetentionDuration?: boolean;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * The table's own URL (`s3://bucket/table`), to tell whether files the log names by absolute
   * URIs lie inside the table. Not needed for local tables. Default: none.
   */
  tableUrl?: string;
  /** Free text stored in `commitInfo.userMetadata` of both commits. */
  userMetadata?: string;
}

/** A file VACUUM deletes: its storage path relative to the table root, and its size. */
export interface VacuumFile {
  path: string;
  size: number;
}

/** What {@link vacuum} did (or, with `dryRun`, would do). */
export interface VacuumResult {
  /** True for a dry run: nothing was deleted or committed. */
  dryRun: boolean;
  /** The files the plan deletes, sorted by path. */
  filesToDelete: VacuumFile[];
  /** The files deleted (empty for a dry run). */
  filesDeleted: VacuumFile[];
  /** Total size of `filesToDelete`, in bytes. */
  bytes: number;
  /** The retention applied, in milliseconds. */
  retentionMillis: number;
  /** Files last modified before this time (milliseconds since the epoch) were candidates. */
  deleteBefore: number;
  /** The table version after the operation: the VACUUM END commit, or the version read for a dry run. */
  version: number;
}

/** What VACUUM will delete, computed from a snapshot and a listing. */
export interface VacuumPlan {
  filesToDelete: VacuumFile[];
  bytes: number;
  retentionMillis: number;
  /** The table's `delta.deletedFileRetentionDuration`. */
  defaultRetentionMillis: number;
  /** The retention passed in, when one was. */
  specifiedRetentionMillis: number | undefined;
  retentionCheckEnabled: boolean;
  deleteBefore: number;
  /** Directories listed (with files not hidden), plus the table root, as Spark counts them. */
  numDirectories: number;
}

const HOUR = 3_600_000;
/** How many deletes are in flight at once. */
const DELETE_CONCURRENCY = 16;

/**
 * Deletes files of the table that the latest version does not reference and that are older than
 * the retention — Spark's VACUUM. A file is deleted when all of these hold:
 *
 * - it is not an active file of the latest version, nor the deletion vector of one;
 * - it is not a file (or deletion vector) removed less than the retention ago (an unexpired
 *   tombstone), so time travel within the retention keeps working;
 * - it was last modified more than the retention ago (so files of writes in flight survive);
 * - it is not hidden: no segment of its path starts with `_` or `.`, except partition folders
 *   (`<partition column>=…`), `_change_data` and `_delta_index`. `_delta_log` is never touched.
 *
 * Unless `dryRun`, a `VACUUM START` commit (the plan's counts), the deletes and a `VACUUM END`
 * commit (`COMPLETED`, or `FAILED` when a delete failed) follow, as in Spark; both commits carry
 * only `commitInfo`. Storage without folders (object stores, and {@link Storage} itself) leaves
 * no empty folder to delete; local empty folders stay.
 *
 * @example
 * ```ts
 * import { vacuum } from '@silt/delta-log';
 * const plan = await vacuum('./lake/silver/orders', { dryRun: true });
 * console.log(plan.filesToDelete.map((file) => file.path)); // ['part-00000-….snappy.parquet']
 * await vacuum('./lake/silver/orders', { retentionHours: 168 });
 * ```
 * @see https://docs.delta.io/latest/delta-utility.html#remove-files-no-longer-referenced-by-a-delta-table
 * @throws {RetentionTooShort} when the retention is shorter than the table's and the check is on.
 * @throws {UnresolvableFilePath} when the log names files by absolute URIs and the table URL is unknown.
 * @throws {PathOutsideTable} when the log holds a relative path that climbs out of the table.
 * @throws {WriteNotSupported} when the table needs writer features Silt lacks.
 * @throws {TableNotFound} when there is no table.
 */
export async function vacuum(
  location: StorageLocation,
  options: VacuumOptions = {},
): Promise<VacuumResult> {
  const storage = storageFor(location);
  const snapshot = await loadSnapshot(storage);
  return vacuumSnapshot(storage, snapshot, options);
}

/** {@link vacuum} of a loaded snapshot (which should be the latest version). */
export async function vacuumSnapshot(
  storage: Storage,
  snapshot: Snapshot,
  options: VacuumOptions = {},
): Promise<VacuumResult> {
  // Vacuum writes no data, so only the protocol matters, not what the schema asks of writers.
  checkWriteSupport(snapshot.protocol, { type: 'struct', fields: [] });
  const now = options.now ?? Date.now;
  const plan = await planVacuum(storage, snapshot, { ...options, now });
  const result = {
    dryRun: options.dryRun ?? false,
    filesToDelete: plan.filesToDelete,
    bytes: plan.bytes,
    retentionMillis: plan.retentionMillis,
    deleteBefore: plan.deleteBefore,
  };
  if (options.dryRun) return { ...result, filesDeleted: [], version: snapshot.version };

  const userMetadata =
    options.userMetadata === undefined ? {} : { userMetadata: options.userMetadata };
  const start = await commitInfoOnly(storage, snapshot, now, {
    operation: 'VACUUM START',
    operationParameters: {
      retentionCheckEnabled: plan.retentionCheckEnabled,
      ...(plan.specifiedRetentionMillis === undefined
        ? {}
        : { specifiedRetentionMillis: plan.specifiedRetentionMillis }),
      defaultRetentionMillis: plan.defaultRetentionMillis,
    },
    operationMetrics: {
      numFilesToDelete: plan.filesToDelete.length,
      sizeOfDataToDelete: plan.bytes,
    },
    ...userMetadata,
  });
  const filesDeleted: VacuumFile[] = [];
  try {
    for (let k = 0; k < plan.filesToDelete.length; k += DELETE_CONCURRENCY) {
      const chunk = plan.filesToDelete.slice(k, k + DELETE_CONCURRENCY);
      await Promise.all(chunk.map((file) => storage.delete(checkedForDelete(file.path))));
      filesDeleted.push(...chunk);
    }
  } catch (error) {
    await commitInfoOnly(storage, await loadSnapshot(storage, { version: start.version }), now, {
      operation: 'VACUUM END',
      operationParameters: { status: 'FAILED' },
      ...userMetadata,
    }).catch(() => undefined);
    throw error;
  }
  const end = await commitInfoOnly(
    storage,
    await loadSnapshot(storage, { version: start.version }),
    now,
    {
      operation: 'VACUUM END',
      operationParameters: { status: 'COMPLETED' },
      operationMetrics: {
        numDeletedFiles: filesDeleted.length,
        numVacuumedDirectories: plan.numDirectories,
      },
      ...userMetadata,
    },
  );
  return { ...result, filesDeleted, version: end.version };
}

/**
 * The files VACUUM would delete (see {@link vacuum} for the rule), without deleting anything.
 *
 * @throws {RetentionTooShort}, {UnresolvableFilePath}, {PathOutsideTable} as {@link vacuum}.
 */
export async function planVacuum(
  storage: Storage,
  snapshot: Snapshot,
  options: VacuumOptions = {},
): Promise<VacuumPlan> {
  const retention = options.retentionHours;
  if (retention !== undefined && !(Number.isFinite(retention) && retention >= 0)) {
    throw new TypeError(`retentionHours must be a number of hours >= 0, got ${retention}.`);
  }
  const defaultRetentionMillis = snapshot.properties.deletedFileRetentionDuration;
  const specifiedRetentionMillis = retention === undefined ? undefined : retention * HOUR;
  const retentionMillis = specifiedRetentionMillis ?? defaultRetentionMillis;
  const retentionCheckEnabled = options.enforceRetentionDuration ?? true;
  if (retentionCheckEnabled && retentionMillis < defaultRetentionMillis) {
    throw new RetentionTooShort({ retentionMillis, minimumMillis: defaultRetentionMillis });
  }
  const deleteBefore = (options.now ?? Date.now)() - retentionMillis;

  // What the table still needs: active files and unexpired tombstones, with their deletion vectors.
  const resolver = pathResolver(storage, options.tableUrl);
  const keep = new Set<string>();
  const protect = (action: AddAction | RemoveAction): void => {
    const path = resolver(action.path);
    if (path !== undefined) keep.add(path);
    const dv = action.deletionVector;
    if (dv?.storageType === 'u') keep.add(deletionVectorPath(dv));
    else if (dv?.storageType === 'p') {
      const dvPath = resolver(dv.pathOrInlineDv);
      if (dvPath !== undefined) keep.add(dvPath);
    }
  };
  for (const add of snapshot.files) protect(add);
  for (const tombstone of snapshot.tombstones) {
    if ((tombstone.deletionTimestamp ?? 0) >= deleteBefore) protect(tombstone);
  }

  const partitionFolders = partitionFolderNames(snapshot);
  const directories = new Set<string>();
  const filesToDelete: VacuumFile[] = [];
  let bytes = 0;
  for await (const file of storage.list('')) {
    const segments = file.path.split('/');
    if (segments[0] === '_delta_log') continue;
    if (segments.some((segment) => isHidden(segment, partitionFolders))) continue;
    for (let k = 1; k < segments.length; k++) directories.add(segments.slice(0, k).join('/'));
    if (file.modificationTime >= deleteBefore || keep.has(file.path)) continue;
    filesToDelete.push({ path: file.path, size: file.size });
    bytes += file.size;
  }
  return {
    filesToDelete,
    bytes,
    retentionMillis,
    defaultRetentionMillis,
    specifiedRetentionMillis,
    retentionCheckEnabled,
    deleteBefore,
    numDirectories: directories.size + 1,
  };
}

/**
 * Spark's `DeltaTableUtils.isHiddenDirectory` for one path segment: names starting with `_` or
 * `.` are hidden, except partition folders (`<column>=…`), `_change_data` and `_delta_index`.
 */
function isHidden(segment: string, partitionFolders: readonly string[]): boolean {
  return (
    (segment.startsWith('.') || segment.startsWith('_')) &&
    !segment.startsWith('_delta_index') &&
    !segment.startsWith('_change_data') &&
    !partitionFolders.some((prefix) => segment.startsWith(prefix))
  );
}

/** `<name>=` for each partition column, by display name and (under column mapping) physical name. */
function partitionFolderNames(snapshot: Snapshot): string[] {
  const names = new Set(snapshot.partitionColumns);
  const mode = columnMappingMode(snapshot.configuration);
  if (mode !== 'none') {
    for (const field of snapshot.schema.fields) {
      if (snapshot.partitionColumns.includes(field.name)) names.add(physicalName(field, mode));
    }
  }
  return [...names].map((name) => `${name}=`);
}

/** A URI scheme (`s3:`, `file:`): the path is absolute. */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Maps a file path of the log to a storage path: relative paths through
 * {@link resolveFilePath}; absolute ones inside the table (by `tableUrl`, or the root of a
 * `LocalStorage`) to their relative path; absolute ones outside the table to undefined (they
 * protect nothing VACUUM could delete, as in Spark).
 */
function pathResolver(
  storage: Storage,
  tableUrl: string | undefined,
): (path: string) => string | undefined {
  const localRoot =
    storage instanceof LocalStorage
      ? storage.root.replace(/\\/g, '/').replace(/\/+$/, '')
      : undefined;
  return (path) => {
    if (!SCHEME.test(path) && !path.startsWith('/')) return resolveFilePath(path);
    const canonical = canonicalFilePath(path);
    if (tableUrl !== undefined) {
      try {
        return resolveFilePath(canonical, { tableUrl: canonicalFilePath(tableUrl) });
      } catch (error) {
        if (!SiltError.hasCode(error, PathOutsideTable.code)) throw error;
      }
      try {
        return resolveFilePath(path, { tableUrl });
      } catch (error) {
        if (!SiltError.hasCode(error, PathOutsideTable.code)) throw error;
      }
    }
    if (localRoot !== undefined) {
      if (!canonical.startsWith('file:/')) return undefined;
      const local = decodeFilePath(canonical.slice('file:'.length)).replace(/^\/+/, '/');
      const root = localRoot.startsWith('/') ? localRoot : `/${localRoot}`;
      if (!local.startsWith(`${root}/`)) return undefined;
      const relative = local.slice(root.length + 1);
      if (relative.split('/').includes('..'))
        throw new PathOutsideTable({ path, reason: 'climbs out of the table root with ".."' });
      return relative;
    }
    if (tableUrl !== undefined) return undefined;
    throw new UnresolvableFilePath({ path });
  };
}

/** The last guard before a delete: never the log, never a path that could leave the root. */
function checkedForDelete(path: string): string {
  const segments = path.split('/');
  if (
    segments[0] === '_delta_log' ||
    segments.some((segment) => segment === '..' || segment === '') ||
    path.includes('\\') ||
    path.includes('\0')
  ) {
    throw new PathOutsideTable({ path, reason: 'is not a data file path VACUUM may delete' });
  }
  return path;
}

/** A commit of only `commitInfo` (VACUUM START / END), with the usual post-commit hook. */
function commitInfoOnly(
  storage: Storage,
  snapshot: Snapshot,
  now: () => number,
  operation: Parameters<Transaction['commit']>[0],
): Promise<CommitResult> {
  const txn: Transaction = new Transaction(storage, snapshot, {
    now,
    afterCommit: postCommitHook(storage, () => txn.metadata?.configuration ?? {}),
  });
  return txn.commit(operation);
}
