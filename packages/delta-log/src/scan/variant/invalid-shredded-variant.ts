import { SiltError } from '@silt/parquet-io';

/**
 * A shredded Variant in a data file breaks the Variant shredding rules (apache/parquet-format
 * VariantShredding.md), so its value cannot be rebuilt: no `metadata`, a shredded object whose
 * `value` is not an object or repeats a shredded field, a malformed Variant binary. Apache
 * Spark refuses such data too (MALFORMED_VARIANT).
 */
export class InvalidShreddedVariant extends SiltError {
  static readonly code = 'SILT_InvalidShreddedVariant';
  /** The column concerned, when known. */
  readonly column: string | undefined;
  /** What is wrong, without the column. */
  readonly reason: string;

  constructor(options: { reason: string; column?: string; cause?: unknown }) {
    const where = options.column === undefined ? '' : ` in column ${options.column}`;
    super({
      code: InvalidShreddedVariant.code,
      message: `Cannot rebuild a shredded Variant${where}: ${options.reason}. The data file does not follow the Variant shredding specification; rewrite it with the engine that wrote it, or check that engine for a bug.`,
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.column = options.column;
    this.reason = options.reason;
  }
}
