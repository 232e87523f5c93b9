import { SiltError } from '@silt/parquet-io';

/**
 * A file path in the log (an `add` or `remove` path) does not resolve to a file under the table
 * root: it climbs out with `..`, is an absolute file path, or is a URI outside the table. Silt
 * reads and deletes only files inside the table, so that a crafted log cannot reach other files.
 */
export class PathOutsideTable extends SiltError {
  static readonly code = 'SILT_PathOutsideTable';
  /** The path as written in the log. */
  readonly path: string;

  constructor(options: { path: string; reason: string; cause?: unknown }) {
    super({
      code: PathOutsideTable.code,
      message: `The log refers to the file "${options.path}", which ${options.reason}. Silt only reads files inside the table root; if the table really uses absolute paths inside itself, pass its URL ({ tableUrl }), otherwise the log may have been tampered with.`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}
