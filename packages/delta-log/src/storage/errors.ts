import { SiltError } from '@silt/parquet-io';

/** A file that storage was asked for does not exist. */
export class FileNotFound extends SiltError {
  static readonly code = 'SILT_FileNotFound';
  readonly path: string;

  constructor(options: { path: string; cause?: unknown }) {
    super({
      code: FileNotFound.code,
      message: `File not found: ${options.path}. Check the path, or whether it was removed (by VACUUM or log cleanup).`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}

/** A put-if-absent write found the file already there: another writer got there first. */
export class FileAlreadyExists extends SiltError {
  static readonly code = 'SILT_FileAlreadyExists';
  readonly path: string;

  constructor(options: { path: string; cause?: unknown }) {
    super({
      code: FileAlreadyExists.code,
      message: `File already exists: ${options.path}. Another writer created it first; re-read the table and retry.`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}

/** A path escapes the storage root (`..`, an absolute path) or is otherwise not a valid relative path. */
export class InvalidPath extends SiltError {
  static readonly code = 'SILT_InvalidPath';
  readonly path: string;

  constructor(options: { path: string; reason: string }) {
    super({
      code: InvalidPath.code,
      message: `Invalid path "${options.path}": ${options.reason}. Paths are relative to the table root and may not leave it.`,
    });
    this.path = options.path;
  }
}
