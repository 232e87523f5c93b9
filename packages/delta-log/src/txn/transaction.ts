import { SiltError } from '@silt/parquet-io';
import type { Expression } from '../expr/expression.js';
import { commitFilePath } from '../log/log-file-name.js';
import type {
  Action,
  AddAction,
  CdcAction,
  CommitInfoAction,
  DomainMetadataAction,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
  TxnAction,
} from '../protocol/actions.js';
import { formatCommitFile } from '../protocol/commit-file.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { FileAlreadyExists } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';
import { checkConflicts, type TransactionReads } from './conflict-checker.js';
import { CommitAttemptsExhausted } from './errors/commit-attempts-exhausted.js';
import { readWinningCommit, type WinningCommit } from './winning-commit.js';

/**
 * How strictly concurrent commits are checked (Delta's isolation levels). `WriteSerializable`
 * (Delta's default) lets a concurrent blind append through even when this transaction read the
 * data it lands in; `Serializable` does not.
 */
export type IsolationLevel = 'Serializable' | 'WriteSerializable';

/** What a commit records about the operation in `commitInfo`. */
export interface CommitOperation {
  /** Spark's operation name: `WRITE`, `CREATE TABLE`, `DELETE`, `MERGE`, … */
  operation: string;
  /** Parameters, each written as Spark writes them (a string; other values as JSON). */
  operationParameters?: Record<string, unknown>;
  /** Metrics, written as strings as Spark does. */
  operationMetrics?: Record<string, number | bigint | string>;
  /** `commitProperties.userMetadata`. */
  userMetadata?: string;
}

/** Options of a {@link Transaction}. */
export interface TransactionOptions {
  /** Default: the table's `delta.isolationLevel`, else `WriteSerializable`. */
  isolationLevel?: IsolationLevel;
  /** How many times a commit that lost the race (without conflict) is rebased and retried. Default 100. */
  maxRetries?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Runs after a successful commit (checkpoints, log cleanup); its failure does not undo the commit. */
  afterCommit?: (result: CommitResult) => Promise<void>;
}

/** A committed transaction. */
export interface CommitResult {
  /** The version the commit became. */
  version: number;
  /** The actions committed, commitInfo first. */
  actions: readonly Action[];
  /** How many times the commit was rebased over other writers' commits. */
  retries: number;
}

/** The name and version Silt writes as `engineInfo`. */
export const ENGINE_INFO = 'Silt-delta-log/0.0.0';

/**
 * One optimistic transaction on a table (PROTOCOL.md, "Optimistic Concurrency Control"): it
 * remembers the version it read and what it read of it, stages actions, and commits them as
 * the next version with a put-if-absent write of the commit file. When another writer took that
 * version first, the winning commits are read and checked against what this transaction read
 * ({@link checkConflicts}); without a conflict the transaction is rebased onto them and tried
 * again at the next version, else it fails with a {@link ConcurrentModification}.
 *
 * ```
 * read snapshot v ── stage actions ── write v+1.json (if absent) ──▶ committed
 *                                          └ exists: read winners, check conflicts, retry v+2 …
 * ```
 *
 * Data files must be written before {@link Transaction.commit}: the commit file is the only
 * thing that makes anything visible, and it appears whole or not at all.
 */
export class Transaction {
  /** The version read (-1 when the transaction creates the table). */
  readonly readVersion: number;
  readonly isolationLevel: IsolationLevel;
  private readonly reads: TransactionReads = {
    wholeTable: false,
    predicates: [],
    files: new Set(),
    appIds: new Set(),
  };
  private protocolAction: ProtocolAction | undefined;
  private metadataAction: MetadataAction | undefined;
  private readonly txns: TxnAction[] = [];
  private readonly domainActions: DomainMetadataAction[] = [];
  private readonly removes: RemoveAction[] = [];
  private readonly adds: AddAction[] = [];
  private readonly cdcs: CdcAction[] = [];
  private readonly now: () => number;
  private committed = false;

