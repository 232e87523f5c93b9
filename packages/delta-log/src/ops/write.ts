import {
  arrowSchemaToDelta,
  conformBatch,
  type ParquetCompression,
  parseSchemaJson,
  SiltError,
  type StructType,
} from '@silt/parquet-io';
import type { ExpressionLike } from '../expr/builder.js';
import { referencedColumns } from '../expr/expression.js';
import { formatExpression } from '../expr/format-expression.js';
import { TableNotFound } from '../log/errors/table-not-found.js';
import type { AddAction, RemoveAction } from '../protocol/actions.js';
import { parseTableProperties } from '../protocol/table-properties.js';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { Transaction } from '../txn/transaction.js';
import { refuseOnAppendOnly } from './append-only.js';
import { checkNotNull } from './check-not-null.js';
import { DataFileWriter } from './data-file-writer.js';
import { SchemaMismatch } from './errors/schema-mismatch.js';
import { TableAlreadyExists } from './errors/table-already-exists.js';
import { postCommitHook } from './post-commit.js';
import { resolvePredicate } from './predicate.js';
import { filesToReplace, removeActionOf, rewriteKeepingRows } from './replace-files.js';
import { createRowChecks, type RowChecks } from './row-checks.js';
import { changedTableActions, newTableActions } from './table-metadata.js';
import { recordTypeChanges, resolveWriteSchema, type SchemaMode } from './write-schema.js';
import { openWriteSource, type WriteData } from './write-source.js';

/** What a write does when the table exists (`write_deltalake`'s modes). */
export type WriteMode = 'error' | 'append' | 'overwrite' | 'ignore';

/** Commit-level options of a write. */
export interface CommitProperties {
  /** Free text stored in `commitInfo.userMetadata`. */
  userMetadata?: string;
  /**
   * Idempotent writes: the write commits `txn(appId, version)` and is skipped when the table
   * already holds a transaction of `appId` at `version` or later.
   */
  appTransaction?: { appId: string; version: number };
  /** Rebase-and-retry attempts when other writers commit first. Default 100. */
  maxRetries?: number;
}

/** Options of {@link writeDeltaLake}. */
export interface WriteDeltaLakeOptions {
  /** Default `error`: refuse to write when a table exists. */
  mode?: WriteMode;
  /** Partition columns of a new table; when given for an existing table, they must match (or overwrite the schema). */
  partitionBy?: readonly string[];
  /**
   * With `overwrite`: replace only the rows matching this predicate (SQL text or an expression);
   * every new row must match it.
   */
  replaceWhere?: ExpressionLike | string;
  /** `merge` adds new columns (and widens types where allowed); `overwrite` (with mode overwrite) replaces the schema. */
  schemaMode?: SchemaMode;
  /** Bytes at which data files are rolled. Default 100 MiB. */
  targetFileSize?: number;
  /** Table properties: set on a new table; changed on an existing one. */
  properties?: Readonly<Record<string, string>>;
  /** Name and description of a new table. */
  name?: string;
  description?: string;
  commitProperties?: CommitProperties;
  /** Parquet compression of the data files. Default snappy. */
  compression?: ParquetCompression;
  /** The clock (milliseconds since the epoch). */
  now?: () => number;
}

/** What a write did. */
export interface WriteResult {
  /** The table version after the write (the existing one when nothing was committed). */
  version: number;
  /** False when the write was skipped (mode `ignore` on an existing table, or a repeated app transaction). */
  committed: boolean;
  /** Spark's WRITE metrics. */
  metrics: {
    numFiles: number;
    numOutputRows: number;
    numOutputBytes: number;
    numRemovedFiles: number;
    numRemovedBytes: number;
  };
}

const SPARK_MODE: Record<WriteMode, string> = {
  error: 'ErrorIfExists',
  append: 'Append',
  overwrite: 'Overwrite',
  ignore: 'Ignore',
};

/**
 * Writes data to a Delta table, creating it when absent — the TypeScript `write_deltalake`.
 * Data files first, the commit last, atomically: a write that fails or is killed leaves the
 * table at its last version (at most unreferenced files behind, which VACUUM removes).
 *
 * @example
 * ```ts
 * import { writeDeltaLake } from '@silt/delta-log';
 * await writeDeltaLake('./lake/orders', { rows: [{ id: 1, city: 'Oslo' }], schema: 'id INT, city STRING' }, {
 *   mode: 'append',
 *   partitionBy: ['city'],
 * });
 * ```
 * @throws {TableAlreadyExists} with mode `error` when the table exists.
 * @throws {SchemaMismatch} when the data does not fit the table.
 * @throws {ConstraintViolation} when a row breaks NOT NULL, an invariant, a CHECK constraint or the replaceWhere condition.
 * @throws {WriteNotSupported} when the table needs writer features Silt lacks.
 * @throws {ConcurrentModification} when a concurrent commit conflicts.
 */
