import { SiltError } from './silt-error.js';

/** Parquet bytes could not be read: the file is not Parquet, is truncated, or uses an unsupported encoding. */
export class ParquetReadError extends SiltError {
  static readonly code = 'SILT_ParquetRead';
  readonly path: string | undefined;

  constructor(options: { path?: string; reason: string; hint?: string; cause?: unknown }) {
    const where = options.path ? ` ${options.path}` : '';
    const hint =
      options.hint ??
      'Check that the file is a complete Parquet file (not truncated, not another format)';
    super({
      code: ParquetReadError.code,
      message: `Cannot read Parquet file${where}: ${options.reason}. ${hint}.`,
      cause: options.cause,
    });
    this.path = options.path;
  }
}

/** Arrow data could not be written as Parquet. */
export class ParquetWriteError extends SiltError {
  static readonly code = 'SILT_ParquetWrite';

  constructor(options: { reason: string; cause?: unknown }) {
    super({
      code: ParquetWriteError.code,
      message: `Cannot write Parquet: ${options.reason}.`,
      cause: options.cause,
    });
  }
}
