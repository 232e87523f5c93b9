/**
 * Helpers of the checkpoint writer's tests: the table state a snapshot holds, in a form that
 * compares equal whatever log files it was rebuilt from.
 */
import { commitFilePath } from '../log/log-file-name.js';
import type { AddAction, RemoveAction } from '../protocol/actions.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { copyToMemory } from '../test-support/copy-table.js';

/** The reconciled state of a snapshot, files and tombstones sorted, optional nulls dropped. */
export function tableState(snapshot: Snapshot) {
  const byPath = (a: { path: string }, b: { path: string }) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  return {
    version: snapshot.version,
    protocol: compact(snapshot.protocol),
    metadata: compact(snapshot.metadata),
    files: snapshot.files.map((add) => compact(add) as AddAction).sort(byPath),
    // Checkpoints do not keep the tags and stats of removes (Spark drops them).
    tombstones: snapshot.tombstones
      .map(({ tags: _tags, stats: _stats, ...remove }) => compact(remove) as RemoveAction)
      .sort(byPath),
    transactions: Object.fromEntries(
      snapshot
        .appIds()
        .sort()
        .map((appId) => [appId, compact(snapshot.appTransaction(appId))]),
    ),
    domains: Object.fromEntries(
      snapshot
        .domainNames()
        .sort()
        .map((domain) => [domain, snapshot.domainMetadata(domain)]),
    ),
  };
}

/**
 * The same action without absent or null optional fields, so that an action read from a
 * checkpoint and the one from its commit compare equal.
 */
export function compact<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === null || item === undefined) continue;
    out[key] = compact(item);
  }
  return out as T;
}

/** A copy of the table in memory without the commits up to `version` (only a checkpoint rebuilds it). */
export async function withoutCommitsThrough(source: Storage, version: number): Promise<Storage> {
  const copy = await copyToMemory(source);
  for (let next = 0; next <= version; next++) await copy.delete(commitFilePath(next));
  return copy;
}
