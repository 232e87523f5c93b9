import { parseSchema, type StructType } from '@silt/parquet-io';
import { checkWriteSupport } from '../protocol/table-protocol.js';
import type { Storage } from '../storage/storage.js';
import { type StorageLocation, storageFor } from '../storage/storage-for.js';
import { Transaction } from '../txn/transaction.js';
import { TableAlreadyExists } from './errors/table-already-exists.js';
import { postCommitHook } from './post-commit.js';
import { newTableActions } from './table-metadata.js';
import { loadSnapshotIfAny } from './write.js';

/** Options of {@link createTable}. */
export interface CreateTableOptions {
  /** The schema: a Delta schema, DDL (`id BIGINT, name STRING`) or Delta schema JSON. */
  schema: StructType | string;
  partitionBy?: readonly string[];
  /** Table properties (`delta.*` and your own); `delta.feature.<name>: 'supported'` turns on a feature. */
  properties?: Readonly<Record<string, string>>;
  name?: string;
  description?: string;
  /** `error` (default) refuses an existing table; `ignore` leaves it and returns its version. */
  mode?: 'error' | 'ignore';
  /** The clock (milliseconds since the epoch). */
  now?: () => number;
}

/**
 * Creates an empty table: version 0 with its protocol and metadata (Spark's `CREATE TABLE`).
 * The protocol is the lowest the schema and properties need.
 *
 * @throws {TableAlreadyExists} when a table exists (mode `error`).
 * @throws {SchemaMismatch} for a partition column not in the schema.
 * @throws {WriteNotSupported} when the properties ask for a writer feature Silt does not honour.
 * @throws {ProtocolChanged} when another writer creates the table at the same moment.
 */
export async function createTable(
  location: StorageLocation | Storage,
  options: CreateTableOptions,
): Promise<{ version: number; created: boolean }> {
  const storage = storageFor(location);
  const existing = await loadSnapshotIfAny(storage);
  if (existing) {
    if (options.mode === 'ignore') return { version: existing.version, created: false };
    throw new TableAlreadyExists({ version: existing.version });
  }
  const now = options.now ?? Date.now;
  const schema = typeof options.schema === 'string' ? parseSchema(options.schema) : options.schema;
  const { protocol, metadata } = newTableActions({
    schema,
    ...(options.partitionBy ? { partitionBy: options.partitionBy } : {}),
    ...(options.properties ? { properties: options.properties } : {}),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.description === undefined ? {} : { description: options.description }),
    now: now(),
  });
  // A table Silt could not write to afterwards is not created.
  checkWriteSupport(protocol, schema);
  const txn: Transaction = new Transaction(storage, undefined, {
    now,
    afterCommit: postCommitHook(
      storage,
      (): Readonly<Record<string, string>> => txn.metadata?.configuration ?? {},
    ),
  });
  txn.setProtocol(protocol).setMetadata(metadata);
  const result = await txn.commit({
    operation: 'CREATE TABLE',
    operationParameters: {
      isManaged: 'false',
      description: options.description ?? null,
      partitionBy: JSON.stringify(metadata.partitionColumns),
      properties: JSON.stringify(metadata.configuration),
    },
  });
  return { version: result.version, created: true };
}
