import {
  createStatsCollector,
  type DeltaType,
  deltaSchemaToArrow,
  exactValue,
  type ParquetCompression,
  type StatsCollector,
  type StructType,
  statsToJson,
  takeRows,
  writeParquet,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { AddAction } from '../protocol/actions.js';
import { encodeFilePath } from '../protocol/encode-file-path.js';
import { formatPartitionValue } from '../protocol/format-partition-value.js';
import { parseTableProperties } from '../protocol/table-properties.js';
import {
  COLUMN_ID_KEY,
  columnMappingMode,
  PARQUET_FIELD_ID_KEY,
  physicalName,
} from '../scan/column-mapping.js';
import { partitionPath } from '../scan/partition-path.js';
import type { Storage } from '../storage/storage.js';

/** Where change data files live (PROTOCOL.md, "Change Data Files"). */
export const CHANGE_DATA_FOLDER = '_change_data';

/** The column of change data files naming the kind of change. */
export const CHANGE_TYPE_COLUMN = '_change_type';

/** Delta's and delta-rs's default target size of a data file: 100 MiB. */
export const DEFAULT_TARGET_FILE_SIZE = 104_857_600;

/** Options of {@link DataFileWriter}. */
export interface DataFileWriterOptions {
  storage: Storage;
  /** The table schema (logical names), partition columns included. */
  schema: StructType;
  partitionColumns: readonly string[];
  /** The table configuration (column mapping, statistics columns). */
  configuration: Readonly<Record<string, string>>;
  /** Bytes at which a file is closed and the next one begun. Default {@link DEFAULT_TARGET_FILE_SIZE}. */
  targetFileSize?: number;
  /** Default snappy, as Spark and delta-rs write. */
  compression?: ParquetCompression;
  /** Arrow bytes buffered over all partitions before the largest buffer is written out. Default 256 MiB. */
  maxBufferedBytes?: number;
  /** Modification time recorded in `add` actions. Default now. */
  now?: () => number;
  /** `add.dataChange`. Default true. */
  dataChange?: boolean;
  /** Adds `tightBounds` to the statistics (tables with deletion vectors). */
  tightBounds?: boolean;
  /**
   * Change data files instead of data files: written under `_change_data/`, named `cdc-…`,
   * without statistics (the schema then holds the `_change_type` column).
   */
  changeData?: boolean;
}

interface PartitionBuffer {
  /** Storage folder of the partition ('' when unpartitioned). */
  folder: string;
  /** `add.partitionValues`, physical names as keys. */
  values: Record<string, string | null>;
  batches: arrow.RecordBatch[];
  bytes: number;
  rows: number;
}

/**
 * Writes record batches of the table schema as data files: split by partition values into
 * Hive-style folders (Spark's escaping), partition columns left out of the files, physical column
 * names and Parquet field ids under column mapping, Delta statistics computed on the way, files
 * named as Spark names them (`part-00000-<uuid>-c000.snappy.parquet`) and closed at the target
 * size. Memory stays bounded: buffered data over all partitions is capped, the largest buffer
 * written out first.
 *
 * Files are written but not committed: the caller's transaction makes them part of the table.
 */
export class DataFileWriter {
  private readonly buffers = new Map<string, PartitionBuffer>();
  private readonly adds: AddAction[] = [];
  private readonly partitionIndexes: number[];
  private readonly dataIndexes: number[];
  private readonly dataSchema: arrow.Schema;
  private readonly physicalPartitionNames: string[];
  private readonly partitionTypes: DeltaType[];
  private readonly statsOptions: { numIndexedCols: number; statsColumns: string[] | undefined };
  private readonly targetFileSize: number;
  private readonly maxBufferedBytes: number;
  private readonly writeId = globalThis.crypto.randomUUID();
  private buffered = 0;
  private fileCounter = 0;
  /** Parquet bytes per Arrow byte, learned from the files written so far. */
  private compressionRatio = 1;
  /** Rows written. */
  numOutputRows = 0;
  /** Bytes of the files written. */
  numOutputBytes = 0;

  constructor(private readonly options: DataFileWriterOptions) {
    const { schema, partitionColumns, configuration } = options;
    const mode = columnMappingMode(configuration);
    this.partitionIndexes = partitionColumns.map((name) =>
      schema.fields.findIndex((field) => field.name === name),
    );
    this.dataIndexes = schema.fields
      .map((_field, index) => index)
      .filter((index) => !this.partitionIndexes.includes(index));
    this.physicalPartitionNames = this.partitionIndexes.map((index) =>
      physicalName(schema.fields[index]!, mode),
    );
    this.partitionTypes = this.partitionIndexes.map((index) => schema.fields[index]!.type);
    const dataFields: StructType = {
      type: 'struct',
      fields: this.dataIndexes.map((index) => schema.fields[index]!),
    };
    this.dataSchema = fileSchema(dataFields, mode !== 'none');
    const properties = parseTableProperties(configuration);
    this.statsOptions = {
      numIndexedCols: properties.dataSkippingNumIndexedCols,
      statsColumns: properties.dataSkippingStatsColumns,
    };
    this.targetFileSize = options.targetFileSize ?? DEFAULT_TARGET_FILE_SIZE;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  }

  /** Takes a batch of the table's Arrow schema (as `conformBatch` makes it). */
  async write(batch: arrow.RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    if (this.partitionIndexes.length === 0) {
      await this.append(this.bufferFor('', {}), batch);
    } else {
      for (const [key, indexes] of this.groupRows(batch)) {
        const rows = indexes.length === batch.numRows ? batch : takeRows(batch, indexes);
        await this.append(this.buffers.get(key)!, rows);
      }
    }
    while (this.buffered > this.maxBufferedBytes) {
      const largest = [...this.buffers.values()].reduce((a, b) => (b.bytes > a.bytes ? b : a));
      await this.flush(largest);
    }
  }

  /** Writes out everything buffered and returns the `add` actions of every file written. */
  async finish(): Promise<AddAction[]> {
    for (const buffer of this.buffers.values()) if (buffer.rows > 0) await this.flush(buffer);
    return this.adds;
  }

  private groupRows(batch: arrow.RecordBatch): Map<string, Int32Array> {
    const columns = this.partitionIndexes.map((index) => batch.data.children[index]!);
    const groups = new Map<string, number[]>();
    let lastKey: string | undefined;
    let lastGroup: number[] | undefined;
    for (let row = 0; row < batch.numRows; row++) {
      const values = columns.map((data, k) =>
        formatPartitionValue(exactValue(data, row), this.partitionTypes[k]!),
      );
      const key = JSON.stringify(values);
      if (key !== lastKey) {
        lastKey = key;
        lastGroup = groups.get(key);
        if (!lastGroup) {
          lastGroup = [];
          groups.set(key, lastGroup);
          if (!this.buffers.has(key)) {
            const named = this.physicalPartitionNames.map(
              (name, k) => [name, values[k] ?? null] as const,
            );
            this.bufferFor(key, Object.fromEntries(named), partitionPath(named));
          }
        }
      }
      lastGroup!.push(row);
    }
    return new Map([...groups].map(([key, rows]) => [key, Int32Array.from(rows)]));
  }

  private bufferFor(
    key: string,
    values: Record<string, string | null>,
    folder = '',
  ): PartitionBuffer {
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = { folder, values, batches: [], bytes: 0, rows: 0 };
      this.buffers.set(key, buffer);
    }
    return buffer;
  }

  private async append(buffer: PartitionBuffer, batch: arrow.RecordBatch): Promise<void> {
    const data = this.dataBatch(batch);
    // Arrow bytes that make a file of about the target size, at the compression seen so far.
    const limit = Math.max(1, this.targetFileSize / this.compressionRatio);
    const rowBytes = data.data.byteLength / data.numRows;
    let offset = 0;
    while (offset < data.numRows) {
      const room = Math.max(1, Math.floor((limit - buffer.bytes) / Math.max(rowBytes, 1)));
      const piece = offset === 0 && room >= data.numRows ? data : data.slice(offset, offset + room);
      const bytes = piece.numRows * rowBytes;
      buffer.batches.push(piece);
      buffer.bytes += bytes;
      buffer.rows += piece.numRows;
      this.buffered += bytes;
      offset += piece.numRows;
      if (buffer.bytes >= limit) await this.flush(buffer);
    }
  }

  /** The data columns of a table batch, renamed to the file schema. */
  private dataBatch(batch: arrow.RecordBatch): arrow.RecordBatch {
    const children = this.dataIndexes.map((index, k) =>
      relabel(batch.data.children[index]!, this.dataSchema.fields[k]!.type),
    );
    return new arrow.RecordBatch(
      this.dataSchema,
      arrow.makeData({
        type: new arrow.Struct(this.dataSchema.fields),
        length: batch.numRows,
        nullCount: 0,
        children,
      }),
    );
  }

  private async flush(buffer: PartitionBuffer): Promise<void> {
    const table = new arrow.Table(this.dataSchema, buffer.batches);
    const changeData = this.options.changeData === true;
    let stats: StatsCollector | undefined;
    if (!changeData) {
      stats = createStatsCollector(this.dataSchema, {
        numIndexedCols: this.statsOptions.numIndexedCols,
        statsColumns: this.statsOptions.statsColumns,
        ...(this.options.tightBounds ? { tightBounds: true } : {}),
      });
      stats.add(table);
    }
    const compression = this.options.compression ?? 'snappy';
    const bytes = await writeParquet(table, { compression });
    const name = `${changeData ? 'cdc' : 'part'}-${String(this.fileCounter++).padStart(5, '0')}-${this.writeId}-c000${compression === 'uncompressed' ? '' : `.${compression}`}.parquet`;
    const folder = changeData
      ? buffer.folder === ''
        ? CHANGE_DATA_FOLDER
        : `${CHANGE_DATA_FOLDER}/${buffer.folder}`
      : buffer.folder;
    const path = folder === '' ? name : `${folder}/${name}`;
    await this.options.storage.write(path, bytes);
    if (buffer.bytes > 0) this.compressionRatio = Math.max(0.01, bytes.length / buffer.bytes);
    this.adds.push({
      path: encodeFilePath(path),
      partitionValues: buffer.values,
      size: bytes.length,
      modificationTime: (this.options.now ?? Date.now)(),
      dataChange: this.options.dataChange ?? true,
      ...(stats ? { stats: statsToJson(stats.finish()) } : {}),
    });
    this.numOutputRows += buffer.rows;
    this.numOutputBytes += bytes.length;
    this.buffered -= buffer.bytes;
    buffer.batches = [];
    buffer.bytes = 0;
    buffer.rows = 0;
  }
}

