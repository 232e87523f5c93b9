import { conformBatch, filterBatch, type StructType } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { type ExpressionLike, toExpression } from '../expr/builder.js';
import { evaluateExpression } from '../expr/evaluate-vector.js';
import type { CastType, Expression } from '../expr/expression.js';
import { formatExpression } from '../expr/format-expression.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
import { parseExpression } from '../expr/parse-expression.js';
import { resolveExpression } from '../expr/resolve-expression.js';
import type { AddAction, RemoveAction } from '../protocol/actions.js';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import { readDataFile } from '../scan/data-file-reader.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { Transaction } from '../txn/transaction.js';
import { refuseOnAppendOnly } from './append-only.js';
import { ChangeDataWriter } from './change-data-writer.js';
import { checkNotNull } from './check-not-null.js';
import { DataFileWriter } from './data-file-writer.js';
import { postCommitHook } from './post-commit.js';
import { predicateMask, resolvePredicate } from './predicate.js';
import { filesToReplace, removeActionOf } from './replace-files.js';
import { createRowChecks } from './row-checks.js';
import { findField } from './write-schema.js';

/** Options of {@link updateRows}. */
export interface UpdateOptions {
  /** New values by column: SQL text (`"amount * 1.1"`) or built expressions. */
  set: Readonly<Record<string, ExpressionLike | string>>;
  /** Only rows for which this is TRUE. Default: every row. */
  where?: ExpressionLike | string;
  /** Free text stored in `commitInfo.userMetadata`. */
  userMetadata?: string;
  /** The clock (milliseconds since the epoch). */
  now?: () => number;
}

/** Spark's UPDATE metrics. */
export interface UpdateMetrics {
  numRemovedFiles: number;
  numAddedFiles: number;
  numUpdatedRows: number;
  numCopiedRows: number;
  numAddedChangeFiles: number;
  numAddedBytes: number;
  numRemovedBytes: number;
  executionTimeMs: number;
  scanTimeMs: number;
  rewriteTimeMs: number;
}

/** What an UPDATE did. */
export interface UpdateResult {
  /** The new version; the read version when no row matched (nothing is committed then). */
  version: number;
  metrics: UpdateMetrics;
}

/**
 * Sets columns of the rows matching `where` — Spark's `UPDATE … SET … WHERE`. Values are cast
 * to the column types as Spark's store assignment does; NOT NULL, invariants and CHECK
 * constraints hold for the new rows. Files holding a matching row are rewritten (copy-on-write);
 * the others are not touched. With the change data feed on, the old and new rows are recorded
 * as `update_preimage` / `update_postimage`.
 *
 * @example
 * ```ts
 * import { updateRows } from '@silt/delta-log';
 * await updateRows('./lake/silver', { set: { status: "'shipped'" }, where: 'id = 42' });
 * ```
 * @throws {InvalidPredicate} when an expression does not parse, names an unknown column or has the wrong type.
 * @throws {ConstraintViolation} when a new row breaks a constraint.
 * @throws {ConcurrentModification} when a concurrent commit conflicts.
 */
export async function updateRows(
  location: StorageLocation,
  options: UpdateOptions,
): Promise<UpdateResult> {
  const storage = storageFor(location);
  return updateSnapshot(storage, await loadSnapshot(storage), options);
}

