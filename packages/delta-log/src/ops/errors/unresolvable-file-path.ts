import { SiltError } from '@silt/parquet-io';

/**
 * The log names a file by an absolute URI, and Silt cannot tell whether the file lies inside the
 * table, because the table's own URL is unknown. VACUUM refuses to run rather than risk deleting
 * a file the table still uses. Nothing was deleted.
 */
export class UnresolvableFilePath extends SiltError {
  static readonly code = 'SILT_UnresolvableFilePath';
  /** The path as the log writes it. */
  readonly path: string;

  constructor(options: { path: string }) {
    super({
      code: UnresolvableFilePath.code,
      message: `The log names the file ${options.path} by an absolute URI, and the table's own URL is unknown, so Silt cannot tell whether VACUUM may delete it. Pass the table's URL as tableUrl (for example s3://bucket/table). Nothing was deleted.`,
    });
    this.path = options.path;
  }
}
