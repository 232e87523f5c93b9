import {
  DeltaTable,
  TableNotFound,
  type WriteDeltaLakeOptions,
  type WriteMode,
  writeDeltaLake,
} from '@silt/delta-log';
import {
  type OnMalformed,
  parseSchema,
  SiltError,
  type StructType,
  schemaToDdl,
} from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import type { Command } from 'commander';
import { UsageError, withLocation } from '../errors.js';
import {
  INPUT_FORMATS,
  type InputFormat,
  inputFormatOf,
  openInput,
  withoutMetadata,
} from '../input.js';
import { collectProperty, parseColumnList, parseFormat, parsePositiveInteger } from '../options.js';
import { formatBytes } from '../output/format-bytes.js';
import { createProgress } from '../output/progress.js';

type Write = (text: string) => void;

/** Where `silt create` and `silt write` print. */
export interface WriteCommandsIo {
  stdout: Write;
  stderr: Write;
  /** Progress of long writes is shown on stderr only when it is a terminal. */
  stderrIsTTY: boolean;
}

interface CreateFlags {
  schema: string;
  partitionBy?: string[];
  property?: Record<string, string>;
  name?: string;
  description?: string;
  format: 'text' | 'json';
}

interface WriteFlags {
  from: string;
  inputFormat?: InputFormat;
  mode: WriteMode;
  partitionBy?: string[];
  schemaMode?: 'merge' | 'overwrite';
  replaceWhere?: string;
  schema?: string;
  property?: Record<string, string>;
  targetFileSize?: number;
  header: boolean;
  onMalformed: OnMalformed;
  format: 'text' | 'json';
}

