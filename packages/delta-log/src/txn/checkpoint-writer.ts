import {
  type ColumnBuilder,
  createColumnBuilder,
  type DeltaType,
  decimalParts,
  deltaSchemaToArrow,
  field,
  parseDecimal,
  type StructField,
  type StructType,
  struct,
  toDaysSinceEpoch,
  toMicrosSinceEpoch,
  writeParquetStream,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { formatLastCheckpoint, lastCheckpointChecksum } from '../log/last-checkpoint.js';
import { LAST_CHECKPOINT_FILE, LOG_FOLDER } from '../log/log-file-name.js';
import type {
  AddAction,
  DeletionVectorDescriptor,
  DomainMetadataAction,
  RemoveAction,
  TxnAction,
} from '../protocol/actions.js';
import { parseIntervalMilliseconds } from '../protocol/interval.js';
import { hasReaderFeature, hasWriterFeature, writerFeatures } from '../protocol/table-features.js';
import type { ColumnMappingMode } from '../protocol/table-properties.js';
import { physicalName } from '../scan/column-mapping.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Storage } from '../storage/storage.js';
import { CheckpointNotSupported } from './errors/checkpoint-not-supported.js';

/** Options of {@link writeCheckpoint}. */
export interface WriteCheckpointOptions {
  /**
   * The current time, in milliseconds since the epoch: tombstones deleted before
   * `now - delta.deletedFileRetentionDuration` are left out, as Spark leaves them out. Default
   * `Date.now()`.
   */
  now?: number;
  /** Keep `add.stats` as JSON. Default: the table property `delta.checkpoint.writeStatsAsJson` (true). */
  writeStatsAsJson?: boolean;
  /**
   * Add `add.stats_parsed` and `add.partitionValues_parsed` structs. Default: the table property
   * `delta.checkpoint.writeStatsAsStruct` (false when unset, as Spark and delta-rs write).
   */
  writeStatsAsStruct?: boolean;
}

/** What {@link writeCheckpoint} wrote. */
export interface WrittenCheckpoint {
  /** The table version of the checkpoint. */
  version: number;
  /** The checkpoint file, relative to the table root. */
  path: string;
  /** `classic`: a classic checkpoint; `v2`: a V2 checkpoint under the classic name (tables with `v2Checkpoint`). */
  kind: 'classic' | 'v2';
  /** Number of actions (rows) in the checkpoint. */
  size: number;
  /** Bytes of the checkpoint file. */
  sizeInBytes: number;
  /** Number of `add` actions. */
  numOfAddFiles: number;
  /** Number of `remove` actions (unexpired tombstones). */
  numOfRemoveFiles: number;
  /** The content of `_delta_log/_last_checkpoint` as written, its `checksum` included. */
  lastCheckpoint: Record<string, unknown>;
}

/**
 * Writer features whose tables publish commits elsewhere first (a catalog or a commit
 * coordinator): a checkpoint may only follow commits backfilled into `_delta_log/`.
 */
const UNSUPPORTED_WRITER_FEATURES = [
  'catalogManaged',
  'catalogOwned-preview',
  'coordinatedCommits-preview',
];

/** Rows per Arrow record batch: the batches are encoded one by one, so memory stays bounded. */
const BATCH_ROWS = 16_384;

const STRING_MAP: DeltaType = {
  type: 'map',
  keyType: 'string',
  valueType: 'string',
  valueContainsNull: true,
};
const STRING_ARRAY: DeltaType = { type: 'array', elementType: 'string', containsNull: true };

const DELETION_VECTOR = struct([
  field('storageType', 'string'),
  field('pathOrInlineDv', 'string'),
  field('offset', 'integer'),
  field('sizeInBytes', 'integer'),
  field('cardinality', 'long'),
  field('maxRowIndex', 'long'),
]);

/**
 * Writes a checkpoint of the snapshot's version, then `_delta_log/_last_checkpoint`.
 *
 * The checkpoint is one Parquet file, `_delta_log/<version>.checkpoint.parquet`, with the schema
 * Apache Spark writes (PROTOCOL.md, "Checkpoint Schema"): one action per row in the columns
 * `txn`, `add`, `remove`, `metaData`, `protocol` and `domainMetadata`, the others null.
 *
 * - `add`: path, partitionValues, size, modificationTime, dataChange, tags, deletionVector,
 *   baseRowId, defaultRowCommitVersion, clusteringProvider, then `stats` (JSON) when
 *   `delta.checkpoint.writeStatsAsJson`, and `partitionValues_parsed` / `stats_parsed` when
 *   `delta.checkpoint.writeStatsAsStruct`; partition values and statistics are keyed by physical
 *   column names, as in the log.
 * - `remove`: path, deletionTimestamp, dataChange, extendedFileMetadata, partitionValues, size,
 *   deletionVector, baseRowId, defaultRowCommitVersion (Spark drops tags and stats). Tombstones
 *   deleted at or before `now - delta.deletedFileRetentionDuration` are left out.
 * - `txn`: application transactions, without those older than
 *   `delta.setTransactionRetentionDuration` when the table sets it.
 * - A table with the `v2Checkpoint` feature gets a V2 checkpoint under the classic name: a first
 *   `checkpointMetadata` row, the columns `checkpointMetadata` and `sidecar`, every action inline.
 *
 * The checkpoint is written with a plain write: a checkpoint of a version always holds the same
 * state, so rewriting it is harmless, and a {@link Storage} write replaces files whole (no reader
 * sees a partial file). `_last_checkpoint` holds version, size, sizeInBytes, numOfAddFiles and
 * the checksum Spark computes and verifies.
 *
 * @example
 * ```ts
 * import { LocalStorage, loadSnapshot, writeCheckpoint } from '@silt/delta-log';
 * const storage = new LocalStorage('./lake/silver');
 * const written = await writeCheckpoint(storage, await loadSnapshot(storage));
 * // { version: 10, path: '_delta_log/00000000000000000010.checkpoint.parquet', size: 14, … }
 * ```
 * @throws {CheckpointNotSupported} when the table publishes commits through a catalog or commit coordinator.
 * @throws {InvalidTableProperty} when a checkpoint or retention property is malformed.
 * @throws {ParquetWriteError} when the checkpoint cannot be encoded.
 */
export async function writeCheckpoint(
  storage: Storage,
  snapshot: Snapshot,
  options: WriteCheckpointOptions = {},
): Promise<WrittenCheckpoint> {
  const blocking = writerFeatures(snapshot.protocol).filter((feature) =>
    UNSUPPORTED_WRITER_FEATURES.includes(feature),
  );
  if (blocking.length > 0)
    throw new CheckpointNotSupported({ version: snapshot.version, features: blocking });

  const now = options.now ?? Date.now();
  const properties = snapshot.properties;
  const v2 =
    hasReaderFeature(snapshot.protocol, 'v2Checkpoint') ||
    hasWriterFeature(snapshot.protocol, 'v2Checkpoint');
  const layout = checkpointLayout(snapshot, {
    statsAsJson: options.writeStatsAsJson ?? properties.checkpointWriteStatsAsJson,
    statsAsStruct: options.writeStatsAsStruct ?? properties.checkpointWriteStatsAsStruct,
    v2,
  });

  const tombstoneCutoff = now - properties.deletedFileRetentionDuration;
  const tombstones = snapshot.tombstones.filter(
    (remove) => (remove.deletionTimestamp ?? 0) > tombstoneCutoff,
  );
  const transactions = liveTransactions(snapshot, now);
  const domains: DomainMetadataAction[] = snapshot
    .domainNames()
    .sort()
    .map((domain) => ({
      domain,
      configuration: snapshot.domainMetadata(domain)!,
      removed: false,
    }));

  const rows = function* (): Generator<Row> {
    if (v2) yield { checkpointMetadata: { version: snapshot.version, tags: null } };
    yield { protocol: snapshot.protocol };
    yield { metaData: snapshot.metadata };
    for (const txn of transactions) yield { txn };
    for (const domainMetadata of domains) yield { domainMetadata };
    for (const add of snapshot.files) yield { add };
    for (const remove of tombstones) yield { remove };
  };

  let size = 0;
  const batches = function* (): Generator<arrow.RecordBatch> {
    let writer = new BatchWriter(layout);
    for (const row of rows()) {
      writer.append(row);
      size++;
      if (writer.length === BATCH_ROWS) {
        yield writer.finish();
        writer = new BatchWriter(layout);
      }
    }
    if (writer.length > 0 || size === 0) yield writer.finish();
  };
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeParquetStream(batches())) chunks.push(chunk);
  const bytes = concat(chunks);

  const path = checkpointPath(snapshot.version);
  await storage.write(path, bytes);

  const lastCheckpoint: Record<string, unknown> = {
    version: snapshot.version,
    size,
    sizeInBytes: bytes.length,
    numOfAddFiles: snapshot.files.length,
  };
  lastCheckpoint.checksum = lastCheckpointChecksum(lastCheckpoint);
  await storage.write(
    LAST_CHECKPOINT_FILE,
    new TextEncoder().encode(formatLastCheckpoint(lastCheckpoint)),
  );
  return {
    version: snapshot.version,
    path,
    kind: v2 ? 'v2' : 'classic',
    size,
    sizeInBytes: bytes.length,
    numOfAddFiles: snapshot.files.length,
    numOfRemoveFiles: tombstones.length,
    lastCheckpoint,
  };
}

