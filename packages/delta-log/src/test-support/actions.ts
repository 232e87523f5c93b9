import { field, type StructType, schemaToJson, struct } from '@silt/parquet-io';
import type {
  Action,
  AddAction,
  CommitInfoAction,
  DeletionVectorDescriptor,
  MetadataAction,
  ProtocolAction,
  RemoveAction,
} from '../protocol/actions.js';

/**
 * Builders of log actions for tests: small tables' logs written by hand, with the defaults a
 * writer would use, so that each test states only what it is about.
 */

/** The schema of test tables unless a test gives its own: `id BIGINT, part STRING`. */
export const TEST_SCHEMA: StructType = struct([field('id', 'long'), field('part', 'string')]);

/** A `protocol` action; features given make it (3, 7) with those reader and writer features. */
export function protocolAction(
  options: {
    reader?: number;
    writer?: number;
    readerFeatures?: string[];
    writerFeatures?: string[];
  } = {},
): Action {
  const features = options.readerFeatures !== undefined || options.writerFeatures !== undefined;
  const protocol: ProtocolAction = {
    minReaderVersion: options.reader ?? (options.readerFeatures ? 3 : 1),
    minWriterVersion: options.writer ?? (features ? 7 : 2),
  };
  if (options.readerFeatures) protocol.readerFeatures = options.readerFeatures;
  if (features) protocol.writerFeatures = options.writerFeatures ?? options.readerFeatures ?? [];
  return { protocol };
}

/** A `metaData` action. */
export function metadataAction(
  options: {
    id?: string;
    schema?: StructType | string;
    partitionColumns?: string[];
    configuration?: Record<string, string>;
  } = {},
): Action {
  const metaData: MetadataAction = {
    id: options.id ?? 'test-table',
    format: { provider: 'parquet', options: {} },
    schemaString:
      typeof options.schema === 'string'
        ? options.schema
        : schemaToJson(options.schema ?? TEST_SCHEMA),
    partitionColumns: options.partitionColumns ?? [],
    configuration: options.configuration ?? {},
    createdTime: 1_700_000_000_000,
  };
  return { metaData };
}

/** An `add` action of a 100-byte file. */
export function addAction(path: string, options: Partial<AddAction> = {}): Action {
  return {
    add: {
      path,
      partitionValues: {},
      size: 100,
      modificationTime: 1_700_000_000_000,
      dataChange: true,
      ...options,
    },
  };
}

/** A `remove` action. */
export function removeAction(path: string, options: Partial<RemoveAction> = {}): Action {
  return { remove: { path, deletionTimestamp: 1_700_000_000_000, dataChange: true, ...options } };
}

/** A deletion vector descriptor stored beside the table (`u`), with a distinct id per `seed`. */
export function deletionVector(
  seed: string,
  options: Partial<DeletionVectorDescriptor> = {},
): DeletionVectorDescriptor {
  return {
    storageType: 'u',
    pathOrInlineDv: `ab${seed.padEnd(20, '0')}`,
    offset: 1,
    sizeInBytes: 34,
    cardinality: 1,
    ...options,
  };
}

/** A `txn` action. */
export function txnAction(appId: string, version: number): Action {
  return { txn: { appId, version, lastUpdated: 1_700_000_000_000 } };
}

/** A `domainMetadata` action. */
export function domainAction(domain: string, configuration: string, removed = false): Action {
  return { domainMetadata: { domain, configuration, removed } };
}

/** A `commitInfo` action. */
export function commitInfoAction(options: CommitInfoAction = {}): Action {
  return {
    commitInfo: {
      timestamp: 1_700_000_000_000,
      operation: 'WRITE',
      operationParameters: { mode: 'Append' },
      ...options,
    },
  };
}

/** The first commit of a simple table: protocol (1, 2) and metadata, plus `actions`. */
export function createTableActions(...actions: Action[]): Action[] {
  return [
    commitInfoAction({ operation: 'CREATE TABLE' }),
    protocolAction(),
    metadataAction(),
    ...actions,
  ];
}