/**
 * The Arrow schema of the data files: physical names and, under column mapping, Parquet field
 * ids (as Spark writes them), no Delta metadata.
 */
function fileSchema(schema: StructType, columnMapping: boolean): arrow.Schema {
  const arrowSchema = deltaSchemaToArrow(schema);
  const mode = columnMapping ? 'name' : 'none';
  const convert = (
    fields: readonly arrow.Field[],
    deltaFields: StructType['fields'],
  ): arrow.Field[] =>
    fields.map((field, index) => {
      const deltaField = deltaFields[index]!;
      const metadata = new Map<string, string>();
      const id = deltaField.metadata?.[COLUMN_ID_KEY];
      if (columnMapping && typeof id === 'number') metadata.set(PARQUET_FIELD_ID_KEY, String(id));
      return new arrow.Field(
        physicalName(deltaField, mode),
        convertType(field.type, deltaField.type),
        field.nullable,
        metadata,
      );
    });
  const convertType = (type: arrow.DataType, deltaType: DeltaType): arrow.DataType => {
    if (typeof deltaType === 'string') return type;
    switch (deltaType.type) {
      case 'struct':
        return new arrow.Struct(convert((type as arrow.Struct).children, deltaType.fields));
      case 'array': {
        const child = (type as arrow.List).children[0]!;
        return new arrow.List(
          new arrow.Field(
            child.name,
            convertType(child.type, deltaType.elementType),
            child.nullable,
          ),
        );
      }
      case 'map': {
        const entries = (type as arrow.Map_).children[0]!;
        const [key, value] = (entries.type as arrow.Struct).children as [arrow.Field, arrow.Field];
        return new arrow.Map_(
          // biome-ignore lint/suspicious/noExplicitAny: apache-arrow types the entries field as never
          new arrow.Field<any>(
            entries.name,
            new arrow.Struct([
              new arrow.Field(key.name, convertType(key.type, deltaType.keyType), key.nullable),
              new arrow.Field(
                value.name,
                convertType(value.type, deltaType.valueType),
                value.nullable,
              ),
            ]),
            entries.nullable,
          ),
          (type as arrow.Map_).keysSorted,
        );
      }
    }
  };
  return new arrow.Schema(convert(arrowSchema.fields, schema.fields));
}

/** The same buffers under another (structurally equal, differently named) type. */
function relabel(data: arrow.Data, type: arrow.DataType): arrow.Data {
  if (data.type === type) return data;
  const childTypes = (type as arrow.DataType & { children?: arrow.Field[] }).children ?? [];
  const children = data.children.map((child, index) =>
    relabel(child, childTypes[index]?.type ?? child.type),
  );
  return data.clone(type, data.offset, data.length, data.nullCount, data.buffers, children);
}