/** The path of the classic checkpoint of `version`: `_delta_log/00000000000000000010.checkpoint.parquet`. */
export function checkpointPath(version: number): string {
  return `${LOG_FOLDER}${String(version).padStart(20, '0')}.checkpoint.parquet`;
}

/** One row of the checkpoint: one action, its column name as key. */
type Row = Partial<Record<ColumnName, unknown>>;
type ColumnName =
  | 'txn'
  | 'add'
  | 'remove'
  | 'metaData'
  | 'protocol'
  | 'domainMetadata'
  | 'checkpointMetadata'
  | 'sidecar';

/** The checkpoint's schema and how `add` actions become rows of it. */
interface CheckpointLayout {
  schema: StructType;
  arrowSchema: arrow.Schema;
  statsAsJson: boolean;
  /** Partition columns: physical name and type (for `partitionValues_parsed`). */
  partitionFields: StructField[] | undefined;
  /** The `stats_parsed` struct, when written. */
  statsType: StructType | undefined;
}

/**
 * The checkpoint schema of a snapshot (see {@link writeCheckpoint}): the columns and struct
 * fields Spark writes, in its order.
 */
export function checkpointSchema(
  snapshot: Snapshot,
  options: { statsAsJson?: boolean; statsAsStruct?: boolean; v2?: boolean } = {},
): StructType {
  return checkpointLayout(snapshot, {
    statsAsJson: options.statsAsJson ?? true,
    statsAsStruct: options.statsAsStruct ?? false,
    v2: options.v2 ?? false,
  }).schema;
}

