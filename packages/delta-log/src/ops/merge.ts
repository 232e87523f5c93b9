import {
  arrowSchemaToDelta,
  conformBatch,
  deltaSchemaToArrow,
  exactValue,
  filterBatch,
  nullData,
  type StructField,
  type StructType,
  takeRows,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { evaluateExpression, evaluatePredicate } from '../expr/evaluate-vector.js';
import type { CastType, Expression } from '../expr/expression.js';
import { formatExpression } from '../expr/format-expression.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
import { parseExpression } from '../expr/parse-expression.js';
import { qualifyColumns, scopesSchema, unqualifyColumns } from '../expr/qualify-columns.js';
import { resolveExpression, resolvePredicate } from '../expr/resolve-expression.js';
import type { AddAction, RemoveAction } from '../protocol/actions.js';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import { readDataFile } from '../scan/data-file-reader.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { Transaction } from '../txn/transaction.js';
import { refuseOnAppendOnly } from './append-only.js';
import { ChangeDataWriter } from './change-data-writer.js';
import { checkNotNull } from './check-not-null.js';
import { DataFileWriter } from './data-file-writer.js';
import { MergeCardinalityViolation } from './errors/merge-cardinality-violation.js';
import { batchOf, concatBatches, type JoinSide, joinedBatch, sideOf } from './merge-batches.js';
import { equiJoinKeys, type JoinKey, targetOnlyConjuncts } from './merge-join.js';
import { KeyIndex } from './merge-keys.js';
import { postCommitHook } from './post-commit.js';
import { filesToReplace, removeActionOf } from './replace-files.js';
import { createRowChecks } from './row-checks.js';
import { changedTableActions } from './table-metadata.js';
import { findField, recordTypeChanges, resolveWriteSchema } from './write-schema.js';
import { openWriteSource, type WriteData } from './write-source.js';

type Assignments = Readonly<Record<string, ExpressionLike | string>>;
type Condition = ExpressionLike | string | undefined;

type Clause =
  | { on: 'matched'; action: 'update'; set: Assignments | 'all'; condition: Condition }
  | { on: 'matched'; action: 'delete'; condition: Condition }
  | { on: 'notMatched'; action: 'insert'; values: Assignments | 'all'; condition: Condition }
  | { on: 'notMatchedBySource'; action: 'update'; set: Assignments; condition: Condition }
  | { on: 'notMatchedBySource'; action: 'delete'; condition: Condition };

/** Options of a MERGE. */
export interface MergeOptions {
  /** How the source's columns are qualified in conditions and values. Default `source`. */
  sourceAlias?: string;
  /** How the target's columns are qualified. Default `target`. */
  targetAlias?: string;
  /** Adds source columns the target lacks (for `…All` clauses), as `schemaMode: 'merge'`. */
  schemaEvolution?: boolean;
  /** Free text stored in `commitInfo.userMetadata`. */
  userMetadata?: string;
  /** The clock (milliseconds since the epoch). */
  now?: () => number;
}

/** Spark's MERGE metrics. */
export interface MergeMetrics {
  numSourceRows: number;
  numTargetRowsInserted: number;
  numTargetRowsUpdated: number;
  numTargetRowsMatchedUpdated: number;
  numTargetRowsNotMatchedBySourceUpdated: number;
  numTargetRowsDeleted: number;
  numTargetRowsMatchedDeleted: number;
  numTargetRowsNotMatchedBySourceDeleted: number;
  numTargetRowsCopied: number;
  numOutputRows: number;
  numTargetFilesAdded: number;
  numTargetFilesRemoved: number;
  numTargetChangeFilesAdded: number;
  numTargetBytesAdded: number;
  numTargetBytesRemoved: number;
  executionTimeMs: number;
  scanTimeMs: number;
  rewriteTimeMs: number;
}

/** What a MERGE did. */
export interface MergeResult {
  /** The new version; the read version when nothing changed (nothing is committed then). */
  version: number;
  metrics: MergeMetrics;
}

/**
 * A MERGE of a source into the table — Spark's `MERGE INTO … USING … ON …`, built clause by
 * clause and run by {@link MergeBuilder.execute}. Clauses of each kind apply in the order
 * given, the first whose condition holds wins; a target row matched by two source rows is an
 * error when a MATCHED clause could apply to it ({@link MergeCardinalityViolation}). Only the
 * target files holding a matched row that changes (or, with NOT MATCHED BY SOURCE clauses, any
 * row that changes) are rewritten.
 *
 * @example
 * ```ts
 * // Insert only the (id, value) pairs the table does not hold yet.
 * await table.merge(batches, 't.id = s.id AND t.value = s.value', { sourceAlias: 's', targetAlias: 't' })
 *   .whenNotMatchedInsertAll()
 *   .execute();
 * ```
 */
export class MergeBuilder {
  private readonly clauses: Clause[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly snapshot: Snapshot,
    private readonly source: WriteData,
    private readonly predicate: ExpressionLike | string,
    private readonly options: MergeOptions = {},
  ) {}

  /** Updates matched target rows with `set` (column → value over both tables). */
  whenMatchedUpdate(set: Assignments, condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'matched', action: 'update', set, condition });
    return this;
  }

  /** Updates every target column from the source column of the same name. */
  whenMatchedUpdateAll(condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'matched', action: 'update', set: 'all', condition });
    return this;
  }

  /** Deletes matched target rows. */
  whenMatchedDelete(condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'matched', action: 'delete', condition });
    return this;
  }

  /** Inserts a row built from `values` (column → value over the source) for each unmatched source row. */
  whenNotMatchedInsert(values: Assignments, condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'notMatched', action: 'insert', values, condition });
    return this;
  }

  /** Inserts unmatched source rows, columns taken by name. */
  whenNotMatchedInsertAll(condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'notMatched', action: 'insert', values: 'all', condition });
    return this;
  }

  /** Updates target rows no source row matches. */
  whenNotMatchedBySourceUpdate(set: Assignments, condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'notMatchedBySource', action: 'update', set, condition });
    return this;
  }

  /** Deletes target rows no source row matches. */
  whenNotMatchedBySourceDelete(condition?: ExpressionLike | string): this {
    this.clauses.push({ on: 'notMatchedBySource', action: 'delete', condition });
    return this;
  }

  /** Adds source columns the target lacks when `…All` clauses write them. */
  withSchemaEvolution(): this {
    (this.options as { schemaEvolution?: boolean }).schemaEvolution = true;
    return this;
  }

  /**
   * Runs the MERGE and commits it.
   *
   * @throws {InvalidPredicate} for conditions or values that do not parse, name unknown or
   * ambiguous columns, or have the wrong type.
   * @throws {MergeCardinalityViolation} when several source rows match one target row.
   * @throws {SchemaMismatch} when inserted or updated values do not fit the target.
   * @throws {ConstraintViolation} when a new row breaks a constraint.
   * @throws {ConcurrentModification} when a concurrent commit conflicts.
   */
  async execute(): Promise<MergeResult> {
    if (this.clauses.length === 0) {
      throw new InvalidPredicate({
        reason: 'a MERGE needs at least one WHEN clause',
        hint: 'Add whenMatchedUpdate, whenNotMatchedInsertAll or another clause before execute().',
      });
    }
    return runMerge(
      this.storage,
      this.snapshot,
      this.source,
      this.predicate,
      this.clauses,
      this.options,
    );
  }
}

