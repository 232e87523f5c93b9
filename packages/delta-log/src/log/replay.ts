import type {
  Action,
  AddAction,
  CommitInfoAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from '../protocol/actions.js';
import { logicalFileKey } from '../protocol/logical-file-key.js';

/** The actions of one log file, for replay. */
export interface LogBatch {
  /** A commit file, or (all files of) a checkpoint. */
  kind: 'commit' | 'checkpoint';
  /** The version the file belongs to. */
  version: number;
  /** The file, relative to the table root (for error messages). */
  file: string;
  /** Its actions, in file order. */
  actions: readonly Action[];
}

/** An action with the log file and version it was found in. */
export interface Located<T> {
  action: T;
  version: number;
  file: string;
}

/** The table state that action reconciliation leaves. */
export interface ReplayedLog {
  /** The newest protocol action; none when the log lacks one. */
  protocol: Located<ProtocolAction> | undefined;
  /** The newest metaData action; none when the log lacks one. */
  metadata: Located<MetadataAction> | undefined;
  /** The active logical files, in log order (oldest first). */
  files: AddAction[];
  /** The tombstones: the newest action of each logical file is a remove. */
  tombstones: RemoveAction[];
  /** The newest txn of each application. */
  transactions: Map<string, TxnAction>;
  /** The newest domainMetadata of each domain that is not removed. */
  domains: Map<string, DomainMetadataAction>;
  /** The commitInfo of each commit replayed (checkpoints do not keep them). */
  commitInfos: Map<number, CommitInfoAction>;
}

/**
 * Action reconciliation (PROTOCOL.md, "Action Reconciliation") over log files given newest
 * first: the first action seen for a key is the newest and wins.
 *
 * - `protocol`, `metaData`: the newest wins.
 * - `txn`: the newest per `appId`; `domainMetadata`: the newest per `domain`, and a removed one
 *   hides the domain (and older versions of it).
 * - `add` / `remove`: keyed by logical file — (path as written, deletion vector unique id). The
 *   newest action per key wins: an add makes the file active, a remove a tombstone.
 * - Within one commit, a later line is newer than an earlier one (as Spark replays a commit in
 *   file order), so each batch is walked backwards.
 * - `cdc`, `checkpointMetadata` and `sidecar` do not take part; `commitInfo` is kept per version.
 */
export function replay(batchesNewestFirst: Iterable<LogBatch>): ReplayedLog {
  const state: ReplayedLog = {
    protocol: undefined,
    metadata: undefined,
    files: [],
    tombstones: [],
    transactions: new Map(),
    domains: new Map(),
    commitInfos: new Map(),
  };
  const seenFiles = new Set<string>();
  const seenDomains = new Set<string>();
  for (const batch of batchesNewestFirst) {
    for (let index = batch.actions.length - 1; index >= 0; index--) {
      const action = batch.actions[index]!;
      if ('add' in action || 'remove' in action) {
        const file = 'add' in action ? action.add : action.remove;
        // One hash-table operation per action, not two (`has`, then `add`): replay of a large
        // table is mostly this line.
        const seen = seenFiles.size;
        if (seenFiles.add(logicalFileKey(file)).size === seen) continue;
        if ('add' in action) state.files.push(action.add);
        else state.tombstones.push(action.remove);
      } else if ('protocol' in action) {
        state.protocol ??= { action: action.protocol, version: batch.version, file: batch.file };
      } else if ('metaData' in action) {
        state.metadata ??= { action: action.metaData, version: batch.version, file: batch.file };
      } else if ('txn' in action) {
        if (!state.transactions.has(action.txn.appId))
          state.transactions.set(action.txn.appId, action.txn);
      } else if ('domainMetadata' in action) {
        const { domain } = action.domainMetadata;
        if (seenDomains.has(domain)) continue;
        seenDomains.add(domain);
        if (!action.domainMetadata.removed) state.domains.set(domain, action.domainMetadata);
      } else if ('commitInfo' in action && batch.kind === 'commit') {
        // Walking backwards, the last one set is the first in the file (where the protocol wants it).
        state.commitInfos.set(batch.version, action.commitInfo);
      }
    }
  }
  // Collected newest first; log order reads more naturally and matches other engines' listings.
  state.files.reverse();
  state.tombstones.reverse();
  return state;
}