function checkpointLayout(
  snapshot: Snapshot,
  options: { statsAsJson: boolean; statsAsStruct: boolean; v2: boolean },
): CheckpointLayout {
  const mode = snapshot.properties.columnMappingMode;
  const partitionColumns = new Set(snapshot.partitionColumns);
  let partitionFields: StructField[] | undefined;
  let statsType: StructType | undefined;
  if (options.statsAsStruct) {
    const partitions = snapshot.schema.fields.filter((column) => partitionColumns.has(column.name));
    if (partitions.length > 0)
      partitionFields = partitions.map((column) => field(physicalName(column, mode), column.type));
    statsType = statsSchema(
      snapshot.schema.fields.filter((column) => !partitionColumns.has(column.name)),
      mode,
      snapshot.properties.dataSkippingNumIndexedCols,
    );
  }
  const addFields = [
    field('path', 'string'),
    field('partitionValues', STRING_MAP),
    field('size', 'long'),
    field('modificationTime', 'long'),
    field('dataChange', 'boolean'),
    field('tags', STRING_MAP),
    field('deletionVector', DELETION_VECTOR),
    field('baseRowId', 'long'),
    field('defaultRowCommitVersion', 'long'),
    field('clusteringProvider', 'string'),
  ];
  if (options.statsAsJson) addFields.push(field('stats', 'string'));
  if (partitionFields) addFields.push(field('partitionValues_parsed', struct(partitionFields)));
  if (statsType) addFields.push(field('stats_parsed', statsType));
  const columns = [
    field(
      'txn',
      struct([field('appId', 'string'), field('version', 'long'), field('lastUpdated', 'long')]),
    ),
    field('add', struct(addFields)),
    field(
      'remove',
      struct([
        field('path', 'string'),
        field('deletionTimestamp', 'long'),
        field('dataChange', 'boolean'),
        field('extendedFileMetadata', 'boolean'),
        field('partitionValues', STRING_MAP),
        field('size', 'long'),
        field('deletionVector', DELETION_VECTOR),
        field('baseRowId', 'long'),
        field('defaultRowCommitVersion', 'long'),
      ]),
    ),
    field(
      'metaData',
      struct([
        field('id', 'string'),
        field('name', 'string'),
        field('description', 'string'),
        field('format', struct([field('provider', 'string'), field('options', STRING_MAP)])),
        field('schemaString', 'string'),
        field('partitionColumns', STRING_ARRAY),
        field('configuration', STRING_MAP),
        field('createdTime', 'long'),
      ]),
    ),
    field(
      'protocol',
      struct([
        field('minReaderVersion', 'integer'),
        field('minWriterVersion', 'integer'),
        field('readerFeatures', STRING_ARRAY),
        field('writerFeatures', STRING_ARRAY),
      ]),
    ),
    field(
      'domainMetadata',
      struct([
        field('domain', 'string'),
        field('configuration', 'string'),
        field('removed', 'boolean'),
      ]),
    ),
  ];
  if (options.v2) {
    columns.push(
      field('checkpointMetadata', struct([field('version', 'long'), field('tags', STRING_MAP)])),
      field(
        'sidecar',
        struct([
          field('path', 'string'),
          field('sizeInBytes', 'long'),
          field('modificationTime', 'long'),
          field('tags', STRING_MAP),
        ]),
      ),
    );
  }
  const schema = struct(columns);
  return {
    schema,
    arrowSchema: deltaSchemaToArrow(schema),
    statsAsJson: options.statsAsJson,
    partitionFields,
    statsType,
  };
}

