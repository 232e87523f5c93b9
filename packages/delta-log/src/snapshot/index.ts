export { type CommitTime, fileCommitTimes, monotonize } from './commit-timestamps.js';
export { MissingMetadata, MissingProtocol, TimestampOutOfRange } from './errors/index.js';
export { type HistoryEntry, type HistoryOptions, history } from './history.js';
export { type InCommitTimestamps, inCommitTimestamps } from './in-commit-timestamps.js';
export { type LoadSnapshotOptions, loadSnapshot } from './load-snapshot.js';
export { Snapshot } from './snapshot.js';
export { versionAtTimestamp } from './time-travel.js';
