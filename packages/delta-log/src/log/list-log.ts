import type { Storage } from '../storage/storage.js';
import { TableNotFound } from './errors/table-not-found.js';
import {
  type CheckpointFile,
  type CommitFile,
  type CompactionFile,
  LOG_FOLDER,
  parseLogFile,
} from './log-file-name.js';

/** The recognised files of `_delta_log/`, each kind sorted by version. */
export interface LogListing {
  commits: CommitFile[];
  checkpoints: CheckpointFile[];
  compactions: CompactionFile[];
}

/**
 * Lists `_delta_log/` once: the whole folder, or from `fromVersion` on (the files of older
 * versions left out, as Spark and delta-rs list a log from its latest checkpoint).
 *
 * @throws {TableNotFound} when the folder holds no commit and no checkpoint.
 */
export async function listLog(
  storage: Storage,
  options: { fromVersion?: number } = {},
): Promise<LogListing> {
  const listing: LogListing = { commits: [], checkpoints: [], compactions: [] };
  const from = options.fromVersion;
  const startAt = from === undefined ? undefined : `${LOG_FOLDER}${String(from).padStart(20, '0')}`;
  for await (const info of storage.list(LOG_FOLDER, startAt === undefined ? {} : { startAt })) {
    const file = parseLogFile(info);
    if (from !== undefined && file && file.version < from) continue;
    if (file?.kind === 'commit') listing.commits.push(file);
    else if (file?.kind === 'checkpoint') listing.checkpoints.push(file);
    else if (file?.kind === 'compaction') listing.compactions.push(file);
  }
  if (listing.commits.length === 0 && listing.checkpoints.length === 0)
    throw new TableNotFound({ location: describe(storage) });
  // Zero-padded names sort by version already; sorting again keeps this independent of storage.
  const byVersion = (a: { version: number }, b: { version: number }) => a.version - b.version;
  listing.commits.sort(byVersion);
  listing.checkpoints.sort(byVersion);
  listing.compactions.sort(byVersion);
  return listing;
}

/** Where a storage is, for messages: its root folder when it has one (LocalStorage). */
function describe(storage: Storage): string {
  const root = (storage as { root?: unknown }).root;
  return typeof root === 'string' ? root : 'the storage root';
}
