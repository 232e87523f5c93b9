import { SiltError } from '@silt/parquet-io';

/** There is no Delta table at the location: `_delta_log/` is missing or holds no commit or checkpoint. */
export class TableNotFound extends SiltError {
  static readonly code = 'SILT_TableNotFound';
  /** Where the table was looked for (a description of the storage root). */
  readonly location: string;

  constructor(options: { location?: string; reason?: string } = {}) {
    const location = options.location ?? 'the storage root';
    const reason =
      options.reason ?? 'there is no _delta_log/ folder with a commit or checkpoint in it';
    super({
      code: TableNotFound.code,
      message: `No Delta table at ${location}: ${reason}. Check the path, or create the table first.`,
    });
    this.location = location;
  }
}