  /**
   * @param storage the table's storage.
   * @param snapshot the version this transaction reads; undefined to create the table.
   */
  constructor(
    private readonly storage: Storage,
    readonly snapshot: Snapshot | undefined,
    private readonly options: TransactionOptions = {},
  ) {
    this.readVersion = snapshot?.version ?? -1;
    this.isolationLevel =
      options.isolationLevel ??
      (snapshot?.configuration['delta.isolationLevel'] === 'Serializable'
        ? 'Serializable'
        : 'WriteSerializable');
    this.now = options.now ?? Date.now;
  }

  /** Records that the outcome depends on every file of the table (an overwrite, a full scan). */
  readWholeTable(): this {
    this.reads.wholeTable = true;
    return this;
  }

  /**
   * Records that the outcome depends on the rows matching `predicate` (logical names): a
   * concurrent commit adding a file that might hold such a row conflicts.
   */
  readPredicate(predicate: Expression): this {
    this.reads.predicates.push(predicate);
    return this;
  }

  /** Records that these files were read: a concurrent commit removing one conflicts. */
  readFiles(files: Iterable<Pick<AddAction, 'path'>>): this {
    for (const file of files) this.reads.files.add(file.path);
    return this;
  }

  /** Records that the outcome depends on an application's transaction version (idempotent writes). */
  readAppId(appId: string): this {
    this.reads.appIds.add(appId);
    return this;
  }

  /** Sets the protocol of the new version (only when it changes). */
  setProtocol(protocol: ProtocolAction): this {
    this.protocolAction = protocol;
    return this;
  }

  /** Sets the metadata of the new version (only when it changes). */
  setMetadata(metadata: MetadataAction): this {
    this.metadataAction = metadata;
    return this;
  }

  /** The metadata the new version will have. */
  get metadata(): MetadataAction | undefined {
    return this.metadataAction ?? this.snapshot?.metadata;
  }

  /** The protocol the new version will have. */
  get protocol(): ProtocolAction | undefined {
    return this.protocolAction ?? this.snapshot?.protocol;
  }

  /** Records an application transaction version (`txn`), for idempotent writes. */
  setAppTransaction(appId: string, version: number): this {
    this.txns.push({ appId, version, lastUpdated: this.now() });
    this.readAppId(appId);
    return this;
  }

  /** Stages a domainMetadata action. */
  setDomainMetadata(action: DomainMetadataAction): this {
    this.domainActions.push(action);
    return this;
  }

  /** Stages files that join the table. */
  add(...adds: AddAction[]): this {
    this.adds.push(...adds);
    return this;
  }

  /** Stages files that leave the table. */
  remove(...removes: RemoveAction[]): this {
    this.removes.push(...removes);
    return this;
  }

  /** Stages change data files (`cdc`) of this commit. */
  addChangeData(...cdcs: CdcAction[]): this {
    this.cdcs.push(...cdcs);
    return this;
  }

  /** True when the transaction only adds data files and read nothing (Delta's "blind append"). */
  get isBlindAppend(): boolean {
    return (
      this.removes.length === 0 &&
      !this.reads.wholeTable &&
      this.reads.predicates.length === 0 &&
      this.reads.files.size === 0 &&
      this.adds.every((add) => add.dataChange)
    );
  }

