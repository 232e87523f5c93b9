import { parseTableProperties } from '../protocol/table-properties.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Storage } from '../storage/storage.js';
import { writeCheckpoint } from '../txn/checkpoint-writer.js';
import { cleanupMetadata } from '../txn/log-cleanup.js';
import type { CommitResult } from '../txn/transaction.js';

/**
 * What runs after a commit, as in Spark: a checkpoint every `delta.checkpointInterval` commits
 * (default 10), then cleanup of log files older than `delta.logRetentionDuration` when
 * `delta.enableExpiredLogCleanup` is on (default). The commit stands whatever happens here.
 *
 * @param configuration the table configuration as of the commit.
 */
export function postCommitHook(
  storage: Storage,
  configuration: () => Readonly<Record<string, string>>,
): (result: CommitResult) => Promise<void> {
  return async (result) => {
    const config = configuration();
    const properties = parseTableProperties(config);
    if (result.version === 0 || result.version % properties.checkpointInterval !== 0) return;
    const snapshot = await loadSnapshot(storage, { version: result.version });
    await writeCheckpoint(storage, snapshot);
    if (config['delta.enableExpiredLogCleanup']?.toLowerCase() !== 'false') {
      await cleanupMetadata(storage, snapshot);
    }
  };
}
