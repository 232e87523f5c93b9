/**
 * The actions of the Delta transaction log, as PROTOCOL.md ("Actions") defines them. Field names
 * are the protocol's own, so that a decoded action is the JSON object, validated.
 */

/** `protocol`: the reader and writer versions and, from (3, 7), the table features. */
export interface ProtocolAction {
  minReaderVersion: number;
  minWriterVersion: number;
  readerFeatures?: string[];
  writerFeatures?: string[];
}

/** `metaData`: the table's identity, schema, partitioning and configuration. */
export interface MetadataAction {
  id: string;
  name?: string | null;
  description?: string | null;
  format: { provider: string; options: Record<string, string> };
  /** The schema as Delta schema JSON (a struct type), serialized. */
  schemaString: string;
  partitionColumns: string[];
  createdTime?: number | null;
  configuration: Record<string, string>;
}

/** A deletion vector descriptor ("Deletion Vector Descriptor Schema"). */
export interface DeletionVectorDescriptor {
  /** `u`: relative path from a UUID (z85), `i`: inline, `p`: absolute path. */
  storageType: 'u' | 'i' | 'p';
  pathOrInlineDv: string;
  offset?: number;
  sizeInBytes: number;
  cardinality: number;
  /** The largest row index the deletion vector holds, when the writer recorded it. */
  maxRowIndex?: number | null;
}

/** `add`: a data file becomes part of the table. */
export interface AddAction {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  modificationTime: number;
  dataChange: boolean;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: DeletionVectorDescriptor | null;
  baseRowId?: number | null;
  defaultRowCommitVersion?: number | null;
  clusteringProvider?: string | null;
}

/** `remove`: a data file leaves the table (a tombstone until vacuumed). */
export interface RemoveAction {
  path: string;
  deletionTimestamp?: number | null;
  dataChange: boolean;
  extendedFileMetadata?: boolean | null;
  partitionValues?: Record<string, string | null> | null;
  size?: number | null;
  stats?: string | null;
  tags?: Record<string, string> | null;
  deletionVector?: DeletionVectorDescriptor | null;
  baseRowId?: number | null;
  defaultRowCommitVersion?: number | null;
}

/** `cdc`: a change data file of this commit. */
export interface CdcAction {
  path: string;
  partitionValues: Record<string, string | null>;
  size: number;
  dataChange: boolean;
  tags?: Record<string, string> | null;
}

/** `txn`: the latest version an application committed (idempotent writes). */
export interface TxnAction {
  appId: string;
  version: number;
  lastUpdated?: number | null;
}

/**
 * `commitInfo`: free-form provenance; `inCommitTimestamp` when in-commit timestamps are on. The
 * protocol lets writers store any JSON here, so a decoded commitInfo is kept as written: the
 * field types below are what writers use, not checked (readers check the fields they rely on).
 */
export interface CommitInfoAction {
  timestamp?: number;
  inCommitTimestamp?: number;
  operation?: string;
  operationParameters?: Record<string, unknown>;
  operationMetrics?: Record<string, unknown>;
  userMetadata?: string;
  engineInfo?: string;
  isBlindAppend?: boolean;
  readVersion?: number;
  isolationLevel?: string;
  txnId?: string;
  [key: string]: unknown;
}

/** `domainMetadata`: configuration of a named domain; `removed` tombstones it. */
export interface DomainMetadataAction {
  domain: string;
  configuration: string;
  removed: boolean;
}

/** `checkpointMetadata`: the first action of a V2 checkpoint. */
export interface CheckpointMetadataAction {
  version: number;
  tags?: Record<string, string> | null;
}

/** `sidecar`: a file of a V2 checkpoint holding add and remove actions. */
export interface SidecarAction {
  path: string;
  sizeInBytes: number;
  modificationTime: number;
  tags?: Record<string, string> | null;
}

/** One line of a commit file, or one row of a checkpoint: exactly one action. */
export type Action =
  | { protocol: ProtocolAction }
  | { metaData: MetadataAction }
  | { add: AddAction }
  | { remove: RemoveAction }
  | { cdc: CdcAction }
  | { txn: TxnAction }
  | { commitInfo: CommitInfoAction }
  | { domainMetadata: DomainMetadataAction }
  | { checkpointMetadata: CheckpointMetadataAction }
  | { sidecar: SidecarAction };

/** The names of the actions Silt knows. Unknown action names in a log are ignored, as the protocol asks. */
export const ACTION_NAMES = [
  'protocol',
  'metaData',
  'add',
  'remove',
  'cdc',
  'txn',
  'commitInfo',
  'domainMetadata',
  'checkpointMetadata',
  'sidecar',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

/** The action payload of one action name: `ActionOf<'add'>` is {@link AddAction}. */
export type ActionOf<Name extends ActionName> = Extract<Action, Record<Name, unknown>>[Name];

/** The name of an action: its single key (`{ add: … }` → `'add'`). */
export function actionName(action: Action): ActionName {
  return Object.keys(action)[0] as ActionName;
}