  /**
   * Commits the staged actions as the next version.
   *
   * @throws {ConcurrentModification} (a subclass naming the conflict) when a concurrent commit
   * invalidates what this transaction read.
   * @throws {CommitAttemptsExhausted} when other writers won the race `maxRetries` times.
   */
  async commit(operation: CommitOperation): Promise<CommitResult> {
    if (this.committed) throw new Error('This transaction was already committed.');
    const maxRetries = this.options.maxRetries ?? 100;
    let version = this.readVersion + 1;
    let previousTimestamp = this.snapshot ? this.snapshot.timestamp : undefined;
    for (let retries = 0; ; retries++) {
      const actions = this.actions(operation, previousTimestamp, version);
      try {
        await this.storage.write(
          commitFilePath(version),
          encoder.encode(formatCommitFile(actions)),
          {
            ifAbsent: true,
          },
        );
      } catch (error) {
        if (!SiltError.hasCode(error, FileAlreadyExists.code)) throw error;
        if (retries >= maxRetries) throw new CommitAttemptsExhausted({ attempts: retries + 1 });
        // Every commit from `version` on was made by another writer: check each against what
        // this transaction read, then try after the last one.
        for (;;) {
          const winner: WinningCommit | undefined = await readWinningCommit(this.storage, version);
          if (!winner) break;
          checkConflicts(this.conflictInput(), winner);
          previousTimestamp = winner.inCommitTimestamp ?? previousTimestamp;
          version++;
        }
        continue;
      }
      this.committed = true;
      const result: CommitResult = { version, actions, retries };
      if (this.options.afterCommit) {
        // The commit stands whatever happens here: hooks (checkpoints) are an optimisation.
        await this.options.afterCommit(result).catch(() => undefined);
      }
      return result;
    }
  }

  private conflictInput() {
    return {
      readVersion: this.readVersion,
      isolationLevel: this.isolationLevel,
      reads: this.reads,
      removes: this.removes,
      domains: this.domainActions,
      creates: this.snapshot === undefined,
      table: this.snapshot,
    };
  }

  private actions(
    operation: CommitOperation,
    previousTimestamp: number | undefined,
    version: number,
  ): Action[] {
    const now = this.now();
    const commitInfo: CommitInfoAction = {};
    let metadata = this.metadataAction;
    if (this.metadata?.configuration['delta.enableInCommitTimestamps'] === 'true') {
      // In-commit timestamps must increase strictly from commit to commit.
      const timestamp =
        previousTimestamp === undefined ? now : Math.max(now, previousTimestamp + 1);
      commitInfo.inCommitTimestamp = timestamp;
      const enabledBefore =
        this.snapshot?.configuration['delta.enableInCommitTimestamps'] === 'true';
      if (metadata && this.snapshot && !enabledBefore) {
        // Turned on by this commit: readers need its version and time to switch clocks.
        metadata = {
          ...metadata,
          configuration: {
            ...metadata.configuration,
            'delta.inCommitTimestampEnablementVersion': String(version),
            'delta.inCommitTimestampEnablementTimestamp': String(timestamp),
          },
        };
      }
    }
    commitInfo.timestamp = now;
    commitInfo.operation = operation.operation;
    commitInfo.operationParameters = sparkParameters(operation.operationParameters ?? {});
    if (this.readVersion >= 0) commitInfo.readVersion = this.readVersion;
    commitInfo.isolationLevel = this.isolationLevel;
    commitInfo.isBlindAppend = this.isBlindAppend;
    commitInfo.operationMetrics = Object.fromEntries(
      Object.entries(operation.operationMetrics ?? {}).map(([key, value]) => [key, String(value)]),
    );
    if (operation.userMetadata !== undefined) commitInfo.userMetadata = operation.userMetadata;
    commitInfo.engineInfo = ENGINE_INFO;
    commitInfo.txnId = txnId;
    const actions: Action[] = [{ commitInfo }];
    if (this.protocolAction) actions.push({ protocol: this.protocolAction });
    if (metadata) actions.push({ metaData: metadata });
    for (const txn of this.txns) actions.push({ txn });
    for (const domainMetadata of this.domainActions) actions.push({ domainMetadata });
    for (const remove of this.removes) actions.push({ remove });
    for (const add of this.adds) actions.push({ add });
    for (const cdc of this.cdcs) actions.push({ cdc });
    return actions;
  }
}

const encoder = new TextEncoder();
const txnId = globalThis.crypto.randomUUID();

/** Spark writes every operation parameter as a string: strings as they are, others as JSON. */
function sparkParameters(parameters: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' || value === null ? value : JSON.stringify(value);
  }
  return out;
}
