import { SiltError } from '@silt/parquet-io';

/**
 * The table needs a reader that Silt is not: a reader protocol version above 3, or reader
 * features (or a data type such as `variant`) that Silt does not implement. Reading it anyway
 * could return wrong rows, so Silt refuses.
 */
export class ProtocolNotSupported extends SiltError {
  static readonly code = 'SILT_ProtocolNotSupported';
  /** The table's `minReaderVersion`. */
  readonly readerVersion: number;
  /** The reader features (or type features such as `variantType`) Silt lacks; empty when only the version is too high. */
  readonly features: readonly string[];

  constructor(options: { readerVersion: number; features?: readonly string[]; reason?: string }) {
    const features = options.features ?? [];
    const what =
      options.reason ??
      (features.length > 0
        ? `the reader feature${features.length === 1 ? '' : 's'} ${features.map((f) => `"${f}"`).join(', ')}`
        : `reader protocol version ${options.readerVersion}`);
    super({
      code: ProtocolNotSupported.code,
      message: `This table cannot be read by Silt: it requires ${what}, which Silt does not support (Silt reads reader versions 1 to 3). Read it with an engine that supports ${features.length > 1 ? 'them' : 'it'} (such as Apache Spark), or upgrade Silt when support arrives.`,
    });
    this.readerVersion = options.readerVersion;
    this.features = features;
  }
}
