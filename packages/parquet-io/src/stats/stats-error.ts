import { SiltError } from '../errors/silt-error.js';

/**
 * Delta statistics could not be computed as asked: an option is out of range, a
 * `statsColumns` path is malformed, or a batch does not have the collector's schema.
 */
export class StatsError extends SiltError {
  static readonly code = 'SILT_StatsError';

  constructor(options: { reason: string; hint: string; cause?: unknown }) {
    super({
      code: StatsError.code,
      message: `Cannot compute Delta statistics: ${options.reason}. ${options.hint}`,
      cause: options.cause,
    });
  }
}
