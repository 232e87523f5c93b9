import type { ProtocolAction } from '../protocol/actions.js';
import { WriteNotSupported } from '../protocol/errors/write-not-supported.js';

/**
 * Refuses an operation that would remove or change rows of an append-only table
 * (`delta.appendOnly = true`): DELETE, UPDATE, MERGE with update or delete clauses, an
 * overwrite of existing data.
 *
 * @param doing what the operation would do, for the message ("deleting from").
 * @throws {WriteNotSupported} when the table is append-only.
 */
export function refuseOnAppendOnly(
  table: { protocol: ProtocolAction; appendOnly: boolean },
  doing: string,
): void {
  if (!table.appendOnly) return;
  throw new WriteNotSupported({
    writerVersion: table.protocol.minWriterVersion,
    reason: `${doing} an append-only table (delta.appendOnly = true)`,
  });
}
