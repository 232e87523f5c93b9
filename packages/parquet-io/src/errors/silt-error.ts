const marker = 'silt.error';
const symbol = Symbol.for(marker);

/**
 * The base of every error Silt throws. Each subclass has a stable `code` (for example
 * `SILT_MalformedRecord`) and a message that says what to do about it.
 *
 * Use {@link SiltError.isInstance} rather than `instanceof`: it also recognises errors thrown by
 * another copy of a Silt package (two versions installed side by side).
 *
 * @example
 * ```ts
 * import { SiltError } from '@silt/parquet-io';
 * try { await readParquet(bytes); } catch (error) {
 *   if (SiltError.isInstance(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class SiltError extends Error {
  // Read through the symbol by isInstance(), which the linter cannot see.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the cross-version marker
  private readonly [symbol] = true;
  /** Stable machine-readable name of the condition, `SILT_<Name>`. */
  readonly code: string;

  constructor(options: { code: string; message: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.name = options.code;
  }

  /** True when `error` is a Silt error of any package version. */
  static isInstance(error: unknown): error is SiltError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[symbol] === true
    );
  }

  /** True when `error` is a Silt error carrying `code`. */
  static hasCode(error: unknown, code: string): error is SiltError {
    return SiltError.isInstance(error) && error.code === code;
  }
}
