export { type ChangeSource, type CommitChanges, planChanges } from './change-plan.js';
export {
  type ChangeRange,
  type ChangeRangeOptions,
  type ChangeTime,
  resolveChangeRange,
} from './change-range.js';
export { ChangeDataNotRecorded, InvalidChangeRange } from './errors/index.js';
export {
  CHANGE_TYPE_COLUMN,
  type ChangeKind,
  type ChangesOptions,
  COMMIT_TIMESTAMP_COLUMN,
  COMMIT_VERSION_COLUMN,
  changesSchema,
  TableChanges,
} from './table-changes.js';