interface ResolvedClause {
  on: Clause['on'];
  action: 'update' | 'delete' | 'insert';
  condition: Expression | undefined;
  /** Target column → value over the joined batch (update and insert). */
  values: Map<string, Expression>;
  text: { actionType: string; predicate?: string };
}

async function runMerge(
  storage: Storage,
  snapshot: Snapshot,
  sourceData: WriteData,
  predicateInput: ExpressionLike | string,
  clauses: readonly Clause[],
  options: MergeOptions,
): Promise<MergeResult> {
  const started = Date.now();
  const now = options.now ?? Date.now;
  checkWriteSupport(snapshot.protocol, snapshot.schema);
  const removing = clauses.some((clause) => clause.action !== 'insert');
  if (removing) {
    refuseOnAppendOnly(
      { protocol: snapshot.protocol, appendOnly: snapshot.properties.appendOnly },
      'updating or deleting rows of',
    );
  }
  const sourceAlias = options.sourceAlias ?? 'source';
  const targetAlias = options.targetAlias ?? 'target';
  if (sourceAlias.toLowerCase() === targetAlias.toLowerCase()) {
    throw new InvalidPredicate({ reason: 'the source and target aliases must differ' });
  }

  // The source, whole (it is joined against every target file read).
  const opened = await openWriteSource(sourceData);
  const sourceSchema: StructType = opened.schema
    ? arrowSchemaToDelta(opened.schema)
    : snapshot.schema;
  const sourceArrow = opened.schema ?? deltaSchemaToArrow(sourceSchema);
  const sourceBatches: arrow.RecordBatch[] = [];
  for await (const batch of opened.batches) sourceBatches.push(batch);
  const source = concatBatches(sourceBatches, sourceSchema, sourceArrow);

  // The target schema after the merge (schema evolution adds the source's new columns).
  let targetSchema = snapshot.schema;
  const txn: Transaction = new Transaction(storage, snapshot, {
    now,
    afterCommit: postCommitHook(storage, () => txn.metadata?.configuration ?? {}),
  });
  if (
    options.schemaEvolution &&
    clauses.some((c) => ('set' in c && c.set === 'all') || ('values' in c && c.values === 'all'))
  ) {
    const resolved = resolveWriteSchema(snapshot.schema, sourceSchema, {
      schemaMode: 'merge',
      typeWidening: snapshot.configuration['delta.enableTypeWidening'] === 'true',
    });
    if (resolved.changed) {
      targetSchema = recordTypeChanges(snapshot.schema, resolved.schema);
      const changed = changedTableActions(
        { protocol: snapshot.protocol, metadata: snapshot.metadata },
        { schema: targetSchema, version: snapshot.version + 1 },
      );
      if (changed.protocol !== snapshot.protocol) txn.setProtocol(changed.protocol);
      txn.setMetadata(changed.metadata);
      targetSchema = JSON.parse(changed.metadata.schemaString) as StructType;
    }
  }
  const targetArrow = deltaSchemaToArrow(targetSchema);
  const scopes = { [targetAlias]: targetSchema, [sourceAlias]: sourceSchema };
  const joinedSchema = scopesSchema(scopes);
  const resolve = (input: ExpressionLike | string): Expression =>
    qualifyColumns(
      typeof input === 'string' ? parseExpression(input) : toExpression(input),
      scopes,
    );
  const predicate = resolvePredicate(resolve(predicateInput), joinedSchema);
  const resolvedClauses = clauses.map((clause) =>
    resolveClause(
      clause,
      resolve,
      joinedSchema,
      targetSchema,
      sourceSchema,
      targetAlias,
      sourceAlias,
    ),
  );
  const matchedClauses = resolvedClauses.filter((clause) => clause.on === 'matched');
  const notMatchedClauses = resolvedClauses.filter((clause) => clause.on === 'notMatched');
  const bySourceClauses = resolvedClauses.filter((clause) => clause.on === 'notMatchedBySource');

  const metrics: MergeMetrics = {
    numSourceRows: source.numRows,
    numTargetRowsInserted: 0,
    numTargetRowsUpdated: 0,
    numTargetRowsMatchedUpdated: 0,
    numTargetRowsNotMatchedBySourceUpdated: 0,
    numTargetRowsDeleted: 0,
    numTargetRowsMatchedDeleted: 0,
    numTargetRowsNotMatchedBySourceDeleted: 0,
    numTargetRowsCopied: 0,
    numOutputRows: 0,
    numTargetFilesAdded: 0,
    numTargetFilesRemoved: 0,
    numTargetChangeFilesAdded: 0,
    numTargetBytesAdded: 0,
    numTargetBytesRemoved: 0,
    executionTimeMs: 0,
    scanTimeMs: 0,
    rewriteTimeMs: 0,
  };

  // Which target files can hold a matched row: pruned by the target-only conditions and the
  // source's key ranges, unless NOT MATCHED BY SOURCE clauses need every row.
  const scanStarted = Date.now();
  const keys = equiJoinKeys(predicate, targetAlias, sourceAlias, targetSchema, sourceSchema);
  let candidates: AddAction[];
  if (bySourceClauses.length > 0) {
    candidates = [...snapshot.files];
    txn.readWholeTable();
  } else if (source.numRows === 0) {
    candidates = [];
  } else {
    const pruning = pruningPredicate(predicate, keys, source, targetAlias);
    if (pruning) {
      candidates = filesToReplace(snapshot, pruning);
      txn.readPredicate(pruning);
    } else {
      candidates = [...snapshot.files];
      txn.readWholeTable();
    }
  }
  txn.readFiles(candidates);
  metrics.scanTimeMs = Date.now() - scanStarted;

  const rewriteStarted = Date.now();
  const writer = new DataFileWriter({
    storage,
    schema: targetSchema,
    partitionColumns: snapshot.partitionColumns,
    configuration: txn.metadata!.configuration,
    now,
  });
  const changes = snapshot.properties.enableChangeDataFeed
    ? new ChangeDataWriter(
        storage,
        {
          schema: targetSchema,
          partitionColumns: snapshot.partitionColumns,
          configuration: snapshot.configuration,
        },
        now,
      )
    : undefined;
  const checks = createRowChecks(targetSchema, snapshot.configuration, undefined);
  const index = keys.length > 0 ? buildIndex(source, keys) : undefined;
  const sourceMatched = new Uint8Array(source.numRows);
  const removes: RemoveAction[] = [];
  const sourceSide = (rows: Int32Array | undefined): JoinSide => ({
    alias: sourceAlias,
    batch: source,
    rows,
    schema: sourceSchema,
    arrowSchema: source.schema,
  });
  const targetSide = (
    batch: arrow.RecordBatch | undefined,
    rows: Int32Array | undefined,
  ): JoinSide => ({
    alias: targetAlias,
    batch,
    rows,
    schema: targetSchema,
    arrowSchema: targetArrow,
  });

  const emit = async (batch: arrow.RecordBatch) => {
    if (batch.numRows === 0) return;
    checkNotNull(batch, targetSchema);
    checks.check(batch);
    await writer.write(batch);
    metrics.numOutputRows += batch.numRows;
  };

  for (const add of candidates) {
    const outputs: { batch: arrow.RecordBatch; changed: boolean }[] = [];
    let changedRows = 0;
    for await (const raw of readDataFile(storage, snapshot, add, {
      outputSchema: snapshot.schema,
    })) {
      const target = targetSchema === snapshot.schema ? raw : conformBatch(raw, targetSchema);
      const pairs = matchPairs(target, source, index, keys, (t, s) =>
        evaluatePredicate(predicate, joinedBatch(t.length, [targetSide(target, t), sourceSide(s)])),
      );
      // Matches per target row.
      const matchOf = new Int32Array(target.numRows).fill(-1);
      for (let k = 0; k < pairs.target.length; k++) {
        const t = pairs.target[k]!;
        sourceMatched[pairs.source[k]!] = 1;
        if (matchOf[t] !== -1 && matchedClauses.length > 0) {
          throw new MergeCardinalityViolation({ targetRowCount: 1 });
        }
        matchOf[t] = pairs.source[k]!;
      }
      const decided = new Uint8Array(target.numRows); // 1: updated or deleted
      // MATCHED clauses over the matched pairs, in order.
      const matchedRows = rowsWhere(matchOf, (value) => value >= 0);
      if (matchedRows.length > 0 && matchedClauses.length > 0) {
        const joined = joinedBatch(matchedRows.length, [
          targetSide(target, matchedRows),
          sourceSide(Int32Array.from(matchedRows, (row) => matchOf[row]!)),
        ]);
        for (const result of applyClauses(matchedClauses, joined, targetSchema, targetAlias)) {
          const rows = result.rows.map((k) => matchedRows[k]!);
          for (const row of rows) decided[row] = 1;
          changedRows += rows.length;
          if (result.action === 'delete') {
            metrics.numTargetRowsMatchedDeleted += rows.length;
            if (changes) await changes.write(takeRows(target, Int32Array.from(rows)), 'delete');
          } else {
            metrics.numTargetRowsMatchedUpdated += rows.length;
            outputs.push({ batch: result.batch!, changed: true });
            if (changes) {
              await changes.write(takeRows(target, Int32Array.from(rows)), 'update_preimage');
              await changes.write(result.batch!, 'update_postimage');
            }
          }
        }
      }
      // NOT MATCHED BY SOURCE clauses over the target rows nothing matched.
      const unmatchedRows = rowsWhere(matchOf, (value) => value === -1);
      if (unmatchedRows.length > 0 && bySourceClauses.length > 0) {
        const joined = joinedBatch(unmatchedRows.length, [
          targetSide(target, unmatchedRows),
          sourceSide(undefined),
        ]);
        for (const result of applyClauses(bySourceClauses, joined, targetSchema, targetAlias)) {
          const rows = result.rows.map((k) => unmatchedRows[k]!);
          for (const row of rows) decided[row] = 1;
          changedRows += rows.length;
          if (result.action === 'delete') {
            metrics.numTargetRowsNotMatchedBySourceDeleted += rows.length;
            if (changes) await changes.write(takeRows(target, Int32Array.from(rows)), 'delete');
          } else {
            metrics.numTargetRowsNotMatchedBySourceUpdated += rows.length;
            outputs.push({ batch: result.batch!, changed: true });
            if (changes) {
              await changes.write(takeRows(target, Int32Array.from(rows)), 'update_preimage');
              await changes.write(result.batch!, 'update_postimage');
            }
          }
        }
      }
      const keep = new Uint8Array(target.numRows);
      for (let row = 0; row < target.numRows; row++) keep[row] = decided[row] ? 0 : 1;
      outputs.push({ batch: filterBatch(target, keep), changed: false });
    }
    if (changedRows === 0) continue;
    removes.push(removeActionOf(add, now()));
    metrics.numTargetBytesRemoved += add.size;
    for (const output of outputs) {
      if (!output.changed) metrics.numTargetRowsCopied += output.batch.numRows;
      await emit(output.batch);
    }
  }

  // NOT MATCHED clauses over the source rows no target row matched.
  if (notMatchedClauses.length > 0) {
    const unmatched = rowsWhere(sourceMatched, (value) => value === 0);
    if (unmatched.length > 0) {
      const joined = joinedBatch(unmatched.length, [
        targetSide(undefined, undefined),
        sourceSide(unmatched),
      ]);
      for (const result of applyClauses(notMatchedClauses, joined, targetSchema, targetAlias)) {
        metrics.numTargetRowsInserted += result.rows.length;
        await emit(result.batch!);
        if (changes) await changes.write(result.batch!, 'insert');
      }
    }
  }

  const adds = await writer.finish();
  const cdcs = changes ? await changes.finish() : [];
  metrics.rewriteTimeMs = Date.now() - rewriteStarted;
  metrics.numTargetRowsUpdated =
    metrics.numTargetRowsMatchedUpdated + metrics.numTargetRowsNotMatchedBySourceUpdated;
  metrics.numTargetRowsDeleted =
    metrics.numTargetRowsMatchedDeleted + metrics.numTargetRowsNotMatchedBySourceDeleted;
  metrics.numTargetFilesAdded = adds.length;
  metrics.numTargetFilesRemoved = removes.length;
  metrics.numTargetChangeFilesAdded = cdcs.length;
  metrics.numTargetBytesAdded = adds.reduce((sum, file) => sum + file.size, 0);
  metrics.executionTimeMs = Date.now() - started;
  if (adds.length === 0 && removes.length === 0 && !txn.metadata) {
    return { version: snapshot.version, metrics };
  }
  if (adds.length === 0 && removes.length === 0 && txn.metadata === snapshot.metadata) {
    return { version: snapshot.version, metrics };
  }
  txn
    .remove(...removes)
    .add(...adds)
    .addChangeData(...cdcs);
  const result = await txn.commit({
    operation: 'MERGE',
    operationParameters: {
      predicate: JSON.stringify(formatExpression(predicate)),
      matchedPredicates: JSON.stringify(matchedClauses.map((clause) => clause.text)),
      notMatchedPredicates: JSON.stringify(notMatchedClauses.map((clause) => clause.text)),
      notMatchedBySourcePredicates: JSON.stringify(bySourceClauses.map((clause) => clause.text)),
    },
    operationMetrics: { ...metrics },
    ...(options.userMetadata === undefined ? {} : { userMetadata: options.userMetadata }),
  });
  return { version: result.version, metrics };
}

