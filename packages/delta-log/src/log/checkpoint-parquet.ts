import { readParquet, readParquetSchema } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import type { Action, ActionName, AddAction, RemoveAction } from '../protocol/actions.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import { childData, validity } from './arrow-column-readers.js';
import { addDecoder, removeDecoder } from './checkpoint-file-actions.js';
import { decodeCheckpointRow } from './checkpoint-row.js';

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
  const columns = table.schema.fields.flatMap((field, index) =>
    (wanted as readonly string[]).includes(field.name) && field.type.typeId === arrow.Type.Struct
      ? [{ name: field.name as ActionName, index }]
      : [],
  );
  const actions: Action[] = [];
  let first = 0;
  for (const batch of table.batches) {
    const decoders = columns.flatMap(({ name, index }) => {
      const decoder = columnDecoder(name, batch.data.children[index]!, first, file);
      return decoder ? [decoder] : [];
    });
    // Row by row, and within a row (a writer that put two actions in one row) column by
    // column: the file's order, which replay relies on, and errors name the first bad row.
    for (let row = 0; row < batch.numRows; row++) {
      for (const decoder of decoders) {
        if (!decoder.present(row)) continue;
        const action = decoder.decode(row);
        if (action) actions.push(action);
      }
    }
    first += batch.numRows;
  }
  return actions;
}

/** Decodes the rows of one chunk of an action column. */
interface ColumnDecoder {
  /** Whether the row holds the action. */
  present: (index: number) => boolean;
  /** The action of a row that holds one (`undefined`: an action Silt does not keep). */
  decode: (index: number) => Action | undefined;
}

/**
 * The decoder of one chunk of an action column, or `undefined` when no row holds the action
 * (the struct lacks the witness field, or it is null throughout). `add` and `remove` make up
 * nearly every row of a checkpoint, so they are read straight from the Arrow buffers (see
 * checkpoint-file-actions.ts), falling back to the generic row decoder for what that path
 * leaves to it; other actions, a few rows each, always go through the generic row decoder.
 *
 * @param first the file row of the chunk's first row, for error messages.
 */
function columnDecoder(
  name: ActionName,
  data: arrow.Data,
  first: number,
  file: string,
): ColumnDecoder | undefined {
  const witness = WITNESS[name];
  const present = presence(data, witness);
  if (!present) return undefined;
  const generic = (index: number) =>
    decodeCheckpointRow(name, data, index, first + index, witness, file);
  if (name === 'add') {
    const add = addDecoder(data);
    if (add) return { present, decode: (index) => wrapAdd(add(index)) ?? generic(index) };
  } else if (name === 'remove') {
    const remove = removeDecoder(data);
    if (remove) return { present, decode: (index) => wrapRemove(remove(index)) ?? generic(index) };
  }
  return { present, decode: generic };
}

function wrapAdd(add: AddAction | undefined): Action | undefined {
  return add && { add };
}

function wrapRemove(remove: RemoveAction | undefined): Action | undefined {
  return remove && { remove };
}

/**
 * Which rows of a chunk of an action column hold the action: the struct is non-null and so is
 * its witness field. `undefined` when none does (no witness field, or nulls throughout): most
 * action columns are null in most chunks, a checkpoint being nearly all adds.
 */
function presence(data: arrow.Data, witness: string): ((index: number) => boolean) | undefined {
  const child = childData(data, witness);
  if (!child || child.nullCount === child.length || data.nullCount === data.length)
    return undefined;
  const struct = validity(data);
  const field = validity(child);
  return (index) => struct(index) && field(index);
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
