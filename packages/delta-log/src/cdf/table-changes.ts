import {
  deltaSchemaToArrow,
  filterBatch,
  readParquetBatches,
  SiltError,
  type StructField,
  type StructType,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { AddAction } from '../protocol/actions.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { readDataFile } from '../scan/data-file-reader.js';
import { readDeletionVector } from '../scan/deletion-vector/read-deletion-vector.js';
import type { RowIndexSet } from '../scan/deletion-vector/row-index-set.js';
import { MissingDataFile } from '../scan/missing-data-file.js';
import { constantColumn } from '../scan/partition-values.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { FileNotFound } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';
import { type ChangeSource, type CommitChanges, planChanges } from './change-plan.js';
import { type ChangeRangeOptions, resolveChangeRange } from './change-range.js';

/** The column holding the kind of change: insert, delete, update_preimage or update_postimage. */
export const CHANGE_TYPE_COLUMN = '_change_type';
/** The column holding the version of the commit that made the change. */
export const COMMIT_VERSION_COLUMN = '_commit_version';
/** The column holding the time of that commit. */
export const COMMIT_TIMESTAMP_COLUMN = '_commit_timestamp';

/** Options of a change data feed read: the range (see {@link ChangeRangeOptions}) and batch size. */
export interface ChangesOptions extends ChangeRangeOptions {
  /** Rows per batch read from each file. Default 65,536. */
  batchSize?: number;
}

/** The kinds of change in the feed. */
export type ChangeKind = 'insert' | 'delete' | 'update_preimage' | 'update_postimage';

/**
 * The change data feed of a table between two versions (inclusive), as Apache Spark reads it
 * with `readChangeFeed`: an async iterable of Arrow record batches with the table's columns
 * (logical names, partition columns included) plus `_change_type`, `_commit_version` and
 * `_commit_timestamp` (the commit's in-commit timestamp where the table has them, else its
 * commit file's modification time made increasing, as `history()` reports it).
 *
 * Commits with change data files (written by DELETE, UPDATE and MERGE with
 * `delta.enableChangeDataFeed`) give exactly those rows; the others are derived from their
 * data files: added rows are inserts, removed rows deletes, rows a new deletion vector hides
 * deletes. Commits that do not change data (OPTIMIZE, metadata changes) give nothing.
 *
 * Nothing is read until the first batch is asked for; the range is checked first, so a read
 * fails before any batch when the feed was not recorded for part of it.
 *
 * @example
 * ```ts
 * import { DeltaTable } from '@silt/delta-log';
 * const table = await DeltaTable.open('./lake/silver');
 * for await (const batch of table.changes({ startingVersion: 3 })) console.log(batch.numRows);
 * const all = await table.changes({ startingVersion: 0, endingVersion: 5 }).toArrow();
 * ```
 */
export class TableChanges implements AsyncIterable<arrow.RecordBatch> {
  /** The schema of the batches: the table's columns and the three change columns. */
  readonly schema: StructType;

  constructor(
    private readonly storage: Storage,
    /** The snapshot whose schema the feed is read with (Spark: the latest). */
    readonly snapshot: Snapshot,
    private readonly options: ChangesOptions,
  ) {
    this.schema = changesSchema(snapshot.schema);
  }

  /** The Arrow schema of the batches. */
  get arrowSchema(): arrow.Schema {
    return deltaSchemaToArrow(this.schema);
  }

  /**
   * The commits of the range and what each contributes, after checking the range.
   *
   * @throws {InvalidChangeRange} / {TimestampOutOfRange} when the range is not valid.
   * @throws {VersionNotFound} when a commit of the range was cleaned up.
   * @throws {ChangeDataNotRecorded} when the feed was not enabled for part of the range.
   */
  async commits(): Promise<CommitChanges[]> {
    return planChanges(this.storage, await resolveChangeRange(this.storage, this.options));
  }

  async *[Symbol.asyncIterator](): AsyncIterator<arrow.RecordBatch> {
    const output = this.arrowSchema;
    const tableSchema = this.snapshot.schema;
    for (const commit of await this.commits()) {
      const version = BigInt(commit.version);
      const timestamp = BigInt(commit.timestamp) * 1000n;
      for (const source of commit.sources) {
        for await (const { batch, changeType } of this.readSource(source, commit.version)) {
          if (batch.numRows === 0) continue;
          yield withChangeColumns(batch, output, tableSchema, changeType, version, timestamp);
        }
      }
    }
  }

  /** Reads the whole feed into one Arrow table. */
  async toArrow(): Promise<arrow.Table> {
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of this) batches.push(batch);
    return batches.length === 0
      ? new arrow.Table(this.arrowSchema)
      : new arrow.Table(this.arrowSchema, batches);
  }

  private readBatches(file: AddAction): AsyncGenerator<arrow.RecordBatch> {
    return readDataFile(this.storage, this.snapshot, file, {
      outputSchema: this.snapshot.schema,
      ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
    });
  }

  private async *readSource(
    source: ChangeSource,
    version: number,
  ): AsyncGenerator<{ batch: arrow.RecordBatch; changeType: arrow.Data | ChangeKind }> {
    switch (source.kind) {
      case 'file':
        for await (const batch of this.readBatches(source.file))
          yield { batch, changeType: source.changeType };
        return;
      case 'cdc':
        yield* this.readChangeDataFile(source.file, version);
        return;
      case 'deletionVectors':
        yield* this.readDeletionVectorChange(source);
        return;
    }
  }

  /** The rows of a change data file with their `_change_type` (read from the same bytes). */
  private async *readChangeDataFile(
    file: AddAction,
    version: number,
  ): AsyncGenerator<{ batch: arrow.RecordBatch; changeType: arrow.Data }> {
    const path = this.snapshot.filePath(file);
    const bytes = await readBytes(this.storage, path, version);
    const types = await changeTypes(bytes, path);
    let offset = 0;
    for await (const batch of readDataFile(
      onceRead(this.storage, path, bytes),
      this.snapshot,
      file,
      {
        outputSchema: this.snapshot.schema,
        ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
      },
    )) {
      const changeType = types.slice(offset, offset + batch.numRows);
      offset += batch.numRows;
      yield { batch, changeType: utf8(changeType) };
    }
  }

  /** Rows a new deletion vector hides (deletes) and rows an old one no longer hides (inserts). */
  private async *readDeletionVectorChange(
    source: Extract<ChangeSource, { kind: 'deletionVectors' }>,
  ): AsyncGenerator<{ batch: arrow.RecordBatch; changeType: ChangeKind }> {
    const read = (descriptor: typeof source.before) =>
      descriptor ? readDeletionVector(this.storage, descriptor) : undefined;
    const [before, after] = await Promise.all([read(source.before), read(source.after)]);
    let offset = 0;
    for await (const batch of this.readBatches(source.file)) {
      const rows = batch.numRows;
      const hiddenBefore = maskOf(before, offset, rows);
      const hiddenAfter = maskOf(after, offset, rows);
      offset += rows;
      const deleted = new Uint8Array(rows);
      const inserted = new Uint8Array(rows);
      for (let row = 0; row < rows; row++) {
        deleted[row] = hiddenAfter[row] && !hiddenBefore[row] ? 1 : 0;
        inserted[row] = hiddenBefore[row] && !hiddenAfter[row] ? 1 : 0;
      }
      yield { batch: filterBatch(batch, deleted), changeType: 'delete' };
      yield { batch: filterBatch(batch, inserted), changeType: 'insert' };
    }
  }
}

