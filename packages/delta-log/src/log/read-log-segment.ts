import type { ActionName, MetadataAction, ProtocolAction } from '../protocol/actions.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import type { Storage } from '../storage/storage.js';
import type { CommitFile } from './log-file-name.js';
import type { LogSegment } from './log-segment.js';
import { readCheckpoint } from './read-checkpoint.js';
import { type Located, type LogBatch, type ReplayedLog, replay } from './replay.js';

/** Commit files read at once: enough to hide storage latency, few enough not to flood it. */
const CONCURRENT_READS = 16;

/**
 * Reads every file of a segment and reconciles its actions (see {@link replay}).
 *
 * @throws {CorruptLog} when a file holds invalid actions.
 * @throws {FileNotFound} when a listed file disappeared (log cleanup racing the read).
 */
export async function replayLogSegment(
  storage: Storage,
  segment: LogSegment,
): Promise<ReplayedLog> {
  // Both at once: one's file reads overlap the other's decoding.
  const [commits, actions] = await Promise.all([
    readCommits(storage, [...segment.commits].reverse()),
    segment.checkpoint ? readCheckpoint(storage, segment.checkpoint) : undefined,
  ]);
  const batches: LogBatch[] = commits;
  if (segment.checkpoint && actions) {
    batches.push({
      kind: 'checkpoint',
      version: segment.checkpoint.version,
      file: segment.checkpoint.files[0]!.path,
      actions,
    });
  }
  return replay(batches);
}

/**
 * The newest protocol and metaData actions of a segment, reading as little as possible: commits
 * newest first until both are found, then only those two columns of the checkpoint.
 */
export async function readProtocolAndMetadata(
  storage: Storage,
  segment: LogSegment,
): Promise<{
  protocol: Located<ProtocolAction> | undefined;
  metadata: Located<MetadataAction> | undefined;
}> {
  let protocol: Located<ProtocolAction> | undefined;
  let metadata: Located<MetadataAction> | undefined;
  // Newest commits first, a batch at a time: most tables change metadata rarely, so the search
  // usually stops in the first batch or falls through to the checkpoint.
  const newestFirst = [...segment.commits].reverse();
  for (
    let start = 0;
    start < newestFirst.length && !(protocol && metadata);
    start += CONCURRENT_READS
  ) {
    const found = replay(
      await readCommits(storage, newestFirst.slice(start, start + CONCURRENT_READS)),
    );
    protocol ??= found.protocol;
    metadata ??= found.metadata;
  }
  if (!(protocol && metadata) && segment.checkpoint) {
    const wanted: ActionName[] = ['protocol', 'metaData'];
    const actions = await readCheckpoint(storage, segment.checkpoint, { actions: wanted });
    const found = replay([
      {
        kind: 'checkpoint',
        version: segment.checkpoint.version,
        file: segment.checkpoint.files[0]!.path,
        actions,
      },
    ]);
    protocol ??= found.protocol;
    metadata ??= found.metadata;
  }
  return { protocol, metadata };
}

/** Reads and parses commit files, keeping their order. */
export async function readCommits(
  storage: Storage,
  commits: readonly CommitFile[],
): Promise<LogBatch[]> {
  const batches: LogBatch[] = new Array(commits.length);
  let next = 0;
  const worker = async () => {
    while (next < commits.length) {
      const index = next++;
      const commit = commits[index]!;
      const actions = parseCommitFile(await storage.read(commit.path), commit.path);
      batches[index] = { kind: 'commit', version: commit.version, file: commit.path, actions };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, commits.length) }, worker));
  return batches;
}
