import { SiltError } from '@silt/parquet-io';

/**
 * The transaction log breaks the Delta protocol: a line that is not JSON, an action without a
 * required field, a missing commit between two versions, a checkpoint without its parts.
 * Reading on would mean guessing the table's state, so the read stops.
 */
export class CorruptLog extends SiltError {
  static readonly code = 'SILT_CorruptLog';
  /** The log file at fault (relative to the table root), when one is. */
  readonly file: string | undefined;
  /** The 1-based line (commit files) or row (checkpoints) at fault, when one is. */
  readonly line: number | undefined;

  constructor(options: {
    file?: string;
    line?: number;
    reason: string;
    hint?: string;
    cause?: unknown;
  }) {
    const where =
      options.file === undefined
        ? ''
        : ` in ${options.file}${options.line === undefined ? '' : `:${options.line}`}`;
    const hint =
      options.hint ??
      'Restore the damaged log file from a backup, or read an earlier version of the table that does not depend on it';
    super({
      code: CorruptLog.code,
      message: `The Delta log is corrupt${where}: ${options.reason}. ${hint}.`,
      cause: options.cause,
    });
    this.file = options.file;
    this.line = options.line;
  }
}
