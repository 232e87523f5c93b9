export { readCheckpointParquet } from './checkpoint-parquet.js';
export { type Checkpoint, completeCheckpoints } from './checkpoints.js';
export { TableNotFound, VersionNotFound } from './errors/index.js';
export {
  type LastCheckpointHint,
  type LastCheckpointRead,
  readLastCheckpoint,
} from './last-checkpoint.js';
export { type LogListing, listLog } from './list-log.js';
export {
  type CheckpointFile,
  type CommitFile,
  type CompactionFile,
  commitFilePath,
  LOG_FOLDER,
  type LogFile,
  parseLogFile,
} from './log-file-name.js';
export {
  availableVersions,
  buildLogSegment,
  type LastCheckpointStatus,
  type LogSegment,
  selectLogSegment,
} from './log-segment.js';
export { readCheckpoint } from './read-checkpoint.js';
export { readCommits, readProtocolAndMetadata, replayLogSegment } from './read-log-segment.js';
export { type Located, type LogBatch, type ReplayedLog, replay } from './replay.js';
