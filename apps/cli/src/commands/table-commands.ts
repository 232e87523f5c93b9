import { DeltaTable, type TableVersionOptions } from '@silt/delta-log';
import { schemaToDdl, stringifyJson } from '@silt/parquet-io';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseFormat, parseNonNegativeInteger } from '../options.js';
import { formatBytes } from '../output/format-bytes.js';
import { type RowFormat, writeRows } from '../output/format-rows.js';
import { createProgress } from '../output/progress.js';
import { filteredScan } from './dml-commands.js';

type Write = (text: string) => void;

/** Where `silt cat` shows its progress: stderr, when it is a terminal. */
export interface ProgressIo {
  stderr: Write;
  stderrIsTTY: boolean;
}

interface VersionFlags {
  version?: number;
  timestamp?: string;
}

function versionOptions(flags: VersionFlags): TableVersionOptions {
  if (flags.version !== undefined && flags.timestamp !== undefined) {
    throw new UsageError('--version and --timestamp cannot be used together');
  }
  if (flags.version !== undefined) return { version: flags.version };
  if (flags.timestamp !== undefined) return { timestamp: flags.timestamp };
  return {};
}

/** `silt cat | describe | history | files`: read a Delta table. */
export function registerTableCommands(
  program: Command,
  write: Write,
  progressIo: ProgressIo = { stderr: () => {}, stderrIsTTY: false },
): void {
  program
    .command('cat')
    .description('print the rows of a Delta table')
    .argument('<table>', 'table path')
    .option('--version <n>', 'read this version', parseNonNegativeInteger)
    .option('--timestamp <iso>', 'read the version as of this time (ISO 8601)')
    .option('--columns <names>', 'comma-separated columns, in output order')
    .option(
      '--where <predicate>',
      'only the rows for which this SQL predicate is true, such as "city = \'Oslo\' AND amount > 10"',
    )
    .option('--limit <n>', 'most rows to print', parseNonNegativeInteger)
    .option(
      '--format <format>',
      'table | jsonl | csv',
      parseFormat(['table', 'jsonl', 'csv']),
      'table',
    )
    .action(
      async (
        location: string,
        flags: VersionFlags & {
          columns?: string;
          where?: string;
          limit?: number;
          format: RowFormat;
        },
      ) => {
        const table = await DeltaTable.open(location, versionOptions(flags));
        const scan = filteredScan(
          table,
          flags.columns ? flags.columns.split(',').map((c) => c.trim()) : undefined,
          flags.where,
        );
        const progress = createProgress(progressIo.stderr, {
          enabled: progressIo.stderrIsTTY,
          label: `reading ${location}`,
        });
        let remaining = flags.limit ?? Number.POSITIVE_INFINITY;
        let rows = 0;
        const batches = [];
        try {
          for await (const batch of scan) {
            if (remaining <= 0) break;
            const kept = batch.numRows > remaining ? batch.slice(0, remaining) : batch;
            remaining -= kept.numRows;
            rows += kept.numRows;
            batches.push(kept);
            progress.update({ rows });
          }
        } finally {
          progress.done();
        }
        const { Table: ArrowTable } = await import('apache-arrow');
        writeRows(
          batches.length > 0 ? new ArrowTable(batches) : new ArrowTable(scan.arrowSchema),
          flags.format,
          write,
        );
      },
    );

  program
    .command('describe')
    .description(
      'print what a Delta table is: version, protocol, schema, partitioning, properties, files',
    )
    .argument('<table>', 'table path')
    .option('--version <n>', 'describe this version', parseNonNegativeInteger)
    .option('--timestamp <iso>', 'describe the version as of this time (ISO 8601)')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: VersionFlags & { format: 'text' | 'json' }) => {
      const table = await DeltaTable.open(location, versionOptions(flags));
      const description = {
        location,
        version: table.version,
        timestamp: new Date(table.snapshot.timestamp).toISOString(),
        id: table.metadata.id,
        name: table.metadata.name ?? null,
        description: table.metadata.description ?? null,
        protocol: table.protocol,
        schema: table.schema,
        partitionColumns: [...table.partitionColumns],
        properties: table.metadata.configuration,
        numFiles: table.files.length,
        sizeInBytes: table.files.reduce((sum, file) => sum + file.size, 0),
      };
      if (flags.format === 'json') {
        write(`${JSON.stringify(description, null, 2)}\n`);
        return;
      }
      const features = [
        ...(table.protocol.readerFeatures ?? []),
        ...(table.protocol.writerFeatures ?? []),
      ];
      const lines = [
        `table:        ${location}`,
        `version:      ${description.version} (${description.timestamp})`,
        `id:           ${description.id}`,
        ...(description.name ? [`name:         ${description.name}`] : []),
        ...(description.description ? [`description:  ${description.description}`] : []),
        `protocol:     reader ${table.protocol.minReaderVersion}, writer ${table.protocol.minWriterVersion}${features.length > 0 ? `; features: ${[...new Set(features)].join(', ')}` : ''}`,
        `schema:       ${schemaToDdl(table.schema)}`,
        `partitioned:  ${description.partitionColumns.length > 0 ? description.partitionColumns.join(', ') : 'no'}`,
        `files:        ${description.numFiles} (${formatBytes(description.sizeInBytes)})`,
        'properties:',
        ...Object.entries(description.properties).map(([key, value]) => `  ${key} = ${value}`),
      ];
      if (Object.keys(description.properties).length === 0) lines.push('  (none)');
      write(`${lines.join('\n')}\n`);
    });

  program
    .command('history')
    .description("print a Delta table's commits, newest first")
    .argument('<table>', 'table path')
    .option('--limit <n>', 'most commits to print', parseNonNegativeInteger)
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: { limit?: number; format: 'text' | 'json' }) => {
      const table = await DeltaTable.open(location);
      const entries = await table.history(flags.limit === undefined ? {} : { limit: flags.limit });
      if (flags.format === 'json') {
        const json = entries.map((entry) => ({
          version: entry.version,
          timestamp: new Date(entry.timestamp).toISOString(),
          operation: entry.operation ?? null,
          operationParameters: entry.operationParameters ?? {},
          operationMetrics: entry.operationMetrics ?? {},
          userMetadata: entry.userMetadata ?? null,
          engineInfo: entry.engineInfo ?? null,
        }));
        write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      const output = new Table({
        head: ['version', 'timestamp', 'operation', 'parameters', 'engine'],
        style: { head: [], border: [] },
      });
      for (const entry of entries) {
        output.push([
          String(entry.version),
          new Date(entry.timestamp).toISOString(),
          entry.operation ?? '',
          entry.operationParameters ? stringifyJson(entry.operationParameters) : '',
          entry.engineInfo ?? '',
        ]);
      }
      write(`${output.toString()}\n`);
    });

  program
    .command('files')
    .description('list the data files of a Delta table version')
    .argument('<table>', 'table path')
    .option('--version <n>', 'list this version', parseNonNegativeInteger)
    .option('--timestamp <iso>', 'list the version as of this time (ISO 8601)')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: VersionFlags & { format: 'text' | 'json' }) => {
      const table = await DeltaTable.open(location, versionOptions(flags));
      const files = table.files.map((add) => ({
        path: table.snapshot.filePath(add),
        size: add.size,
        modificationTime: new Date(add.modificationTime).toISOString(),
        partitionValues: add.partitionValues,
        numRecords: numRecords(add.stats),
        deletedRows: add.deletionVector?.cardinality ?? 0,
      }));
      if (flags.format === 'json') {
        write(`${JSON.stringify(files, null, 2)}\n`);
        return;
      }
      const output = new Table({
        head: ['path', 'size', 'rows', 'deleted', 'partition'],
        style: { head: [], border: [] },
      });
      for (const file of files) {
        output.push([
          file.path,
          formatBytes(file.size),
          file.numRecords === null ? '' : String(file.numRecords),
          String(file.deletedRows),
          Object.entries(file.partitionValues)
            .map(([k, v]) => `${k}=${v ?? 'null'}`)
            .join(', '),
        ]);
      }
      write(
        `${output.toString()}\n(${files.length} ${files.length === 1 ? 'file' : 'files'} at version ${table.version})\n`,
      );
    });
}

function numRecords(stats: string | null | undefined): number | null {
  if (!stats) return null;
  try {
    const value = (JSON.parse(stats) as { numRecords?: unknown }).numRecords;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}
