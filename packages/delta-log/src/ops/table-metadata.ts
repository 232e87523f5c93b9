import { type StructType, schemaToJson } from '@silt/parquet-io';
import type { MetadataAction, ProtocolAction } from '../protocol/actions.js';
import { parseTableProperties } from '../protocol/table-properties.js';
import {
  FEATURE_PROPERTY_PREFIX,
  protocolFor,
  requiredFeatures,
  upgradeProtocol,
} from '../protocol/table-protocol.js';
import { assignColumnIds, MAX_COLUMN_ID_KEY } from './assign-column-ids.js';
import { SchemaMismatch } from './errors/schema-mismatch.js';

/** What a new table is made of. */
export interface NewTable {
  schema: StructType;
  partitionBy?: readonly string[];
  properties?: Readonly<Record<string, string>>;
  name?: string;
  description?: string;
  now: number;
}

/** Properties that ask for protocol versions or features: they shape the protocol and are not kept. */
function isProtocolProperty(key: string): boolean {
  return (
    key.startsWith(FEATURE_PROPERTY_PREFIX) ||
    key === 'delta.minReaderVersion' ||
    key === 'delta.minWriterVersion'
  );
}

/**
 * The protocol and metadata of a new table: the lowest protocol its schema and properties need
 * (explicit `delta.minReaderVersion` / `delta.minWriterVersion` and `delta.feature.*` raise it,
 * and are not stored, as in Spark), column ids and physical names when column mapping is on.
 *
 * @throws {SchemaMismatch} when a partition column is not in the schema or is not of a primitive type.
 * @throws {InvalidTableProperty} when a property has a malformed value.
 */
export function newTableActions(table: NewTable): {
  protocol: ProtocolAction;
  metadata: MetadataAction;
} {
  const partitionColumns = [...(table.partitionBy ?? [])];
  checkPartitionColumns(table.schema, partitionColumns);
  const properties = { ...(table.properties ?? {}) };
  const configuration = Object.fromEntries(
    Object.entries(properties).filter(([key]) => !isProtocolProperty(key)),
  );
  parseTableProperties(configuration);
  let schema = table.schema;
  const mode = configuration['delta.columnMapping.mode']?.toLowerCase();
  if (mode === 'name' || mode === 'id') {
    const assigned = assignColumnIds(schema, 0);
    schema = assigned.schema;
    configuration[MAX_COLUMN_ID_KEY] = String(assigned.maxColumnId);
  }
  let protocol = protocolFor(requiredFeatures(schema, properties));
  protocol = withExplicitVersions(protocol, properties);
  return {
    protocol,
    metadata: {
      id: globalThis.crypto.randomUUID(),
      ...(table.name === undefined ? {} : { name: table.name }),
      ...(table.description === undefined ? {} : { description: table.description }),
      format: { provider: 'parquet', options: {} },
      schemaString: schemaToJson(schema),
      partitionColumns,
      configuration,
      createdTime: table.now,
    },
  };
}

/**
 * The metadata and protocol after a change of schema or properties on an existing table; the
 * protocol object itself when it need not change. Turning column mapping on for an existing
 * table keeps the current names as physical names (its files are read by them); turning on
 * in-commit timestamps records the enablement version (the caller's commit version).
 */
export function changedTableActions(
  current: { protocol: ProtocolAction; metadata: MetadataAction },
  change: {
    schema: StructType;
    properties?: Readonly<Record<string, string>>;
    partitionBy?: readonly string[];
    version: number;
  },
): { protocol: ProtocolAction; metadata: MetadataAction } {
  const properties = { ...current.metadata.configuration, ...(change.properties ?? {}) };
  const configuration = Object.fromEntries(
    Object.entries(properties).filter(([key]) => !isProtocolProperty(key)),
  );
  parseTableProperties(configuration);
  let schema = change.schema;
  const mode = configuration['delta.columnMapping.mode']?.toLowerCase();
  if (mode === 'name' || mode === 'id') {
    const before = current.metadata.configuration['delta.columnMapping.mode']?.toLowerCase();
    const enabling = before !== 'name' && before !== 'id';
    const assigned = assignColumnIds(schema, Number(configuration[MAX_COLUMN_ID_KEY] ?? 0), {
      keepNames: enabling,
    });
    schema = assigned.schema;
    configuration[MAX_COLUMN_ID_KEY] = String(assigned.maxColumnId);
  }
  const ictBefore = current.metadata.configuration['delta.enableInCommitTimestamps'] === 'true';
  if (!ictBefore && configuration['delta.enableInCommitTimestamps'] === 'true') {
    configuration['delta.inCommitTimestampEnablementVersion'] = String(change.version);
  }
  const partitionColumns = [...(change.partitionBy ?? current.metadata.partitionColumns)];
  checkPartitionColumns(schema, partitionColumns);
  let protocol = upgradeProtocol(current.protocol, requiredFeatures(schema, properties));
  protocol = withExplicitVersions(protocol, properties);
  return {
    protocol,
    metadata: {
      ...current.metadata,
      schemaString: schemaToJson(schema),
      partitionColumns,
      configuration,
    },
  };
}

function withExplicitVersions(
  protocol: ProtocolAction,
  properties: Readonly<Record<string, string>>,
): ProtocolAction {
  const reader = Number(properties['delta.minReaderVersion'] ?? 0);
  const writer = Number(properties['delta.minWriterVersion'] ?? 0);
  if (reader <= protocol.minReaderVersion && writer <= protocol.minWriterVersion) return protocol;
  if (writer >= 7 || reader >= 3) {
    return upgradeProtocol(
      {
        minReaderVersion: Math.max(protocol.minReaderVersion, reader),
        minWriterVersion: 7,
        ...(Math.max(protocol.minReaderVersion, reader) >= 3
          ? { readerFeatures: protocol.readerFeatures ?? [] }
          : {}),
        writerFeatures: protocol.writerFeatures ?? ['appendOnly', 'invariants'],
      },
      [],
    );
  }
  return {
    ...protocol,
    minReaderVersion: Math.max(protocol.minReaderVersion, reader),
    minWriterVersion: Math.max(protocol.minWriterVersion, writer),
  };
}

function checkPartitionColumns(schema: StructType, partitionColumns: readonly string[]): void {
  for (const column of partitionColumns) {
    const field = schema.fields.find((f) => f.name === column);
    if (!field) {
      throw new SchemaMismatch({
        column,
        reason: `the partition column "${column}" is not in the schema (columns: ${schema.fields.map((f) => f.name).join(', ')})`,
      });
    }
    if (typeof field.type !== 'string' || field.type === 'variant') {
      throw new SchemaMismatch({
        column,
        reason: `the partition column "${column}" is of a nested type; partition columns must be of a primitive type`,
      });
    }
  }
  if (partitionColumns.length > 0 && partitionColumns.length === schema.fields.length) {
    throw new SchemaMismatch({
      reason: 'every column is a partition column; a table needs at least one data column',
    });
  }
}
