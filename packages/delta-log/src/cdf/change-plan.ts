import { VersionNotFound } from '../log/errors/version-not-found.js';
import type { LogListing } from '../log/list-log.js';
import { availableVersions, selectLogSegment } from '../log/log-segment.js';
import { readCommits, readProtocolAndMetadata } from '../log/read-log-segment.js';
import type {
  Action,
  AddAction,
  CdcAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  MetadataAction,
  RemoveAction,
} from '../protocol/actions.js';
import { resolveFilePath } from '../protocol/file-path.js';
import { parsePartitionPath } from '../scan/partition-path.js';
import type { Storage } from '../storage/storage.js';
import { type ChangeRange, commitTimes } from './change-range.js';
import { ChangeDataNotRecorded } from './errors/change-data-not-recorded.js';

/** What one commit contributes to the change data feed. */
export type ChangeSource =
  /** A change data file: its rows, each with its own `_change_type`. */
  | { kind: 'cdc'; file: AddAction }
  /** A data file added or removed whole: its rows (less its deletion vector) as one change type. */
  | { kind: 'file'; changeType: 'insert' | 'delete'; file: AddAction }
  /**
   * A file whose deletion vector changed (removed and added again in one commit): rows in the new
   * vector but not the old were deleted, rows in the old but not the new came back (RESTORE).
   */
  | {
      kind: 'deletionVectors';
      file: AddAction;
      before: DeletionVectorDescriptor | undefined;
      after: DeletionVectorDescriptor | undefined;
    };

/** The changes of one commit. */
export interface CommitChanges {
  version: number;
  /** Commit time, milliseconds since the epoch. */
  timestamp: number;
  sources: ChangeSource[];
}

/**
 * Plans a change data feed read of a resolved range (PROTOCOL.md, "Reader Requirements for
 * Change Data Feed", and Spark's CDCReader): every commit in the range must exist, and the feed
 * must be enabled at the start and stay enabled through every metadata change of the range.
 * A commit with `cdc` actions contributes exactly those files; one without contributes its
 * `add` (insert) and `remove` (delete) actions with `dataChange` true, a file removed and added
 * again with another deletion vector contributing the difference of the vectors. A MERGE whose
 * metrics say it changed no row contributes nothing (as Spark, which guards against MERGE
 * rewriting files without changes).
 *
 * @throws {VersionNotFound} when a commit of the range is no longer in the log.
 * @throws {ChangeDataNotRecorded} when the feed was not enabled for a version of the range.
 */
export async function planChanges(storage: Storage, range: ChangeRange): Promise<CommitChanges[]> {
  const { start, end, listing } = range;
  if (end < start) return [];
  const commits = commitFiles(listing, start, end);
  const { metadata } = await readProtocolAndMetadata(
    storage,
    selectLogSegment(listing, { status: 'missing' }, start),
  );
  if (!metadata || !changeDataFeedEnabled(metadata.action))
    throw new ChangeDataNotRecorded({ version: start, start, end });
  const [batches, times] = await Promise.all([
    readCommits(storage, commits),
    commitTimes(storage, listing),
  ]);
  const plans: CommitChanges[] = [];
  for (const batch of batches) {
    const version = batch.version;
    const actions = batch.actions;
    for (const action of actions) {
      if ('metaData' in action && !changeDataFeedEnabled(action.metaData))
        throw new ChangeDataNotRecorded({ version, start, end });
    }
    const commitInfo = actions.find((action) => 'commitInfo' in action) as
      | { commitInfo: CommitInfoAction }
      | undefined;
    plans.push({
      version,
      timestamp: times.of(version, commitInfo?.commitInfo, batch.file),
      sources: commitSources(actions, commitInfo?.commitInfo),
    });
  }
  return plans;
}

/** The commit files of versions start..end, every one of them. */
function commitFiles(listing: LogListing, start: number, end: number) {
  const byVersion = new Map(listing.commits.map((commit) => [commit.version, commit]));
  const files = [];
  for (let version = start; version <= end; version++) {
    const commit = byVersion.get(version);
    if (!commit) {
      const { latest } = availableVersions(listing);
      const earliest = listing.commits.find((file) => file.version >= version)?.version ?? latest;
      throw new VersionNotFound({ version, earliest, latest });
    }
    files.push(commit);
  }
  return files;
}

export function changeDataFeedEnabled(metadata: MetadataAction): boolean {
  return metadata.configuration?.['delta.enableChangeDataFeed']?.trim().toLowerCase() === 'true';
}

function commitSources(
  actions: readonly Action[],
  commitInfo: CommitInfoAction | undefined,
): ChangeSource[] {
  const cdc: CdcAction[] = [];
  for (const action of actions) if ('cdc' in action) cdc.push(action.cdc);
  if (cdc.length > 0) return cdc.map((action) => ({ kind: 'cdc', file: cdcAsFile(action) }));
  if (commitInfo && mergeWithoutChanges(commitInfo)) return [];

  const added = new Map<string, AddAction>();
  const removed = new Map<string, RemoveAction>();
  for (const action of actions) {
    if ('add' in action && action.add.dataChange) added.set(fileKey(action.add), action.add);
    else if ('remove' in action && action.remove.dataChange)
      removed.set(fileKey(action.remove), action.remove);
  }
  const sources: ChangeSource[] = [];
  for (const [key, add] of added) {
    const remove = removed.get(key);
    if (!remove) sources.push({ kind: 'file', changeType: 'insert', file: add });
    else if (add.deletionVector || remove.deletionVector)
      sources.push({
        kind: 'deletionVectors',
        file: { ...add, deletionVector: null },
        before: remove.deletionVector ?? undefined,
        after: add.deletionVector ?? undefined,
      });
    // The same file removed and added again without deletion vectors: no row changed.
  }
  for (const [key, remove] of removed) {
    if (!added.has(key))
      sources.push({ kind: 'file', changeType: 'delete', file: removeAsFile(remove) });
  }
  return sources;
}

/**
 * Spark's `shouldSkipFileActionsInCommit`: a MERGE that reports 0 rows inserted, updated and
 * deleted may still have rewritten files with dataChange true; it changed nothing.
 */
function mergeWithoutChanges(commitInfo: CommitInfoAction): boolean {
  if (commitInfo.operation !== 'MERGE') return false;
  const metrics = commitInfo.operationMetrics as Record<string, unknown> | undefined;
  if (!metrics || typeof metrics !== 'object') return false;
  return ['numTargetRowsInserted', 'numTargetRowsUpdated', 'numTargetRowsDeleted'].every(
    (name) => String(metrics[name]) === '0',
  );
}

function fileKey(action: { path: string }): string {
  return resolveFilePath(action.path);
}

function cdcAsFile(cdc: CdcAction): AddAction {
  return {
    path: cdc.path,
    partitionValues: cdc.partitionValues ?? {},
    size: cdc.size,
    modificationTime: 0,
    dataChange: false,
  };
}

function removeAsFile(remove: RemoveAction): AddAction {
  return {
    path: remove.path,
    // Old writers left partition values out of remove actions: the path still has them.
    partitionValues:
      remove.partitionValues ??
      Object.fromEntries(parsePartitionPath(resolveFilePath(remove.path))),
    size: remove.size ?? 0,
    modificationTime: 0,
    dataChange: true,
    deletionVector: remove.deletionVector ?? null,
  };
}
