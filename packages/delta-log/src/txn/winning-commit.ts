import { SiltError } from '@silt/parquet-io';
import { commitFilePath } from '../log/log-file-name.js';
import type {
  AddAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from '../protocol/actions.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { FileNotFound } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';

/** What conflict detection needs of a commit another writer made first. */
export interface WinningCommit {
  version: number;
  protocol: ProtocolAction | undefined;
  metadata: MetadataAction | undefined;
  adds: AddAction[];
  removes: RemoveAction[];
  txns: TxnAction[];
  domains: DomainMetadataAction[];
  /** `commitInfo.isBlindAppend` as the winner recorded it (false when it did not say). */
  isBlindAppend: boolean;
  inCommitTimestamp: number | undefined;
}

/** Reads the commit at `version`; undefined when there is none (yet). */
export async function readWinningCommit(
  storage: Storage,
  version: number,
): Promise<WinningCommit | undefined> {
  const path = commitFilePath(version);
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(path);
  } catch (error) {
    if (SiltError.hasCode(error, FileNotFound.code)) return undefined;
    throw error;
  }
  const commit: WinningCommit = {
    version,
    protocol: undefined,
    metadata: undefined,
    adds: [],
    removes: [],
    txns: [],
    domains: [],
    isBlindAppend: false,
    inCommitTimestamp: undefined,
  };
  for (const action of parseCommitFile(bytes, path)) {
    if ('protocol' in action) commit.protocol = action.protocol;
    else if ('metaData' in action) commit.metadata = action.metaData;
    else if ('add' in action) commit.adds.push(action.add);
    else if ('remove' in action) commit.removes.push(action.remove);
    else if ('txn' in action) commit.txns.push(action.txn);
    else if ('domainMetadata' in action) commit.domains.push(action.domainMetadata);
    else if ('commitInfo' in action) {
      commit.isBlindAppend = action.commitInfo.isBlindAppend === true;
      const ict = action.commitInfo.inCommitTimestamp;
      if (typeof ict === 'number') commit.inCommitTimestamp = ict;
    }
  }
  return commit;
}