function resolveClause(
  clause: Clause,
  resolve: (input: ExpressionLike | string) => Expression,
  joinedSchema: StructType,
  targetSchema: StructType,
  sourceSchema: StructType,
  targetAlias: string,
  sourceAlias: string,
): ResolvedClause {
  const condition =
    clause.condition === undefined
      ? undefined
      : resolvePredicate(resolve(clause.condition), joinedSchema);
  const values = new Map<string, Expression>();
  const assignments = 'set' in clause ? clause.set : 'values' in clause ? clause.values : undefined;
  if (assignments === 'all') {
    for (const field of targetSchema.fields) {
      const match = findField(sourceSchema.fields, field.name);
      if (match) values.set(field.name, { kind: 'column', path: [sourceAlias, match.name] });
      else if (clause.action === 'update')
        values.set(field.name, { kind: 'column', path: [targetAlias, field.name] });
    }
  } else if (assignments) {
    for (const [name, input] of Object.entries(assignments)) {
      const path = name.split('.');
      const column =
        path.length > 1 && path[0]!.toLowerCase() === targetAlias.toLowerCase()
          ? path.slice(1).join('.')
          : name;
      const field = findField(targetSchema.fields, column);
      if (!field) {
        throw new InvalidPredicate({
          reason: `the column ${name} to set is not in the target`,
          column: name,
          available: targetSchema.fields.map((f) => f.name),
        });
      }
      const expression = resolve(input);
      resolveExpression(expression, joinedSchema);
      values.set(field.name, expression);
    }
  }
  if (clause.action === 'update') {
    for (const field of targetSchema.fields) {
      if (!values.has(field.name))
        values.set(field.name, { kind: 'column', path: [targetAlias, field.name] });
    }
  }
  const actionType = clause.action;
  return {
    on: clause.on,
    action: clause.action,
    condition,
    values,
    text:
      condition === undefined
        ? { actionType }
        : { actionType, predicate: formatExpression(condition) },
  };
}

