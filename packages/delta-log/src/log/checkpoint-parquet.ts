import { exactVectorValue, readParquet, readParquetSchema } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { Action, ActionName } from '../protocol/actions.js';
import { decodeAction } from '../protocol/decode-action.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';

/**
 * The struct fields Silt reads of each action column; `undefined` reads the whole struct.
 * `add` and `remove` are read field by field because writers add large optional fields to them
 * (`stats_parsed`, `partitionValues_parsed`) whose types follow the table's data and are not
 * needed to rebuild the table state.
 */
const FIELDS: Readonly<Record<ActionName, readonly string[] | undefined>> = {
  add: [
    'path',
    'partitionValues',
    'size',
    'modificationTime',
    'dataChange',
    'stats',
    'tags',
    'deletionVector',
    'baseRowId',
    'defaultRowCommitVersion',
    'clusteringProvider',
  ],
  remove: [
    'path',
    'deletionTimestamp',
    'dataChange',
    'extendedFileMetadata',
    'partitionValues',
    'size',
    'stats',
    'tags',
    'deletionVector',
    'baseRowId',
    'defaultRowCommitVersion',
  ],
  metaData: undefined,
  protocol: undefined,
  txn: undefined,
  domainMetadata: undefined,
  checkpointMetadata: undefined,
  sidecar: undefined,
  // Checkpoints never hold these (PROTOCOL.md, "Checkpoints"); some old writers stored commitInfo anyway.
  commitInfo: [],
  cdc: [],
};

/**
 * The field whose presence marks a row as holding the action. A row of a checkpoint holds one
 * action: its other action columns are null, or — from some writers — non-null structs of nulls.
 */
const WITNESS: Readonly<Record<ActionName, string>> = {
  add: 'path',
  remove: 'path',
  metaData: 'id',
  protocol: 'minReaderVersion',
  txn: 'appId',
  domainMetadata: 'domain',
  checkpointMetadata: 'version',
  sidecar: 'path',
  commitInfo: '',
  cdc: '',
};

const ALL_ACTIONS = Object.keys(FIELDS) as ActionName[];

/**
 * Reads the actions of a Parquet checkpoint, checkpoint part or sidecar file. Writers differ in
 * the columns they write (Spark, delta-rs and Databricks add or omit optional fields and whole
 * action columns), so missing columns are read as absent and unknown ones are ignored.
 *
 * @param options.actions the action names to read; default all.
 * @throws {CorruptLog} when the file is not readable Parquet or a row holds an invalid action.
 */
export async function readCheckpointParquet(
  bytes: Uint8Array,
  file: string,
  options: { actions?: readonly ActionName[] } = {},
): Promise<Action[]> {
  const wanted = options.actions ?? ALL_ACTIONS;
  let table: arrow.Table;
  try {
    const schema = await readParquetSchema(bytes, file);
    const columns = wanted.flatMap((name) => columnsToRead(schema, name));
    if (columns.length === 0) return [];
    table = await readParquet(bytes, { columns }, file);
  } catch (cause) {
    throw new CorruptLog({
      file,
      reason: `the checkpoint cannot be read as Parquet (${(cause as Error).message})`,
      cause,
    });
  }
  const vectors = table.schema.fields
    .filter(
      (field) =>
        (wanted as readonly string[]).includes(field.name) &&
        field.type.typeId === arrow.Type.Struct,
    )
    .map((field) => ({
      name: field.name as ActionName,
      type: field.type,
      vector: table.getChild(field.name)!,
    }));
  const actions: Action[] = [];
  for (let row = 0; row < table.numRows; row++) {
    for (const { name, type, vector } of vectors) {
      const value = exactVectorValue(vector, row);
      if (value === null) continue;
      const plain = toPlainValue(value, type) as Record<string, unknown>;
      if (plain[WITNESS[name]] === null || plain[WITNESS[name]] === undefined) continue;
      const action = decodeAction({ [name]: plain }, { file, line: row + 1 });
      if (action) actions.push(action);
    }
  }
  return actions;
}

/** The column paths to read for one action: none when absent, else the known struct fields present. */
function columnsToRead(schema: arrow.Schema, name: ActionName): string[] {
  const field = schema.fields.find((candidate) => candidate.name === name);
  if (!field || field.type.typeId !== arrow.Type.Struct) return [];
  const fields = FIELDS[name];
  if (fields === undefined) return [name];
  const present = new Set((field.type as arrow.Struct).children.map((child) => child.name));
  return fields.filter((child) => present.has(child)).map((child) => `${name}.${child}`);
}

/**
 * Turns an exact Arrow value into the JSON shape of the action: maps (arrays of [key, value])
 * into objects, 64-bit integers into numbers where they fit exactly (others stay bigint, and
 * the decoder reports them).
 */
function toPlainValue(value: unknown, type: arrow.DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case arrow.Type.Map: {
      const entry = type.children[0]!.type as arrow.Struct;
      const valueType = entry.children[1]!.type;
      const out: Record<string, unknown> = {};
      for (const [key, item] of value as [unknown, unknown][])
        out[String(key)] = toPlainValue(item, valueType);
      return out;
    }
    case arrow.Type.Struct: {
      const record = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const child of (type as arrow.Struct).children)
        out[child.name] = toPlainValue(record[child.name], child.type);
      return out;
    }
    case arrow.Type.List:
    case arrow.Type.LargeList:
    case arrow.Type.FixedSizeList: {
      const element = type.children[0]!.type;
      return (value as unknown[]).map((item) => toPlainValue(item, element));
    }
    default:
      if (
        typeof value === 'bigint' &&
        value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        value <= BigInt(Number.MAX_SAFE_INTEGER)
      ) {
        return Number(value);
      }
      return value;
  }
}
