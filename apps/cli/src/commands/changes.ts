import { DeltaTable } from '@silt/delta-log';
import type { Command } from 'commander';
import { parseFormat, parseNonNegativeInteger } from '../options.js';
import { type RowFormat, writeRows } from '../output/format-rows.js';

type Write = (text: string) => void;

/**
 * `silt changes`: the change data feed of a Delta table between two versions, as Spark's
 * `readChangeFeed` gives it: the table's columns plus `_change_type`, `_commit_version` and
 * `_commit_timestamp`. The table needs `delta.enableChangeDataFeed` over the whole range.
 */
export function registerChangesCommand(program: Command, write: Write): void {
  program
    .command('changes')
    .description(
      'print the change data feed of a Delta table: the rows each commit inserted, deleted or updated',
    )
    .argument('<table>', 'table path')
    .requiredOption('--from <n>', 'first version to read the changes of', parseNonNegativeInteger)
    .option('--to <n>', 'last version (default: the latest)', parseNonNegativeInteger)
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
        flags: { from: number; to?: number; limit?: number; format: RowFormat },
      ) => {
        const table = await DeltaTable.open(location);
        const changes = table.changes({
          startingVersion: flags.from,
          ...(flags.to === undefined ? {} : { endingVersion: flags.to }),
        });
        let remaining = flags.limit ?? Number.POSITIVE_INFINITY;
        const batches = [];
        for await (const batch of changes) {
          if (remaining <= 0) break;
          const kept = batch.numRows > remaining ? batch.slice(0, remaining) : batch;
          remaining -= kept.numRows;
          batches.push(kept);
        }
        const { Table: ArrowTable } = await import('apache-arrow');
        writeRows(
          batches.length > 0 ? new ArrowTable(batches) : new ArrowTable(changes.arrowSchema),
          flags.format,
          write,
        );
      },
    );
}