/** `silt create | write`: make and change Delta tables. */
export function registerWriteCommands(program: Command, io: WriteCommandsIo): void {
  program
    .command('create')
    .description('create an empty Delta table (version 0) with a schema')
    .argument('<table>', 'table path')
    .requiredOption(
      '--schema <schema>',
      "the columns, as DDL ('id BIGINT NOT NULL, city STRING') or Delta schema JSON",
    )
    .option('--partition-by <columns>', 'comma-separated partition columns', parseColumnList)
    .option(
      '--property <key=value>',
      'a table property, such as delta.appendOnly=true (repeatable)',
      collectProperty,
    )
    .option('--name <name>', 'the name of the table')
    .option('--description <text>', 'a description of the table')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: CreateFlags) => {
      const table = await DeltaTable.create(location, {
        schema: flags.schema,
        ...(flags.partitionBy ? { partitionBy: flags.partitionBy } : {}),
        ...(flags.property ? { properties: flags.property } : {}),
        ...(flags.name === undefined ? {} : { name: flags.name }),
        ...(flags.description === undefined ? {} : { description: flags.description }),
      }).catch((error: unknown) => {
        throw withLocation(error, location);
      });
      const created = {
        table: location,
        version: table.version,
        schema: table.schema,
        partitionColumns: [...table.partitionColumns],
        properties: table.metadata.configuration,
        protocol: table.protocol,
      };
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify(created, null, 2)}\n`);
        return;
      }
      const properties = Object.entries(created.properties);
      io.stdout(
        [
          `created table ${location} (version ${created.version})`,
          `schema:       ${schemaToDdl(table.schema)}`,
          `partitioned:  ${created.partitionColumns.length > 0 ? created.partitionColumns.join(', ') : 'no'}`,
          ...(properties.length > 0
            ? [`properties:   ${properties.map(([k, v]) => `${k}=${v}`).join(', ')}`]
            : []),
        ].join('\n') + '\n',
      );
    });

  program
    .command('write')
    .description(
      'write a Parquet, CSV or JSON-lines file to a Delta table, creating the table when absent',
    )
    .argument('<table>', 'table path')
    .requiredOption('--from <file>', 'the input: a .parquet, .csv or .jsonl (.ndjson) file')
    .option(
      '--input-format <format>',
      'parquet | csv | jsonl (default: from the file extension)',
      parseFormat(INPUT_FORMATS),
    )
    .option(
      '--mode <mode>',
      'when the table exists: error | append | overwrite | ignore',
      parseFormat(['error', 'append', 'overwrite', 'ignore']),
      'error',
    )
    .option(
      '--partition-by <columns>',
      'comma-separated partition columns (of a new table, or with --schema-mode overwrite)',
      parseColumnList,
    )
    .option(
      '--schema-mode <mode>',
      'merge (add new columns) | overwrite (replace the schema; needs --mode overwrite)',
      parseFormat(['merge', 'overwrite']),
    )
    .option(
      '--replace-where <predicate>',
      'with --mode overwrite: replace only the rows matching this SQL predicate',
    )
    .option(
      '--schema <schema>',
      'CSV and JSON lines: the columns, as DDL or Delta schema JSON (default: the existing table schema)',
    )
    .option(
      '--property <key=value>',
      'a table property to set, such as delta.appendOnly=true (repeatable)',
      collectProperty,
    )
    .option(
      '--target-file-size <bytes>',
      'bytes at which data files are rolled (default 100 MiB)',
      parsePositiveInteger,
    )
    .option('--no-header', 'CSV: the first line is data, not column names')
    .option(
      '--on-malformed <policy>',
      'CSV and JSON lines: fail at a record that does not fit the schema, or rescue it into _rescued_data',
      parseFormat(['fail', 'rescue']),
      'fail',
    )
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: WriteFlags) => {
      if (flags.replaceWhere !== undefined && flags.mode !== 'overwrite')
        throw new UsageError('--replace-where needs --mode overwrite');
      const format = inputFormatOf(flags.from, flags.inputFormat);
      if (format === 'parquet' && flags.schema !== undefined)
        throw new UsageError(
          '--schema applies to CSV and JSON-lines input; a Parquet file carries its own schema',
        );
      let schema: StructType | undefined;
      if (format !== 'parquet') {
        schema =
          flags.schema !== undefined
            ? parseSchema(flags.schema)
            : await existingSchema(location, format);
      }
      const input = await openInput(flags.from, {
        format,
        ...(schema ? { schema } : {}),
        header: flags.header,
        onMalformed: flags.onMalformed,
      });
      const progress = createProgress(io.stderr, {
        enabled: io.stderrIsTTY && flags.format !== 'json',
        label: `writing ${flags.from}`,
      });
      async function* withProgress(): AsyncGenerator<arrow.RecordBatch> {
        for await (const batch of input.batches) {
          yield batch;
          progress.update(input.progress());
        }
      }
      const options: WriteDeltaLakeOptions = {
        mode: flags.mode,
        ...(flags.partitionBy ? { partitionBy: flags.partitionBy } : {}),
        ...(flags.schemaMode ? { schemaMode: flags.schemaMode } : {}),
        ...(flags.replaceWhere === undefined ? {} : { replaceWhere: flags.replaceWhere }),
        ...(flags.property ? { properties: flags.property } : {}),
        ...(flags.targetFileSize === undefined ? {} : { targetFileSize: flags.targetFileSize }),
      };
      let result: Awaited<ReturnType<typeof writeDeltaLake>>;
      try {
        result = await writeDeltaLake(location, withProgress(), options);
      } catch (error) {
        throw withLocation(error, location);
      } finally {
        progress.done();
      }
      const { metrics } = result;
      const summary = {
        table: location,
        version: result.version,
        committed: result.committed,
        created: result.committed && result.version === 0,
        mode: flags.mode,
        numFiles: metrics.numFiles,
        numOutputRows: metrics.numOutputRows,
        numOutputBytes: metrics.numOutputBytes,
        numRemovedFiles: metrics.numRemovedFiles,
        numRemovedBytes: metrics.numRemovedBytes,
      };
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      if (!result.committed) {
        io.stdout(
          `nothing written: a table exists at ${location} (version ${result.version}) and --mode is ${flags.mode}\n`,
        );
        return;
      }
      const removed =
        metrics.numRemovedFiles > 0
          ? `; removed ${count(metrics.numRemovedFiles, 'file')} (${formatBytes(metrics.numRemovedBytes)})`
          : '';
      io.stdout(
        `wrote version ${result.version} of ${location}${summary.created ? ' (new table)' : ''}: ${count(metrics.numFiles, 'file')}, ${count(metrics.numOutputRows, 'row')}, ${formatBytes(metrics.numOutputBytes)}${removed}\n`,
      );
    });
}

/** The schema of the table at `location`, for parsing text input; a usage error when absent. */
async function existingSchema(location: string, format: InputFormat): Promise<StructType> {
  try {
    return withoutMetadata((await DeltaTable.open(location)).schema);
  } catch (error) {
    if (SiltError.hasCode(error, TableNotFound.code))
      throw new UsageError(
        `--schema is required to write ${format === 'csv' ? 'CSV' : 'JSON lines'} to a new table (there is no table at ${location} yet)`,
      );
    throw error;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
