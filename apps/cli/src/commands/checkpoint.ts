import { DeltaTable, writeCheckpoint } from '@silt/delta-log';
import type { Command } from 'commander';
import { parseFormat } from '../options.js';
import { formatBytes } from '../output/format-bytes.js';

/** `silt checkpoint <table>`: write a checkpoint of the latest version. */
export function registerCheckpointCommand(program: Command, write: (text: string) => void): void {
  program
    .command('checkpoint')
    .description('write a checkpoint of the latest version of a Delta table')
    .argument('<table>', 'table path')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: { format: 'text' | 'json' }) => {
      const table = await DeltaTable.open(location);
      const written = await writeCheckpoint(table.storage, table.snapshot);
      const summary = {
        table: location,
        version: written.version,
        path: written.path,
        kind: written.kind,
        size: written.size,
        sizeInBytes: written.sizeInBytes,
        numOfAddFiles: written.numOfAddFiles,
        numOfRemoveFiles: written.numOfRemoveFiles,
      };
      if (flags.format === 'json') {
        write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      write(
        `wrote a checkpoint of version ${summary.version} of ${location}: ${summary.size} ${summary.size === 1 ? 'action' : 'actions'} (${summary.numOfAddFiles} add, ${summary.numOfRemoveFiles} remove), ${formatBytes(summary.sizeInBytes)}\n  ${summary.path}\n`,
      );
    });
}
