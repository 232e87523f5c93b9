import { SiltError } from '@silt/parquet-io';

/**
 * Other writers kept winning the race for the next version: the transaction was rebased and
 * retried the allowed number of times without conflicting, but never got a version. Nothing of
 * it is visible. Retry later, or raise `maxRetries` when many writers append at once.
 */
export class CommitAttemptsExhausted extends SiltError {
  static readonly code = 'SILT_CommitAttemptsExhausted';
  readonly attempts: number;

  constructor(options: { attempts: number }) {
    super({
      code: CommitAttemptsExhausted.code,
      message: `The commit lost the race for a version ${options.attempts} times in a row to other writers and was given up; nothing was committed. Retry the operation, or allow more attempts (maxRetries) when many writers commit at once.`,
    });
    this.attempts = options.attempts;
  }
}