/** The rows (of `joined`) each clause takes, first clause first, and their new target rows. */
function* applyClauses(
  clauses: readonly ResolvedClause[],
  joined: arrow.RecordBatch,
  targetSchema: StructType,
  targetAlias: string,
): Generator<{ action: ResolvedClause['action']; rows: number[]; batch?: arrow.RecordBatch }> {
  const open = new Uint8Array(joined.numRows).fill(1);
  for (const clause of clauses) {
    const mask = clause.condition
      ? evaluatePredicate(clause.condition, joined)
      : new Uint8Array(joined.numRows).fill(1);
    const rows: number[] = [];
    for (let row = 0; row < joined.numRows; row++) {
      if (open[row] && mask[row]) {
        rows.push(row);
        open[row] = 0;
      }
    }
    if (rows.length === 0) continue;
    if (clause.action === 'delete') {
      yield { action: 'delete', rows };
      continue;
    }
    const subset = takeRows(joined, Int32Array.from(rows));
    const target = sideOf(subset, targetAlias);
    const children = targetSchema.fields.map((field, index) => {
      const value = clause.values.get(field.name);
      if (!value) return nullData(field.type, rows.length);
      if (value.kind === 'column' && value.path[0] === targetAlias && value.path.length === 2) {
        return target.data.children[index]!;
      }
      if (typeof field.type !== 'string' || field.type === 'variant') {
        return directColumn(subset, value, field);
      }
      const cast: Expression = { kind: 'cast', operand: value, type: field.type as CastType };
      return evaluateExpression(cast, subset).data[0]!;
    });
    const fields = children.map(
      (data, index) => new arrow.Field(targetSchema.fields[index]!.name, data.type, true),
    );
    const batch = conformBatch(
      batchOf(new arrow.Schema(fields), children, rows.length),
      targetSchema,
    );
    yield { action: clause.action, rows, batch };
  }
}

