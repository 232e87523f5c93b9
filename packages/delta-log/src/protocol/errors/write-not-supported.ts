import { SiltError } from '@silt/parquet-io';

/**
 * The table needs a writer Silt is not: a writer protocol version above 7, writer features Silt
 * does not implement (identity columns, row tracking, clustering, Iceberg compatibility, …), or
 * a feature Silt knows but cannot honour for this table (generated columns, column defaults).
 * Writing anyway could break the table for other engines, so Silt refuses before writing a byte.
 */
export class WriteNotSupported extends SiltError {
  static readonly code = 'SILT_WriteNotSupported';
  /** The table's `minWriterVersion`. */
  readonly writerVersion: number;
  /** The writer features Silt cannot honour. */
  readonly features: readonly string[];

  constructor(options: { writerVersion: number; features?: readonly string[]; reason?: string }) {
    const features = options.features ?? [];
    const what =
      options.reason ??
      (features.length > 0
        ? `the writer feature${features.length === 1 ? '' : 's'} ${features.map((f) => `"${f}"`).join(', ')}`
        : `writer protocol version ${options.writerVersion}`);
    super({
      code: WriteNotSupported.code,
      message: `Silt cannot write to this table: it requires ${what}, which Silt does not support. Silt can still read it; write it with an engine that supports ${features.length > 1 ? 'them' : 'it'} (such as Apache Spark).`,
    });
    this.writerVersion = options.writerVersion;
    this.features = features;
  }
}