/**
 * The `stats_parsed` struct as Spark derives it from the data columns: `numRecords`,
 * `minValues` / `maxValues` over the columns with bounds (not booleans, binaries, arrays or
 * maps), `nullCount` over every column, by physical name; the first
 * `delta.dataSkippingNumIndexedCols` leaf columns (all when -1). Statistics whose values do not
 * fit these types are written as null (unknown), never guessed.
 */
function statsSchema(
  columns: readonly StructField[],
  mode: ColumnMappingMode,
  numIndexed: number,
): StructType {
  let remaining = numIndexed < 0 ? Number.POSITIVE_INFINITY : numIndexed;
  const take = (fields: readonly StructField[]): StructField[] => {
    const out: StructField[] = [];
    for (const column of fields) {
      if (remaining <= 0) break;
      const name = physicalName(column, mode);
      if (typeof column.type !== 'string' && column.type.type === 'struct') {
        const children = take(column.type.fields);
        if (children.length > 0) out.push(field(name, struct(children)));
      } else {
        remaining--;
        out.push(field(name, column.type));
      }
    }
    return out;
  };
  const indexed = take(columns);
  const bounds = (fields: readonly StructField[]): StructField[] =>
    fields.flatMap((column) => {
      if (typeof column.type !== 'string') {
        if (column.type.type !== 'struct') return [];
        const children = bounds(column.type.fields);
        return children.length > 0 ? [field(column.name, struct(children))] : [];
      }
      return column.type === 'boolean' || column.type === 'binary' || column.type === 'variant'
        ? []
        : [column];
    });
  const counts = (fields: readonly StructField[]): StructField[] =>
    fields.map((column) =>
      typeof column.type !== 'string' && column.type.type === 'struct'
        ? field(column.name, struct(counts(column.type.fields)))
        : field(column.name, 'long'),
    );
  const statsFields = [field('numRecords', 'long')];
  const minMax = bounds(indexed);
  if (minMax.length > 0)
    statsFields.push(field('minValues', struct(minMax)), field('maxValues', struct(minMax)));
  if (indexed.length > 0) statsFields.push(field('nullCount', struct(counts(indexed))));
  return struct(statsFields);
}

