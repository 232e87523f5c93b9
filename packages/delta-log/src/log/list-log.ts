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
 * Lists `_delta_log/` once. Storage offers prefix listing only (no "start after"), so the whole
 * folder is listed; with a start-after listing the `_last_checkpoint` hint could bound it.
 *
 * @throws {TableNotFound} when the folder holds no commit and no checkpoint.
 */
export async function listLog(storage: Storage): Promise<LogListing> {
  const listing: LogListing = { commits: [], checkpoints: [], compactions: [] };
  for await (const info of storage.list(LOG_FOLDER)) {
    const file = parseLogFile(info);
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
