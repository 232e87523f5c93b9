import { deltaSchemaToArrow, filterBatch, type StructType } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { evaluatePredicate } from '../expr/evaluate-vector.js';
import { type Expression, referencedColumns } from '../expr/expression.js';
import { resolvePredicate } from '../expr/resolve-expression.js';
import type { AddAction } from '../protocol/actions.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { readDataFile } from './data-file-reader.js';
import { filePruner } from './file-pruning.js';
import { TableWithoutColumns } from './table-without-columns.js';
import { UnknownColumn } from './unknown-column.js';

/** Options of a table scan. */
export interface ScanOptions {
  /** Columns to read, by logical name, in output order. Default: every column of the schema. */
  columns?: readonly string[];
  /** Rows per batch read from each data file. Default 65,536. */
  batchSize?: number;
  /**
   * Only rows for which this predicate is TRUE (SQL semantics: NULL is not TRUE). Files that
   * cannot hold such a row are skipped by partition values and min/max/null-count statistics,
   * without being read; the rows of the others are filtered.
   */
  filter?: ExpressionLike;
}

/**
 * A scan of one snapshot: an async iterable of Arrow record batches with the table's logical
 * schema (or the selected columns), partition columns included, deleted rows excluded.
 *
 * @example
 * ```ts
 * import { DeltaTable } from '@silt/delta-log';
 * const table = await DeltaTable.open('./lake/silver');
 * for await (const batch of table.scan({ columns: ['id', 'value'] })) console.log(batch.numRows);
 * const all = await table.scan().toArrow();
 * ```
 */
export class TableScan implements AsyncIterable<arrow.RecordBatch> {
  /** The schema of the batches this scan yields. */
  readonly schema: StructType;
  /** The data files this scan reads. */
  readonly files: readonly AddAction[];

  /** @throws {UnknownColumn} when a selected column is not in the table. */
  constructor(
    private readonly storage: Storage,
    readonly snapshot: Snapshot,
    private readonly options: ScanOptions = {},
  ) {
    // Spark refuses such a read (DELTA_READ_TABLE_WITHOUT_COLUMNS); a scan of nothing would
    // otherwise return files' row counts as rows of no columns.
    if (snapshot.schema.fields.length === 0)
      throw new TableWithoutColumns({ version: snapshot.version });
    this.schema = selectColumns(snapshot.schema, options.columns);
    this.predicate =
      options.filter === undefined
        ? undefined
        : resolveFilter(toExpression(options.filter), snapshot.schema);
    this.files = this.predicate ? skipFiles(snapshot, this.predicate) : snapshot.files;
  }

  private readonly predicate: Expression | undefined;

  /** The Arrow schema of the batches. */
  get arrowSchema(): arrow.Schema {
    return deltaSchemaToArrow(this.schema);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<arrow.RecordBatch> {
    const predicate = this.predicate;
    // The filter may read columns the output leaves out: read them too, then project.
    const readSchema = predicate
      ? withColumns(this.schema, this.snapshot.schema, predicate)
      : this.schema;
    const output = this.arrowSchema;
    const plan = {
      outputSchema: readSchema,
      ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
    };
    // Read-ahead: the next file's bytes are read while this one is decoded (decoding blocks the
    // thread; reading does not), so I/O and decoding overlap instead of taking turns.
    let next = this.startRead(0);
    for (let index = 0; index < this.files.length; index++) {
      const pending = next;
      next = this.startRead(index + 1);
      for await (const batch of readDataFile(
        this.storage,
        this.snapshot,
        this.files[index]!,
        plan,
        pending,
      )) {
        if (!predicate) {
          yield batch;
          continue;
        }
        const kept = filterBatch(batch, evaluatePredicate(predicate, batch));
        if (kept.numRows === 0) continue;
        yield readSchema === this.schema ? kept : project(kept, output);
      }
    }
  }

  /**
   * Starts reading the bytes of the file at `index`; none past the end, or for a path that
   * {@link readDataFile} will refuse (it reports that when the file's turn comes). A failed read
   * is reported there too, and not at all if the scan stops before.
   */
  private startRead(index: number): Promise<Uint8Array> | undefined {
    const add = this.files[index];
    if (!add) return undefined;
    let path: string;
    try {
      path = this.snapshot.filePath(add);
    } catch {
      return undefined;
    }
    const read = this.storage.read(path);
    read.catch(() => undefined);
    return read;
  }

  /** Reads the whole scan into one Arrow table. */
  async toArrow(): Promise<arrow.Table> {
    const batches: arrow.RecordBatch[] = [];
    for await (const batch of this) if (batch.numRows > 0) batches.push(batch);
    return batches.length === 0
      ? new arrow.Table(this.arrowSchema)
      : new arrow.Table(this.arrowSchema, batches);
  }
}

/** The files that might hold a matching row, by partition values and statistics. */
function skipFiles(snapshot: Snapshot, predicate: Expression): AddAction[] {
  return snapshot.files.filter(filePruner(snapshot, predicate));
}

/**
 * The filter resolved against the table schema before any file is read: unknown columns are
 * refused ({@link UnknownColumn}), names matched case-insensitively take the schema's spelling,
 * types are checked and implicit casts made explicit (Spark's rules, see resolve-expression).
 */
function resolveFilter(predicate: Expression, schema: StructType): Expression {
  for (const path of referencedColumns(predicate)) {
    const name = path[0]!.toLowerCase();
    if (!schema.fields.some((field) => field.name.toLowerCase() === name)) {
      throw new UnknownColumn({
        column: path.join('.'),
        available: schema.fields.map((field) => field.name),
      });
    }
  }
  return resolvePredicate(predicate, schema);
}

/** `schema` plus the top-level columns of `table` that `predicate` reads. */
function withColumns(schema: StructType, table: StructType, predicate: Expression): StructType {
  const names = new Set(schema.fields.map((field) => field.name));
  const extra = referencedColumns(predicate)
    .map((path) => path[0]!)
    .filter((name, index, all) => !names.has(name) && all.indexOf(name) === index)
    .map((name) => table.fields.find((field) => field.name === name)!);
  return extra.length === 0 ? schema : { type: 'struct', fields: [...schema.fields, ...extra] };
}

function project(batch: arrow.RecordBatch, schema: arrow.Schema): arrow.RecordBatch {
  const children = schema.fields.map(
    (field) => batch.data.children[batch.schema.fields.findIndex((f) => f.name === field.name)]!,
  );
  return new arrow.RecordBatch(
    schema,
    arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    }),
  );
}

function selectColumns(schema: StructType, columns: readonly string[] | undefined): StructType {
  if (!columns) return schema;
  return {
    type: 'struct',
    fields: columns.map((column) => {
      const found =
        schema.fields.find((field) => field.name === column) ??
        schema.fields.find((field) => field.name.toLowerCase() === column.toLowerCase());
      if (!found)
        throw new UnknownColumn({ column, available: schema.fields.map((field) => field.name) });
      return found;
    }),
  };
}