/** Application transactions to keep: all, or those within `delta.setTransactionRetentionDuration`. */
function liveTransactions(snapshot: Snapshot, now: number): TxnAction[] {
  const all = snapshot
    .appIds()
    .sort()
    .map((appId) => snapshot.appTransaction(appId)!);
  const retention = snapshot.configuration['delta.setTransactionRetentionDuration'];
  if (retention === undefined) return all;
  const milliseconds = parseIntervalMilliseconds(retention);
  if (milliseconds === undefined) return all;
  // As Spark: a txn without lastUpdated never expires.
  return all.filter(
    (txn) =>
      txn.lastUpdated === undefined ||
      txn.lastUpdated === null ||
      txn.lastUpdated > now - milliseconds,
  );
}

/** Builds the rows of one record batch. */
class BatchWriter {
  private readonly builders: { name: string; builder: ColumnBuilder }[];
  length = 0;

  constructor(private readonly layout: CheckpointLayout) {
    this.builders = layout.schema.fields.map((column) => ({
      name: column.name,
      builder: createColumnBuilder(column.type),
    }));
  }

  append(row: Row): void {
    for (const { name, builder } of this.builders) {
      const value = row[name as ColumnName];
      builder.append(value === undefined ? null : this.columnValue(name as ColumnName, value));
    }
    this.length++;
  }

  finish(): arrow.RecordBatch {
    const data = arrow.makeData({
      type: new arrow.Struct(this.layout.arrowSchema.fields),
      length: this.length,
      nullCount: 0,
      children: this.builders.map(({ builder }) => builder.finish()),
    });
    return new arrow.RecordBatch(this.layout.arrowSchema, data);
  }

  /** An action as the column builders take it: maps as entries, optional fields as null. */
  private columnValue(name: ColumnName, value: unknown): unknown {
    switch (name) {
      case 'add':
        return this.addValue(value as AddAction);
      case 'remove': {
        const remove = value as RemoveAction;
        return {
          path: remove.path,
          deletionTimestamp: remove.deletionTimestamp ?? null,
          dataChange: remove.dataChange,
          extendedFileMetadata: remove.extendedFileMetadata ?? null,
          partitionValues: entries(remove.partitionValues),
          size: remove.size ?? null,
          deletionVector: deletionVectorValue(remove.deletionVector),
          baseRowId: remove.baseRowId ?? null,
          defaultRowCommitVersion: remove.defaultRowCommitVersion ?? null,
        };
      }
      case 'metaData': {
        const metadata = value as Snapshot['metadata'];
        return {
          id: metadata.id,
          name: metadata.name ?? null,
          description: metadata.description ?? null,
          format: {
            provider: metadata.format.provider,
            options: entries(metadata.format.options ?? {}),
          },
          schemaString: metadata.schemaString,
          partitionColumns: metadata.partitionColumns,
          configuration: entries(metadata.configuration),
          createdTime: metadata.createdTime ?? null,
        };
      }
      case 'protocol': {
        const protocol = value as Snapshot['protocol'];
        return {
          minReaderVersion: protocol.minReaderVersion,
          minWriterVersion: protocol.minWriterVersion,
          readerFeatures: protocol.readerFeatures ?? null,
          writerFeatures: protocol.writerFeatures ?? null,
        };
      }
      case 'txn': {
        const txn = value as TxnAction;
        return { appId: txn.appId, version: txn.version, lastUpdated: txn.lastUpdated ?? null };
      }
      case 'checkpointMetadata': {
        const metadata = value as { version: number; tags: Record<string, string> | null };
        return { version: metadata.version, tags: entries(metadata.tags) };
      }
      default:
        return value;
    }
  }

  private addValue(add: AddAction): Record<string, unknown> {
    const value: Record<string, unknown> = {
      path: add.path,
      partitionValues: entries(add.partitionValues),
      size: add.size,
      modificationTime: add.modificationTime,
      dataChange: add.dataChange,
      tags: entries(add.tags),
      deletionVector: deletionVectorValue(add.deletionVector),
      baseRowId: add.baseRowId ?? null,
      defaultRowCommitVersion: add.defaultRowCommitVersion ?? null,
      clusteringProvider: add.clusteringProvider ?? null,
    };
    if (this.layout.statsAsJson) value.stats = add.stats ?? null;
    if (this.layout.partitionFields) {
      const parsed: Record<string, unknown> = {};
      for (const partition of this.layout.partitionFields) {
        const text = add.partitionValues[partition.name];
        parsed[partition.name] =
          text === undefined || text === null ? null : partitionValue(text, partition.type);
      }
      value.partitionValues_parsed = parsed;
    }
    if (this.layout.statsType) value.stats_parsed = parsedStats(add.stats, this.layout.statsType);
    return value;
  }
}