/** A nested value taken as it is from a column of the joined batch (no expression over nested types). */
function directColumn(
  joined: arrow.RecordBatch,
  value: Expression,
  field: StructField,
): arrow.Data {
  if (value.kind !== 'column' || value.path.length !== 2) {
    throw new InvalidPredicate({
      reason: `the column ${field.name} is of a nested type; it can only be set to a column of the same type`,
      column: field.name,
    });
  }
  const side = sideOf(joined, value.path[0]!);
  const index = side.schema.fields.findIndex((f) => f.name === value.path[1]);
  const column = side.data.children[index]!;
  const single = batchOf(
    new arrow.Schema([new arrow.Field(field.name, column.type, true)]),
    [column],
    joined.numRows,
  );
  return conformBatch(single, { type: 'struct', fields: [field] }).data.children[0]!;
}

/** The source rows by join key (see {@link KeyIndex}). */
function buildIndex(source: arrow.RecordBatch, keys: readonly JoinKey[]): KeyIndex {
  return new KeyIndex(
    keys.map((key) => columnData(source, key.sourcePath)),
    keys,
    source.numRows,
  );
}

function columnData(batch: arrow.RecordBatch, path: readonly string[]): arrow.Data {
  let fields = batch.schema.fields;
  let data: arrow.Data = batch.data;
  for (const name of path) {
    const index = fields.findIndex((field) => field.name === name);
    data = data.children[index]!;
    fields = (data.type as arrow.Struct).children ?? [];
  }
  return data;
}

