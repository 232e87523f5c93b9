import { SiltError } from '@silt/parquet-io';

/**
 * Several source rows matched one target row of a MERGE with MATCHED clauses, so which one
 * updates or deletes it is ambiguous (Spark's DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE).
 * Nothing was committed.
 */
export class MergeCardinalityViolation extends SiltError {
  static readonly code = 'SILT_MergeCardinalityViolation';

  constructor(_options: { targetRowCount?: number } = {}) {
    super({
      code: MergeCardinalityViolation.code,
      message:
        'The MERGE matched one target row with several source rows, so which one should update or delete it is ambiguous. Remove the duplicate keys from the source (deduplicate it), or make the merge condition match at most one source row per target row. Nothing was committed.',
    });
  }
}