/** The schema of the feed: the table's fields, then `_change_type`, `_commit_version`, `_commit_timestamp`. */
export function changesSchema(tableSchema: StructType): StructType {
  const extra: StructField[] = [
    { name: CHANGE_TYPE_COLUMN, type: 'string', nullable: true, metadata: {} },
    { name: COMMIT_VERSION_COLUMN, type: 'long', nullable: true, metadata: {} },
    { name: COMMIT_TIMESTAMP_COLUMN, type: 'timestamp', nullable: true, metadata: {} },
  ];
  return { type: 'struct', fields: [...tableSchema.fields, ...extra] };
}

function withChangeColumns(
  batch: arrow.RecordBatch,
  output: arrow.Schema,
  tableSchema: StructType,
  changeType: arrow.Data | ChangeKind,
  version: bigint,
  timestamp: bigint,
): arrow.RecordBatch {
  const rows = batch.numRows;
  const children = [
    ...tableSchema.fields.map((_, index) => batch.data.children[index]!),
    typeof changeType === 'string' ? constantColumn('string', changeType, rows) : changeType,
    constantColumn('long', version, rows),
    constantColumn('timestamp', timestamp, rows),
  ];
  return new arrow.RecordBatch(
    output,
    arrow.makeData({ type: new arrow.Struct(output.fields), length: rows, nullCount: 0, children }),
  );
}

function maskOf(set: RowIndexSet | undefined, start: number, length: number): Uint8Array {
  return set ? set.maskOfRange(start, length) : new Uint8Array(length);
}

async function readBytes(storage: Storage, path: string, version: number): Promise<Uint8Array> {
  try {
    return await storage.read(path);
  } catch (error) {
    if (SiltError.hasCode(error, FileNotFound.code))
      throw new MissingDataFile({ path, version, cause: error });
    throw error;
  }
}

/** The `_change_type` of every row of a change data file, in file order. */
async function changeTypes(bytes: Uint8Array, path: string): Promise<(string | null)[]> {
  const values: (string | null)[] = [];
  try {
    for await (const batch of readParquetBatches(bytes, { columns: [CHANGE_TYPE_COLUMN] }, path)) {
      const column = batch.getChild(CHANGE_TYPE_COLUMN);
      if (!column) throw new Error(`no ${CHANGE_TYPE_COLUMN} column`);
      for (let row = 0; row < batch.numRows; row++) {
        const value = column.get(row) as unknown;
        values.push(value === null || value === undefined ? null : String(value));
      }
    }
  } catch (cause) {
    throw new CorruptLog({
      file: path,
      reason: `the change data file has no readable ${CHANGE_TYPE_COLUMN} column`,
      cause,
    });
  }
  return values;
}

function utf8(values: readonly (string | null)[]): arrow.Data {
  return arrow.vectorFromArray(values as (string | null)[], new arrow.Utf8()).data[0]!;
}

/** `storage`, answering the first whole read of `path` with bytes already read. */
function onceRead(storage: Storage, path: string, bytes: Uint8Array): Storage {
  let served = false;
  return {
    list: (prefix) => storage.list(prefix),
    read: (file, range) => {
      if (!served && file === path && range === undefined) {
        served = true;
        return Promise.resolve(bytes);
      }
      return storage.read(file, range);
    },
    write: (file, data, options) => storage.write(file, data, options),
    delete: (file) => storage.delete(file),
    stat: (file) => storage.stat(file),
  };
}