/** {@link updateRows} on an opened table version. */
export async function updateSnapshot(
  storage: Storage,
  snapshot: Snapshot,
  options: UpdateOptions,
): Promise<UpdateResult> {
  const started = Date.now();
  const now = options.now ?? Date.now;
  checkWriteSupport(snapshot.protocol, snapshot.schema);
  refuseOnAppendOnly(
    { protocol: snapshot.protocol, appendOnly: snapshot.properties.appendOnly },
    'updating',
  );
  const schema = snapshot.schema;
  const where = options.where === undefined ? undefined : resolvePredicate(options.where, schema);
  const assignments = resolveAssignments(options.set, schema);
  // Each updated column becomes CASE WHEN where THEN CAST(value AS type) ELSE column END.
  const columns: (Expression | undefined)[] = schema.fields.map((field) => {
    const value = assignments.get(field.name);
    if (!value) return undefined;
    const cast: Expression = { kind: 'cast', operand: value, type: field.type as CastType };
    return where
      ? {
          kind: 'case',
          branches: [{ when: where, result: cast }],
          otherwise: { kind: 'column', path: [field.name] },
        }
      : cast;
  });
  const metrics: UpdateMetrics = {
    numRemovedFiles: 0,
    numAddedFiles: 0,
    numUpdatedRows: 0,
    numCopiedRows: 0,
    numAddedChangeFiles: 0,
    numAddedBytes: 0,
    numRemovedBytes: 0,
    executionTimeMs: 0,
    scanTimeMs: 0,
    rewriteTimeMs: 0,
  };
  const txn: Transaction = new Transaction(storage, snapshot, {
    now,
    afterCommit: postCommitHook(storage, () => snapshot.configuration),
  });
  const scanStarted = Date.now();
  const candidates = where ? filesToReplace(snapshot, where) : [...snapshot.files];
  if (where) txn.readPredicate(where);
  else txn.readWholeTable();
  txn.readFiles(candidates);
  metrics.scanTimeMs = Date.now() - scanStarted;

  const rewriteStarted = Date.now();
  const writer = new DataFileWriter({
    storage,
    schema,
    partitionColumns: snapshot.partitionColumns,
    configuration: snapshot.configuration,
    now,
  });
  const changes = snapshot.properties.enableChangeDataFeed
    ? new ChangeDataWriter(storage, snapshot, now)
    : undefined;
  const checks = createRowChecks(schema, snapshot.configuration, undefined);
  const removes: RemoveAction[] = [];
  for (const add of candidates) {
    const updated: arrow.RecordBatch[] = [];
    let matched = 0;
    for await (const batch of readDataFile(storage, snapshot, add, { outputSchema: schema })) {
      const mask = where
        ? predicateMask(where, batch, schema)
        : new Uint8Array(batch.numRows).fill(1);
      const count = mask.reduce((sum, bit) => sum + bit, 0);
      if (count === 0) {
        updated.push(batch);
        continue;
      }
      matched += count;
      const next = applyAssignments(batch, columns, schema);
      checkNotNull(next, schema);
      checks.check(filterBatch(next, mask));
      if (changes) {
        await changes.write(filterBatch(batch, mask), 'update_preimage');
        await changes.write(filterBatch(next, mask), 'update_postimage');
      }
      updated.push(next);
    }
    if (matched === 0) continue;
    metrics.numUpdatedRows += matched;
    removes.push(removeActionOf(add, now()));
    metrics.numRemovedBytes += add.size;
    for (const batch of updated) {
      metrics.numCopiedRows += batch.numRows;
      await writer.write(batch);
    }
  }
  metrics.numCopiedRows -= metrics.numUpdatedRows;
  const adds: AddAction[] = await writer.finish();
  const cdcs = changes ? await changes.finish() : [];
  metrics.rewriteTimeMs = Date.now() - rewriteStarted;
  metrics.numRemovedFiles = removes.length;
  metrics.numAddedFiles = adds.length;
  metrics.numAddedBytes = adds.reduce((sum, add) => sum + add.size, 0);
  metrics.numAddedChangeFiles = cdcs.length;
  metrics.executionTimeMs = Date.now() - started;
  if (removes.length === 0) return { version: snapshot.version, metrics };
  txn
    .remove(...removes)
    .add(...adds)
    .addChangeData(...cdcs);
  const result = await txn.commit({
    operation: 'UPDATE',
    operationParameters: { predicate: JSON.stringify(where ? [formatExpression(where)] : []) },
    operationMetrics: { ...metrics },
    ...(options.userMetadata === undefined ? {} : { userMetadata: options.userMetadata }),
  });
  return { version: result.version, metrics };
}

function resolveAssignments(
  set: Readonly<Record<string, ExpressionLike | string>>,
  schema: StructType,
): Map<string, Expression> {
  const assignments = new Map<string, Expression>();
  const entries = Object.entries(set);
  if (entries.length === 0) {
    throw new InvalidPredicate({ reason: 'an UPDATE needs at least one column to set' });
  }
  for (const [name, value] of entries) {
    const field = findField(schema.fields, name);
    if (!field) {
      throw new InvalidPredicate({
        reason: `the column ${name} to set is not in the table`,
        column: name,
        available: schema.fields.map((f) => f.name),
      });
    }
    if (typeof field.type !== 'string' || field.type === 'variant') {
      throw new InvalidPredicate({
        reason: `the column ${name} is of a nested type; UPDATE sets columns of primitive types only`,
        column: name,
      });
    }
    const expression = typeof value === 'string' ? parseExpression(value) : toExpression(value);
    // Resolution checks the columns and types the value reads.
    resolveExpression(expression, schema);
    assignments.set(field.name, expression);
  }
  return assignments;
}

/** The batch with the updated columns replaced by their new values. */
function applyAssignments(
  batch: arrow.RecordBatch,
  columns: readonly (Expression | undefined)[],
  schema: StructType,
): arrow.RecordBatch {
  const children = columns.map((expression, index) =>
    expression ? evaluateExpression(expression, batch).data[0]! : batch.data.children[index]!,
  );
  const fields = batch.schema.fields.map(
    (field, index) => new arrow.Field(field.name, children[index]!.type, field.nullable),
  );
  const next = new arrow.RecordBatch(
    new arrow.Schema(fields),
    arrow.makeData({
      type: new arrow.Struct(fields),
      length: batch.numRows,
      nullCount: 0,
      children,
    }),
  );
  return conformBatch(next, schema);
}