/**
 * The (target row, source row) pairs for which the merge condition is TRUE: candidates from the
 * key index (or every pair, without keys), confirmed by evaluating the whole condition.
 */
function matchPairs(
  target: arrow.RecordBatch,
  source: arrow.RecordBatch,
  index: KeyIndex | undefined,
  keys: readonly JoinKey[],
  evaluate: (targetRows: Int32Array, sourceRows: Int32Array) => Uint8Array,
): { target: Int32Array; source: Int32Array } {
  const targetRows: number[] = [];
  const sourceRows: number[] = [];
  if (index) {
    const matchesOf = index.probe(keys.map((key) => columnData(target, key.targetPath)));
    for (let row = 0; row < target.numRows; row++) {
      const matches = matchesOf(row);
      if (!matches) continue;
      for (const match of matches) {
        targetRows.push(row);
        sourceRows.push(match);
      }
    }
  } else {
    // No equality between the two sides to hash on: every pair is a candidate.
    for (let t = 0; t < target.numRows; t++) {
      for (let s = 0; s < source.numRows; s++) {
        targetRows.push(t);
        sourceRows.push(s);
      }
    }
  }
  if (targetRows.length === 0) return { target: new Int32Array(0), source: new Int32Array(0) };
  const t = Int32Array.from(targetRows);
  const s = Int32Array.from(sourceRows);
  const mask = evaluate(t, s);
  const keep: number[] = [];
  for (let k = 0; k < mask.length; k++) if (mask[k] === 1) keep.push(k);
  return {
    target: Int32Array.from(keep, (k) => t[k]!),
    source: Int32Array.from(keep, (k) => s[k]!),
  };
}

