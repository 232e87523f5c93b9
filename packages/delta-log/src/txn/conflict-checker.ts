import type { Expression } from '../expr/expression.js';
import type { DomainMetadataAction, RemoveAction } from '../protocol/actions.js';
import { filePruner, type PruningTable } from '../scan/file-pruning.js';
import {
  ConcurrentAppend,
  ConcurrentDeleteDelete,
  ConcurrentDeleteRead,
  ConcurrentTransaction,
  MetadataChanged,
  ProtocolChanged,
} from './errors/concurrent-modification.js';
import type { IsolationLevel } from './transaction.js';
import type { WinningCommit } from './winning-commit.js';

/** What a transaction read, for conflict detection. */
export interface TransactionReads {
  /** The outcome depends on every file (overwrite, a scan without filter). */
  wholeTable: boolean;
  /** The outcome depends on the rows matching these predicates. */
  predicates: Expression[];
  /** The paths of the files read. */
  files: Set<string>;
  /** Application ids whose transaction version was read. */
  appIds: Set<string>;
}

/** The transaction side of a conflict check. */
export interface ConflictInput {
  readVersion: number;
  isolationLevel: IsolationLevel;
  reads: TransactionReads;
  removes: readonly RemoveAction[];
  domains: readonly DomainMetadataAction[];
  /** The transaction creates the table. */
  creates: boolean;
  /** The table as read (schema and partitioning for pruning); undefined when creating it. */
  table: PruningTable | undefined;
}

/**
 * Checks one winning commit against a transaction, with Spark's rules (`ConflictChecker`), in
 * Spark's order:
 * 1. a protocol change, or a concurrent creation of the table → {@link ProtocolChanged};
 * 2. a metadata change → {@link MetadataChanged};
 * 3. files added that the transaction should have read (matching a read predicate, or any when
 *    it read the whole table) → {@link ConcurrentAppend}. Under WriteSerializable a winning blind
 *    append never conflicts this way;
 * 4. a file removed that the transaction read (or any, when it read the whole table) →
 *    {@link ConcurrentDeleteRead};
 * 5. a file removed that the transaction removes too → {@link ConcurrentDeleteDelete};
 * 6. a `txn` for an application id the transaction read → {@link ConcurrentTransaction}; a
 *    domain both commits change → the same.
 *
 * A blind append (read nothing, removes nothing) conflicts only through 1 and 2.
 *
 * @throws {ConcurrentModification} the first conflict found.
 */
export function checkConflicts(input: ConflictInput, winner: WinningCommit): void {
  const context = { winningVersion: winner.version, readVersion: input.readVersion };
  if (input.creates) {
    throw new ProtocolChanged({ ...context, detail: 'the table was created concurrently' });
  }
  if (winner.protocol) throw new ProtocolChanged(context);
  if (winner.metadata) throw new MetadataChanged(context);
  const { reads } = input;
  const dataAdds = winner.adds.filter((add) => add.dataChange);
  const addsToCheck =
    input.isolationLevel === 'WriteSerializable' && winner.isBlindAppend ? [] : dataAdds;
  if (addsToCheck.length > 0) {
    if (reads.wholeTable) {
      throw new ConcurrentAppend({ ...context, detail: `file ${addsToCheck[0]!.path}` });
    }
    if (reads.predicates.length > 0 && input.table) {
      const pruners = reads.predicates.map((predicate) => filePruner(input.table!, predicate));
      const match = addsToCheck.find((add) => pruners.some((mightMatch) => mightMatch(add)));
      if (match) throw new ConcurrentAppend({ ...context, detail: `file ${match.path}` });
    }
  }
  const removed = winner.removes.filter((remove) => remove.dataChange);
  if (removed.length > 0 && reads.wholeTable) {
    throw new ConcurrentDeleteRead({ ...context, detail: `file ${removed[0]!.path}` });
  }
  const readRemoved = removed.find((remove) => reads.files.has(remove.path));
  if (readRemoved)
    throw new ConcurrentDeleteRead({ ...context, detail: `file ${readRemoved.path}` });
  if (input.removes.length > 0) {
    const ours = new Set(input.removes.map((remove) => remove.path));
    const both = winner.removes.find((remove) => ours.has(remove.path));
    if (both) throw new ConcurrentDeleteDelete({ ...context, detail: `file ${both.path}` });
  }
  const txn = winner.txns.find((action) => reads.appIds.has(action.appId));
  if (txn) throw new ConcurrentTransaction({ ...context, detail: `application ${txn.appId}` });
  const domains = new Set(input.domains.map((domain) => domain.domain));
  const domain = winner.domains.find((action) => domains.has(action.domain));
  if (domain) throw new ConcurrentTransaction({ ...context, detail: `domain ${domain.domain}` });
}
