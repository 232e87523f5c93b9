import type { CommitInfoAction, MetadataAction, ProtocolAction } from '../protocol/actions.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { hasWriterFeature } from '../protocol/table-features.js';
import { parseTableProperties } from '../protocol/table-properties.js';

/** Where in-commit timestamps apply in a table (PROTOCOL.md, "In-Commit Timestamps"). */
export interface InCommitTimestamps {
  /** The first version whose commit carries `commitInfo.inCommitTimestamp`. */
  enablementVersion: number;
  /** The in-commit timestamp of that version, when recorded (enabled after table creation). */
  enablementTimestamp: number | undefined;
}

/**
 * The in-commit timestamp range of a table, or `undefined` when the feature is not active: it is
 * active when the writer feature `inCommitTimestamp` is supported and `delta.enableInCommitTimestamps`
 * is true. Without an enablement version the feature was on from the table's creation.
 *
 * @throws {InvalidTableProperty} when one of the properties has a malformed value.
 */
export function inCommitTimestamps(
  protocol: ProtocolAction,
  metadata: MetadataAction,
): InCommitTimestamps | undefined {
  if (!hasWriterFeature(protocol, 'inCommitTimestamp')) return undefined;
  const properties = parseTableProperties(metadata.configuration);
  if (!properties.enableInCommitTimestamps) return undefined;
  return {
    enablementVersion: properties.inCommitTimestampEnablementVersion ?? 0,
    enablementTimestamp: properties.inCommitTimestampEnablementTimestamp,
  };
}

/**
 * The in-commit timestamp of a commit from its commitInfo.
 *
 * @throws {CorruptLog} when the commit has none although in-commit timestamps are enabled for it.
 */
export function inCommitTimestampOf(
  commitInfo: CommitInfoAction | undefined,
  version: number,
  file: string,
): number {
  const value = commitInfo?.inCommitTimestamp;
  if (typeof value !== 'number') {
    throw new CorruptLog({
      file,
      reason: `in-commit timestamps are enabled for version ${version}, but its commitInfo has no inCommitTimestamp`,
    });
  }
  return value;
}
