import { SiltError } from '@silt/parquet-io';

/**
 * RESTORE needs data files (or deletion vector files) of the target version that are gone from
 * storage, usually because VACUUM deleted them. Nothing was committed.
 */
export class RestoreFilesMissing extends SiltError {
  static readonly code = 'SILT_RestoreFilesMissing';
  /** The version that was to be restored. */
  readonly version: number;
  /** The missing files, as storage paths relative to the table root. */
  readonly paths: readonly string[];

  constructor(options: { version: number; paths: readonly string[] }) {
    const shown = options.paths.slice(0, 5).join(', ');
    const more = options.paths.length > 5 ? ` and ${options.paths.length - 5} more` : '';
    const count = options.paths.length;
    super({
      code: RestoreFilesMissing.code,
      message: `Cannot restore version ${options.version}: ${count} ${count === 1 ? 'file' : 'files'} it needs ${count === 1 ? 'is' : 'are'} missing from storage (${shown}${more}), probably deleted by VACUUM. Restore a later version whose files still exist. Nothing was committed.`,
    });
    this.version = options.version;
    this.paths = options.paths;
  }
}
