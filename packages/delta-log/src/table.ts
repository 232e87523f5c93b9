import type { StructType } from '@silt/parquet-io';
import { type ChangesOptions, TableChanges } from './cdf/table-changes.js';
import type { ExpressionLike } from './expr/builder.js';
import { type CreateTableOptions, createTable } from './ops/create.js';
import { type DeleteOptions, type DeleteResult, deleteFromSnapshot } from './ops/delete.js';
import { MergeBuilder, type MergeOptions } from './ops/merge.js';
import {
  type RestoreOptions,
  type RestoreResult,
  type RestoreTarget,
  restore,
} from './ops/restore.js';
import { type UpdateOptions, type UpdateResult, updateSnapshot } from './ops/update.js';
import { type VacuumOptions, type VacuumResult, vacuum } from './ops/vacuum.js';
import type { WriteData } from './ops/write-source.js';
import type { AddAction, MetadataAction, ProtocolAction } from './protocol/actions.js';
import { TableScan as Scan, type ScanOptions, type TableScan } from './scan/table-scan.js';
import { type HistoryEntry, history } from './snapshot/history.js';
import { loadSnapshot } from './snapshot/load-snapshot.js';
import type { Snapshot } from './snapshot/snapshot.js';
import type { Storage } from './storage/storage.js';
import { type StorageLocation, storageFor } from './storage/storage-for.js';

/** Which version of a table to open: at most one of them. Default: the latest. */
export interface TableVersionOptions {
  /** A version number. */
  version?: number;
  /** A time (milliseconds since the epoch, a `Date`, or an ISO 8601 string): the latest version committed at or before it. */
  timestamp?: number | Date | string;
}

/**
 * A Delta table at one version: the facade users meet first.
 *
 * @example
 * ```ts
 * import { DeltaTable } from '@silt/delta-log';
 * const table = await DeltaTable.open('./lake/silver');
 * console.log(table.version, table.schema.fields.map((f) => f.name));
 * const rows = await table.scan({ columns: ['id', 'value'] }).toArrow();
 * const yesterday = await table.at({ timestamp: '2026-11-24T00:00:00Z' });
 * ```
 */
export class DeltaTable {
  private constructor(
    /** Where the table's files live. */
    readonly storage: Storage,
    /** The snapshot this table object reads. */
    readonly snapshot: Snapshot,
  ) {}

  /**
   * Opens the table at a local path (or `file://` URL), or in a `Storage`.
   *
   * @throws {TableNotFound} when there is no Delta table there.
   * @throws {VersionNotFound} / {TimestampOutOfRange} when the asked-for version does not exist.
   * @throws {ProtocolNotSupported} when the table needs features Silt cannot read.
   */
  static async open(
    location: StorageLocation,
    options: TableVersionOptions = {},
  ): Promise<DeltaTable> {
    const storage = storageFor(location);
    return new DeltaTable(storage, await loadSnapshot(storage, snapshotOptions(options)));
  }

  /**
   * Creates an empty table (version 0) and opens it.
   *
   * @example
   * ```ts
   * const table = await DeltaTable.create('./lake/orders', {
   *   schema: 'id BIGINT, city STRING, amount DECIMAL(10,2)',
   *   partitionBy: ['city'],
   *   properties: { 'delta.enableChangeDataFeed': 'true' },
   * });
   * ```
   * @throws {TableAlreadyExists} when a table exists there.
   */
  static async create(location: StorageLocation, options: CreateTableOptions): Promise<DeltaTable> {
    const storage = storageFor(location);
    await createTable(storage, options);
    return DeltaTable.open(storage);
  }

  /** The same table at another version (see {@link TableVersionOptions}). */
  async at(options: TableVersionOptions): Promise<DeltaTable> {
    return new DeltaTable(this.storage, await loadSnapshot(this.storage, snapshotOptions(options)));
  }

  /** The latest version of the table now (it may have moved on since this object was opened). */
  async latest(): Promise<DeltaTable> {
    return this.at({});
  }

  get version(): number {
    return this.snapshot.version;
  }

  get schema(): StructType {
    return this.snapshot.schema;
  }

  get metadata(): MetadataAction {
    return this.snapshot.metadata;
  }

