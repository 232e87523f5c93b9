import {
  type DeltaType,
  decimalParts,
  deltaSchemaToArrow,
  exactValue,
  filterBatch,
  formatDecimal,
  type StructField,
  type StructType,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { evaluateRow } from '../expr/evaluate-row.js';
import { type Expression, referencedColumns } from '../expr/expression.js';
import { formatExpression } from '../expr/format-expression.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
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
    this.predicate = options.filter === undefined ? undefined : toExpression(options.filter);
    if (this.predicate) checkColumns(this.predicate, snapshot.schema);
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
        const kept = filterBatch(batch, rowMask(batch, readSchema, predicate));
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

function checkColumns(predicate: Expression, schema: StructType): void {
  for (const path of referencedColumns(predicate)) {
    if (!schema.fields.some((field) => field.name === path[0])) {
      throw new UnknownColumn({
        column: path.join('.'),
        available: schema.fields.map((field) => field.name),
      });
    }
  }
  checkComparableTypes(predicate, schema);
}

type Family = 'numeric' | 'string' | 'boolean' | 'temporal' | 'binary' | 'null' | 'other';

function familyOf(type: DeltaType | 'void'): Family {
  if (type === 'void') return 'null';
  if (typeof type !== 'string') return 'other';
  if (decimalParts(type) || ['byte', 'short', 'integer', 'long', 'float', 'double'].includes(type))
    return 'numeric';
  if (type === 'date' || type === 'timestamp' || type === 'timestamp_ntz') return 'temporal';
  if (type === 'string' || type === 'boolean' || type === 'binary') return type;
  return 'other';
}

function operandType(expression: Expression, schema: StructType): DeltaType | 'void' | undefined {
  if (expression.kind === 'literal') return expression.type;
  if (expression.kind !== 'column') return 'boolean';
  let type: DeltaType = schema;
  for (const part of expression.path) {
    if (typeof type === 'string' || type.type !== 'struct') return undefined;
    const field: StructField | undefined = type.fields.find((candidate) => candidate.name === part);
    if (!field) return undefined;
    type = field.type;
  }
  return type;
}

/**
 * Refuses comparisons whose sides cannot be compared (a number with text, a struct with
 * anything) before any file is read, rather than failing midway through a scan. Dates and
 * timestamps may be compared with their text form, as in SQL.
 */
function checkComparableTypes(predicate: Expression, schema: StructType): void {
  const check = (left: Expression, right: Expression) => {
    const a = familyOf(operandType(left, schema) ?? 'void');
    const b = familyOf(operandType(right, schema) ?? 'void');
    const comparable =
      a === 'null' ||
      b === 'null' ||
      (a === b && a !== 'other') ||
      (a === 'temporal' && b === 'string') ||
      (a === 'string' && b === 'temporal');
    if (!comparable) {
      throw new InvalidPredicate({
        reason: `${formatExpression(left)} (${a}) cannot be compared with ${formatExpression(right)} (${b})`,
      });
    }
  };
  const visit = (node: Expression): void => {
    switch (node.kind) {
      case 'comparison':
        check(node.left, node.right);
        return;
      case 'in':
        for (const item of node.list) check(node.operand, item);
        return;
      case 'and':
      case 'or':
        node.operands.forEach(visit);
        return;
      case 'not':
      case 'isNull':
      case 'isNotNull':
        visit(node.operand);
        return;
      default:
        return;
    }
  };
  visit(predicate);
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

/** 1 for the rows where the predicate is TRUE. */
function rowMask(batch: arrow.RecordBatch, schema: StructType, predicate: Expression): Uint8Array {
  const mask = new Uint8Array(batch.numRows);
  const columns = schema.fields.map((field, index) => ({
    field,
    data: batch.data.children[index]!,
  }));
  for (let row = 0; row < batch.numRows; row++) {
    const record: Record<string, unknown> = {};
    for (const { field, data } of columns)
      record[field.name] = rowValue(exactValue(data, row), field.type);
    mask[row] = evaluateRow(predicate, record, schema) === true ? 1 : 0;
  }
  return mask;
}

/** Exact values as the row evaluator takes them: decimals as their text. */
function rowValue(value: unknown, type: DeltaType): unknown {
  if (value === null) return null;
  if (typeof type === 'string') {
    const decimal = decimalParts(type);
    return decimal ? formatDecimal(value as bigint, decimal.scale) : value;
  }
  if (type.type === 'struct') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      type.fields.map((field) => [field.name, rowValue(record[field.name] ?? null, field.type)]),
    );
  }
  return value;
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