function entries(
  record: Readonly<Record<string, string | null>> | null | undefined,
): [string, string | null][] | null {
  return record === null || record === undefined ? null : Object.entries(record);
}

function deletionVectorValue(
  descriptor: DeletionVectorDescriptor | null | undefined,
): Record<string, unknown> | null {
  if (!descriptor) return null;
  return {
    storageType: descriptor.storageType,
    pathOrInlineDv: descriptor.pathOrInlineDv,
    offset: descriptor.offset ?? null,
    sizeInBytes: descriptor.sizeInBytes,
    cardinality: descriptor.cardinality,
    maxRowIndex: descriptor.maxRowIndex ?? null,
  };
}

/**
 * A partition value (PROTOCOL.md, "Partition Value Serialization") in its column type, or null
 * when it does not parse (as Spark's non-failing cast gives null).
 */
function partitionValue(text: string, type: DeltaType): unknown {
  if (typeof type !== 'string') return null;
  switch (type) {
    case 'string':
      return text;
    case 'boolean': {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : null;
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return /^[+-]?\d+$/.test(text.trim()) ? leafValue(BigInt(text.trim()), type) : null;
    case 'float':
    case 'double': {
      const number = Number(text);
      return text.trim() === '' || Number.isNaN(number) ? null : number;
    }
    case 'date':
      return leafValue(text, type);
    case 'timestamp':
    case 'timestamp_ntz':
      // Partition timestamps are written `2024-01-01 10:00:00[.ffffff]`, in UTC for `timestamp`.
      return leafValue(text.trim().replace(' ', 'T'), type);
    case 'binary':
      return new TextEncoder().encode(text);
    default:
      return decimalParts(type) ? leafValue(text, type) : null;
  }
}

/** The `stats_parsed` value of a file's JSON statistics; null when there are none or they do not parse. */
function parsedStats(stats: string | null | undefined, type: StructType): unknown {
  if (stats === null || stats === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(stats);
  } catch {
    return null;
  }
  return structValue(value, type);
}

function structValue(value: unknown, type: StructType): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const child of type.fields) {
    const item = record[child.name];
    out[child.name] =
      typeof child.type !== 'string' && child.type.type === 'struct'
        ? structValue(item, child.type)
        : leafValue(item, child.type);
  }
  return out;
}

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * A JSON statistic (or partition value) as the column builder of `type` takes it, checked so
 * that the builder cannot fail; null when it does not fit (unknown, never a wrong bound).
 */
function leafValue(value: unknown, type: DeltaType): unknown {
  if (value === null || value === undefined || typeof type !== 'string') return null;
  try {
    switch (type) {
      case 'byte':
      case 'short':
      case 'integer':
      case 'long': {
        // A JSON number beyond 2^53 was rounded by JSON.parse: no exact bound is known.
        if (typeof value === 'number' && !Number.isSafeInteger(value)) return null;
        if (typeof value !== 'number' && typeof value !== 'bigint') return null;
        const integer = BigInt(value);
        const [min, max] = INTEGER_RANGES[type]!;
        if (integer < min || integer > max) return null;
        return type === 'long' ? integer : Number(integer);
      }
      case 'float':
      case 'double':
        return typeof value === 'number' ? value : null;
      case 'string':
        return typeof value === 'string' ? value : null;
      case 'date':
        return typeof value === 'string' ? toDaysSinceEpoch(value) : null;
      case 'timestamp':
      case 'timestamp_ntz':
        return typeof value === 'string' ? toMicrosSinceEpoch(value, type === 'timestamp') : null;
      default: {
        const decimal = decimalParts(type);
        if (!decimal) return null;
        // Numbers with more digits than a double holds exactly are not trusted.
        if (typeof value === 'number' && String(Math.abs(value)).replace(/\D/g, '').length > 15)
          return null;
        if (typeof value !== 'number' && typeof value !== 'string') return null;
        return parseDecimal(value, decimal.precision, decimal.scale);
      }
    }
  } catch {
    return null;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