  get protocol(): ProtocolAction {
    return this.snapshot.protocol;
  }

  get partitionColumns(): readonly string[] {
    return this.snapshot.partitionColumns;
  }

  /** The active data files (`add` actions) of this version. */
  get files(): readonly AddAction[] {
    return this.snapshot.files;
  }

  /**
   * A scan of this version, as record batches with logical names.
   *
   * @throws {UnknownColumn} when a selected column is not in the table.
   */
  scan(options: ScanOptions = {}): TableScan {
    return new Scan(this.storage, this.snapshot, options);
  }

  /**
   * The change data feed between two versions (inclusive; the end defaults to the latest), as
   * record batches of the table's columns plus `_change_type`, `_commit_version` and
   * `_commit_timestamp` (see {@link TableChanges}). Needs `delta.enableChangeDataFeed`
   * throughout the range.
   *
   * @example
   * ```ts
   * const changes = await table.changes({ startingVersion: 3, endingVersion: 5 }).toArrow();
   * ```
   * @throws {ChangeDataNotRecorded} (when read) if the feed was not enabled for part of the range.
   */
  changes(options: ChangesOptions): TableChanges {
    return new TableChanges(this.storage, this.snapshot, options);
  }

  /** The table's commits, newest first (see {@link history}). */
  history(options: { limit?: number } = {}): Promise<HistoryEntry[]> {
    return history(this.storage, options);
  }

  /**
   * Deletes the rows matching `predicate` (SQL text or a built expression; every row without
   * one) from this version, committing the next (see {@link deleteRows}).
   *
   * @example
   * ```ts
   * const { metrics } = await table.delete("status = 'cancelled'");
   * ```
   */
  delete(predicate?: ExpressionLike | string, options: DeleteOptions = {}): Promise<DeleteResult> {
    return deleteFromSnapshot(this.storage, this.snapshot, predicate, options);
  }

  /**
   * Starts a MERGE of `source` into this version of the table on `predicate` (columns
   * qualified by the aliases); add clauses, then `execute()` (see {@link MergeBuilder}).
   *
   * @example
   * ```ts
   * await table
   *   .merge(updates, 't.id = s.id', { sourceAlias: 's', targetAlias: 't' })
   *   .whenMatchedUpdateAll()
   *   .whenNotMatchedInsertAll()
   *   .execute();
   * ```
   */
  merge(
    source: WriteData,
    predicate: ExpressionLike | string,
    options: MergeOptions = {},
  ): MergeBuilder {
    return new MergeBuilder(this.storage, this.snapshot, source, predicate, options);
  }

  /**
   * Sets columns of the rows matching `where` (see {@link updateRows}).
   *
   * @example
   * ```ts
   * await table.update({ set: { amount: 'amount * 1.1' }, where: "country = 'NO'" });
   * ```
   */
  update(options: UpdateOptions): Promise<UpdateResult> {
    return updateSnapshot(this.storage, this.snapshot, options);
  }

  /**
   * Deletes files the latest version no longer needs and older than the retention (see
   * {@link vacuum}); `dryRun` lists them instead. Works on the latest version, whatever version
   * this object reads.
   */
  vacuum(options: VacuumOptions = {}): Promise<VacuumResult> {
    return vacuum(this.storage, options);
  }

  /**
   * Commits a new version with the files and metadata of an earlier one (see {@link restore}).
   * Open the result with {@link DeltaTable.latest}.
   */
  restore(target: RestoreTarget, options: RestoreOptions = {}): Promise<RestoreResult> {
    return restore(this.storage, target, options);
  }
}

function snapshotOptions(options: TableVersionOptions): {
  version?: number;
  timestamp?: number | Date;
} {
  if (options.timestamp === undefined)
    return options.version === undefined ? {} : { version: options.version };
  const timestamp =
    typeof options.timestamp === 'string' ? parseTimestamp(options.timestamp) : options.timestamp;
  return options.version === undefined ? { timestamp } : { version: options.version, timestamp };
}

function parseTimestamp(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms))
    throw new TypeError(
      `"${text}" is not an ISO 8601 timestamp (for example 2026-11-24T12:00:00Z)`,
    );
  return ms;
}
