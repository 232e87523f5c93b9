import type { StructType } from '@silt/parquet-io';
import type { CommitFile } from '../log/log-file-name.js';
import type { LogSegment } from '../log/log-segment.js';
import type { ReplayedLog } from '../log/replay.js';
import type {
  AddAction,
  CommitInfoAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from '../protocol/actions.js';
import { type ResolveFilePathOptions, resolveFilePath } from '../protocol/file-path.js';
import { checkReadSupport } from '../protocol/table-features.js';
import { parseTableProperties, type TableProperties } from '../protocol/table-properties.js';
import { parseTableSchema } from '../protocol/table-schema.js';
import { MissingMetadata } from './errors/missing-metadata.js';
import { MissingProtocol } from './errors/missing-protocol.js';
import { inCommitTimestampOf, inCommitTimestamps } from './in-commit-timestamps.js';

/**
 * One version of a Delta table: its protocol, metadata, schema, active files, tombstones,
 * application transactions and metadata domains, as action reconciliation leaves them.
 * Immutable; obtain one with {@link loadSnapshot}.
 *
 * @example
 * ```ts
 * import { LocalStorage, loadSnapshot } from '@silt/delta-log';
 * const snapshot = await loadSnapshot(new LocalStorage('./lake/silver'), { version: 3 });
 * console.log(snapshot.version, snapshot.files.length, snapshot.partitionColumns);
 * ```
 */
export class Snapshot {
  /** The table version. */
  readonly version: number;
  /** The protocol in force at this version. */
  readonly protocol: ProtocolAction;
  /** The metadata in force at this version. */
  readonly metadata: MetadataAction;
  /** The table schema (parsed `metadata.schemaString`). */
  readonly schema: StructType;
  /**
   * The commit time of this version, in milliseconds since the epoch: its in-commit timestamp
   * when the table has them for this version, else the modification time of its commit file (of
   * its checkpoint, when the commit was cleaned up). As in Spark, the raw file time: history
   * and time travel make file times increasing, this does not.
   */
  readonly timestamp: number;
  /** The active files (`add` actions), paths as written in the log (see {@link Snapshot.filePath}). */
  readonly files: readonly AddAction[];
  /**
   * The tombstones (`remove` actions of logical files no longer in the table). All are kept,
   * expired or not: VACUUM decides with its own retention.
   */
  readonly tombstones: readonly RemoveAction[];
  /** The commitInfo of this version's commit, when it has one. */
  readonly commitInfo: CommitInfoAction | undefined;
  /** The log files this snapshot was built from. */
  readonly logSegment: LogSegment;
  private readonly transactions: ReadonlyMap<string, TxnAction>;
  private readonly domains: ReadonlyMap<string, DomainMetadataAction>;
  private parsedProperties: TableProperties | undefined;

  private constructor(
    segment: LogSegment,
    state: ReplayedLog,
    protocol: ProtocolAction,
    metadata: MetadataAction,
    schema: StructType,
    timestamp: number,
  ) {
    this.version = segment.version;
    this.protocol = protocol;
    this.metadata = metadata;
    this.schema = schema;
    this.timestamp = timestamp;
    this.files = state.files;
    this.tombstones = state.tombstones;
    this.commitInfo = state.commitInfos.get(segment.version);
    this.logSegment = segment;
    this.transactions = state.transactions;
    this.domains = state.domains;
  }

  /**
   * Builds a snapshot from a replayed segment, checking that Silt can read the table.
   *
   * @throws {MissingProtocol} / {MissingMetadata} when the log lacks them.
   * @throws {ProtocolNotSupported} when the table needs reader features Silt lacks (or has a variant column).
   * @throws {CorruptLog} when the schema is invalid, or an in-commit timestamp is missing.
   */
  static fromReplay(segment: LogSegment, state: ReplayedLog): Snapshot {
    if (!state.protocol) throw new MissingProtocol({ version: segment.version });
    if (!state.metadata) throw new MissingMetadata({ version: segment.version });
    const protocol = state.protocol.action;
    const metadata = state.metadata.action;
    // The protocol first: a table Silt cannot read may well have a schema Silt cannot parse.
    checkReadSupport(protocol);
    const schema = parseTableSchema(metadata.schemaString, {
      readerVersion: protocol.minReaderVersion,
      file: state.metadata.file,
    });
    return new Snapshot(
      segment,
      state,
      protocol,
      metadata,
      schema,
      commitTimestamp(segment, state, protocol, metadata),
    );
  }

  /** The partition columns, in order. */
  get partitionColumns(): readonly string[] {
    return this.metadata.partitionColumns;
  }

  /** The raw table configuration (`metadata.configuration`). */
  get configuration(): Readonly<Record<string, string>> {
    return this.metadata.configuration;
  }

  /**
   * The table properties Silt interprets, parsed on first use.
   *
   * @throws {InvalidTableProperty} when a property has a malformed value.
   */
  get properties(): TableProperties {
    this.parsedProperties ??= parseTableProperties(this.metadata.configuration);
    return this.parsedProperties;
  }

  /** The latest transaction of an application (`txn` action), for idempotent writes; undefined when none. */
  appTransaction(appId: string): TxnAction | undefined {
    return this.transactions.get(appId);
  }

  /** The application ids with a transaction in the table. */
  appIds(): string[] {
    return [...this.transactions.keys()];
  }

  /** The configuration of a metadata domain; undefined when the domain does not exist or was removed. */
  domainMetadata(domain: string): string | undefined {
    return this.domains.get(domain)?.configuration;
  }

  /** The metadata domains present (not removed), by name. */
  domainNames(): string[] {
    return [...this.domains.keys()];
  }

  /**
   * The storage path, relative to the table root, of an `add` or `remove` action: its path
   * URI-decoded and checked to lie inside the table.
   *
   * @throws {PathOutsideTable} for a path that leaves the table (`..`, absolute paths).
   */
  filePath(
    action: Pick<AddAction | RemoveAction, 'path'>,
    options: ResolveFilePathOptions = {},
  ): string {
    return resolveFilePath(action.path, options);
  }
}

function commitTimestamp(
  segment: LogSegment,
  state: ReplayedLog,
  protocol: ProtocolAction,
  metadata: MetadataAction,
): number {
  const commit = commitFileAt(segment);
  const ict = inCommitTimestamps(protocol, metadata);
  if (commit && ict && segment.version >= ict.enablementVersion) {
    return inCommitTimestampOf(
      state.commitInfos.get(segment.version),
      segment.version,
      commit.path,
    );
  }
  if (commit) return commit.modificationTime;
  // Only a checkpoint is left of this version (the commit was cleaned up): its time is the closest.
  return Math.max(...(segment.checkpoint?.files ?? []).map((file) => file.modificationTime));
}

/** The commit file of the segment's version, also when a checkpoint at that version made replay skip it. */
export function commitFileAt(segment: LogSegment): CommitFile | undefined {
  const last = segment.commits.at(-1);
  if (last?.version === segment.version) return last;
  return segment.listing.commits.find((commit) => commit.version === segment.version);
}
