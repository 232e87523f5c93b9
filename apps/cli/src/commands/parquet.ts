import {
  arrowSchemaToDelta,
  readParquetFile,
  readParquetFileMetadata,
  readParquetFileSchema,
  schemaToDdl,
} from '@silt/parquet-io';
import type { Command } from 'commander';
import { parseFormat, parseNonNegativeInteger } from '../options.js';
import { type RowFormat, writeRows } from '../output/format-rows.js';

/** `silt parquet cat|schema|meta FILE`: look inside one Parquet file. */
export function registerParquetCommands(program: Command, write: (text: string) => void): void {
  const parquet = program.command('parquet').description('look inside a single Parquet file');

  parquet
    .command('cat')
    .description('print the rows of a Parquet file')
    .argument('<file>', 'Parquet file')
    .option('--columns <names>', 'comma-separated columns to read (nested: a.b)')
    .option('--limit <n>', 'most rows to print', parseNonNegativeInteger)
    .option(
      '--format <format>',
      'table | jsonl | csv',
      parseFormat(['table', 'jsonl', 'csv']),
      'table',
    )
    .action(
      async (file: string, options: { columns?: string; limit?: number; format: RowFormat }) => {
        const table = await readParquetFile(file, {
          ...(options.columns ? { columns: options.columns.split(',').map((c) => c.trim()) } : {}),
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
        });
        writeRows(table, options.format, write);
      },
    );

  parquet
    .command('schema')
    .description('print the schema of a Parquet file as Delta DDL or Delta schema JSON')
    .argument('<file>', 'Parquet file')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (file: string, options: { format: 'text' | 'json' }) => {
      const schema = arrowSchemaToDelta(await readParquetFileSchema(file));
      write(
        options.format === 'json'
          ? `${JSON.stringify(schema, null, 2)}\n`
          : `${schemaToDdl(schema)}\n`,
      );
    });

  parquet
    .command('meta')
    .description(
      'print the footer metadata of a Parquet file: rows, row groups, key-value metadata',
    )
    .argument('<file>', 'Parquet file')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (file: string, options: { format: 'text' | 'json' }) => {
      const metadata = await readParquetFileMetadata(file);
      if (options.format === 'json') {
        write(`${JSON.stringify(metadata, null, 2)}\n`);
        return;
      }
      write(
        `rows: ${metadata.numRows}\ncreated by: ${metadata.createdBy ?? 'unknown'}\nrow groups: ${metadata.rowGroups.length}\n`,
      );
      metadata.rowGroups.forEach((group, index) => {
        write(
          `  #${index}: ${group.numRows} rows, ${group.compressedBytes} bytes compressed, ${group.uncompressedBytes} uncompressed\n`,
        );
      });
      const keys = Object.keys(metadata.keyValueMetadata).filter((key) => key !== 'ARROW:schema');
      if (keys.length > 0) write(`metadata: ${keys.join(', ')}\n`);
    });
}