/**
 * A predicate on the target alone that every matched target row satisfies: the condition's
 * target-only conjuncts, and each equi-join key between the smallest and largest source key.
 */
function pruningPredicate(
  predicate: Expression,
  keys: readonly JoinKey[],
  source: arrow.RecordBatch,
  targetAlias: string,
): Expression | undefined {
  const conjuncts: Expression[] = targetOnlyConjuncts(predicate, targetAlias).map((conjunct) =>
    unqualifyColumns(conjunct, targetAlias),
  );
  for (const key of keys) {
    if (key.targetPath.length !== 1 || !key.comparable) continue;
    const data = columnData(source, key.sourcePath);
    let min: unknown;
    let max: unknown;
    let count = 0;
    for (let row = 0; row < data.length; row++) {
      const value = exactValue(data, row);
      if (value === null || value === undefined) continue;
      if (count === 0 || (value as number) < (min as number)) min = value;
      if (count === 0 || (value as number) > (max as number)) max = value;
      count++;
    }
    if (count === 0 || key.nullSafe) continue;
    const column: Expression = { kind: 'column', path: key.targetPath };
    conjuncts.push({
      kind: 'and',
      operands: [
        {
          kind: 'comparison',
          operator: '>=',
          left: column,
          right: { kind: 'literal', type: key.literalType, value: min as never },
        },
        {
          kind: 'comparison',
          operator: '<=',
          left: column,
          right: { kind: 'literal', type: key.literalType, value: max as never },
        },
      ],
    });
  }
  if (conjuncts.length === 0) return undefined;
  return conjuncts.length === 1 ? conjuncts[0] : { kind: 'and', operands: conjuncts };
}

/** The indexes of the values that pass `test`, without intermediate arrays. */
function rowsWhere(values: Int32Array | Uint8Array, test: (value: number) => boolean): Int32Array {
  let count = 0;
  for (let row = 0; row < values.length; row++) if (test(values[row]!)) count++;
  const rows = new Int32Array(count);
  for (let row = 0, at = 0; row < values.length; row++) if (test(values[row]!)) rows[at++] = row;
  return rows;
}