export async function writeDeltaLake(
  location: StorageLocation,
  data: WriteData,
  options: WriteDeltaLakeOptions = {},
): Promise<WriteResult> {
  const storage = storageFor(location);
  const snapshot = await loadSnapshotIfAny(storage);
  return writeToSnapshot(storage, snapshot, data, options);
}

/** {@link writeDeltaLake} on an opened table version (undefined: no table yet). */
export async function writeToSnapshot(
  storage: Storage,
  snapshot: Snapshot | undefined,
  data: WriteData,
  options: WriteDeltaLakeOptions = {},
): Promise<WriteResult> {
  const mode = options.mode ?? 'error';
  const now = options.now ?? Date.now;
  const emptyMetrics = {
    numFiles: 0,
    numOutputRows: 0,
    numOutputBytes: 0,
    numRemovedFiles: 0,
    numRemovedBytes: 0,
  };
  if (snapshot && mode === 'error') throw new TableAlreadyExists({ version: snapshot.version });
  if (snapshot && mode === 'ignore') {
    return { version: snapshot.version, committed: false, metrics: emptyMetrics };
  }
  if (options.schemaMode === 'overwrite' && mode !== 'overwrite' && snapshot) {
    throw new SchemaMismatch({
      reason: "schemaMode 'overwrite' replaces the schema and so needs mode 'overwrite'",
      hint: "Use schemaMode 'merge' to add columns while appending.",
    });
  }
  if (options.replaceWhere !== undefined && mode !== 'overwrite') {
    throw new TypeError("replaceWhere needs mode 'overwrite'.");
  }
  const app = options.commitProperties?.appTransaction;
  if (snapshot && app) {
    const done = snapshot.appTransaction(app.appId);
    if (done && done.version >= app.version) {
      return { version: snapshot.version, committed: false, metrics: emptyMetrics };
    }
  }
  if (snapshot) checkWriteSupport(snapshot.protocol, snapshot.schema);

  const source = await openWriteSource(data);
  const dataSchema: StructType | undefined = source.schema
    ? arrowSchemaToDelta(source.schema)
    : undefined;
  const txn: Transaction = new Transaction(storage, snapshot, {
    ...(options.commitProperties?.maxRetries === undefined
      ? {}
      : { maxRetries: options.commitProperties.maxRetries }),
    now,
    afterCommit: postCommitHook(
      storage,
      (): Readonly<Record<string, string>> => txn.metadata?.configuration ?? {},
    ),
  });

  // The table after the write: schema, partitioning, properties, protocol.
  if (!snapshot) {
    if (!dataSchema) {
      throw new SchemaMismatch({
        reason: 'there is no table yet and the data is an empty stream, so there is no schema',
        hint: 'Pass an Arrow table or rows with a schema, or create the table first.',
      });
    }
    const created = newTableActions({
      schema: dataSchema,
      ...(options.partitionBy ? { partitionBy: options.partitionBy } : {}),
      ...(options.properties ? { properties: options.properties } : {}),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.description === undefined ? {} : { description: options.description }),
      now: now(),
    });
    checkWriteSupport(created.protocol, dataSchema);
    txn.setProtocol(created.protocol).setMetadata(created.metadata);
  } else {
    const samePartitioning =
      options.partitionBy === undefined ||
      JSON.stringify(options.partitionBy) === JSON.stringify(snapshot.partitionColumns);
    if (!samePartitioning && options.schemaMode !== 'overwrite') {
      throw new SchemaMismatch({
        reason: `the table is partitioned by [${snapshot.partitionColumns.join(', ')}], not by [${options.partitionBy!.join(', ')}]`,
        hint: "Leave partitionBy out, or overwrite the table with schemaMode: 'overwrite' to repartition it.",
      });
    }
    const typeWidening =
      snapshot.configuration['delta.enableTypeWidening'] === 'true' ||
      options.properties?.['delta.enableTypeWidening'] === 'true';
    const resolved = dataSchema
      ? resolveWriteSchema(snapshot.schema, dataSchema, {
          ...(options.schemaMode ? { schemaMode: options.schemaMode } : {}),
          typeWidening,
        })
      : { schema: snapshot.schema, changed: false };
    const newSchema =
      resolved.changed && options.schemaMode !== 'overwrite'
        ? recordTypeChanges(snapshot.schema, resolved.schema)
        : resolved.schema;
    const propertiesChange =
      options.properties !== undefined &&
      Object.entries(options.properties).some(
        ([key, value]) => snapshot.configuration[key] !== value,
      );
    if (resolved.changed || propertiesChange || !samePartitioning) {
      const changed = changedTableActions(
        { protocol: snapshot.protocol, metadata: snapshot.metadata },
        {
          schema: newSchema,
          ...(options.properties ? { properties: options.properties } : {}),
          ...(samePartitioning ? {} : { partitionBy: options.partitionBy! }),
          version: snapshot.version + 1,
        },
      );
      checkWriteSupport(changed.protocol, newSchema);
      if (changed.protocol !== snapshot.protocol) txn.setProtocol(changed.protocol);
      txn.setMetadata(changed.metadata);
    }
  }
  const metadata = txn.metadata!;
  // The schema as readers will parse it (column mapping metadata included).
  const schema = parseSchemaJson(metadata.schemaString);
  const partitionColumns = metadata.partitionColumns;
  const configuration = metadata.configuration;
  const properties = parseTableProperties(configuration);
  if (mode === 'overwrite' && snapshot && snapshot.files.length > 0) {
    refuseOnAppendOnly(
      { protocol: snapshot.protocol, appendOnly: properties.appendOnly },
      'removing data from',
    );
  }

  const replaceWhere =
    options.replaceWhere === undefined ? undefined : resolvePredicate(options.replaceWhere, schema);
  const checks: RowChecks = createRowChecks(schema, configuration, replaceWhere);
  const writer = new DataFileWriter({
    storage,
    schema,
    partitionColumns,
    configuration,
    ...(options.targetFileSize === undefined ? {} : { targetFileSize: options.targetFileSize }),
    ...(options.compression ? { compression: options.compression } : {}),
    now,
    tightBounds: properties.enableDeletionVectors,
  });
  for await (const batch of source.batches) {
    if (batch.numRows === 0) continue;
    const conformed = conformSafely(batch, schema);
    checkNotNull(conformed, schema);
    checks.check(conformed);
    await writer.write(conformed);
  }
  const adds: AddAction[] = await writer.finish();

  // What the write replaces.
  let removes: RemoveAction[] = [];
  let numCopiedRows = 0;
  if (snapshot && mode === 'overwrite') {
    if (replaceWhere && options.schemaMode !== 'overwrite') {
      txn.readPredicate(replaceWhere);
      const candidates = filesToReplace(snapshot, replaceWhere);
      txn.readFiles(candidates);
      const onPartitions = referencedColumns(replaceWhere).every(
        (path) => path.length === 1 && snapshot.partitionColumns.includes(path[0]!),
      );
      if (onPartitions) {
        removes = candidates.map((add) => removeActionOf(add, now()));
      } else {
        const rewritten = await rewriteKeepingRows(storage, snapshot, candidates, replaceWhere, {
          now,
          ...(options.compression ? { compression: options.compression } : {}),
        });
        removes = rewritten.removes;
        adds.push(...rewritten.adds);
        numCopiedRows = rewritten.numCopiedRows;
      }
    } else {
      txn.readWholeTable();
      removes = snapshot.files.map((add) => removeActionOf(add, now()));
    }
  }
  txn.remove(...removes).add(...adds);
  if (app) txn.setAppTransaction(app.appId, app.version);
  const numRemovedBytes = removes.reduce((sum, remove) => sum + (remove.size ?? 0), 0);
  const result = await txn.commit({
    operation: 'WRITE',
    operationParameters: {
      mode: SPARK_MODE[mode],
      partitionBy: JSON.stringify(partitionColumns),
      ...(replaceWhere ? { predicate: JSON.stringify([formatExpression(replaceWhere)]) } : {}),
    },
    operationMetrics: {
      numFiles: adds.length,
      numOutputRows: writer.numOutputRows,
      numOutputBytes: writer.numOutputBytes,
      ...(mode === 'overwrite' ? { numRemovedFiles: removes.length, numRemovedBytes } : {}),
      ...(numCopiedRows > 0 ? { numCopiedRows } : {}),
    },
    ...(options.commitProperties?.userMetadata === undefined
      ? {}
      : { userMetadata: options.commitProperties.userMetadata }),
  });
  return {
    version: result.version,
    committed: true,
    metrics: {
      numFiles: adds.length,
      numOutputRows: writer.numOutputRows,
      numOutputBytes: writer.numOutputBytes,
      numRemovedFiles: removes.length,
      numRemovedBytes,
    },
  };
}

/** The latest snapshot, or undefined when there is no table. */
export async function loadSnapshotIfAny(storage: Storage): Promise<Snapshot | undefined> {
  try {
    return await loadSnapshot(storage);
  } catch (error) {
    if (SiltError.hasCode(error, TableNotFound.code)) return undefined;
    throw error;
  }
}

function conformSafely(batch: Parameters<typeof conformBatch>[0], schema: StructType) {
  try {
    return conformBatch(batch, schema);
  } catch (error) {
    if (SiltError.isInstance(error) && error.code === 'SILT_IncompatibleType') {
      throw new SchemaMismatch({ reason: error.message.replace(/\.$/, '') });
    }
    throw error;
  }
}
