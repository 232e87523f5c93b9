import { restore, SiltError, vacuum } from '@silt/delta-log';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import { parseFormat, parseNonNegativeInteger } from '../options.js';
import { formatBytes } from '../output/format-bytes.js';

type Format = 'text' | 'json';

/** `silt vacuum <table>` and `silt restore <table>`: table maintenance. */
export function registerMaintenanceCommands(program: Command, write: (text: string) => void): void {
  program
    .command('vacuum')
    .description(
      'delete files a Delta table no longer references and older than the retention (default: the table’s delta.deletedFileRetentionDuration, 7 days)',
    )
    .argument('<table>', 'table path')
    .option('--retain-hours <hours>', 'keep files younger than this many hours', parseHours)
    .option('--dry-run', 'list the files that would be deleted; delete nothing')
    .option(
      '--no-retention-check',
      'allow a retention shorter than the table’s (only when nothing else uses the table)',
    )
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(
      async (
        location: string,
        flags: { retainHours?: number; dryRun?: boolean; retentionCheck: boolean; format: Format },
      ) => {
        const result = await vacuum(location, {
          ...(flags.retainHours === undefined ? {} : { retentionHours: flags.retainHours }),
          dryRun: flags.dryRun ?? false,
          enforceRetentionDuration: flags.retentionCheck,
        }).catch((error: unknown) => {
          throw cliWording(error);
        });
        const files = result.dryRun ? result.filesToDelete : result.filesDeleted;
        const retentionHours = result.retentionMillis / 3_600_000;
        if (flags.format === 'json') {
          const summary = {
            table: location,
            dryRun: result.dryRun,
            version: result.version,
            retentionHours,
            numFiles: files.length,
            bytes: result.bytes,
            files,
          };
          write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const count = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
        const retention = `${retentionHours} ${retentionHours === 1 ? 'hour' : 'hours'}`;
        const head = result.dryRun
          ? `would delete ${count} (${formatBytes(result.bytes)}) from ${location}, retention ${retention} (dry run: nothing deleted)`
          : `deleted ${count} (${formatBytes(result.bytes)}) from ${location}, retention ${retention}; version ${result.version}`;
        const lines = files.map((file) => `  ${file.path}  ${formatBytes(file.size)}`);
        write(`${[head, ...lines].join('\n')}\n`);
      },
    );

  program
    .command('restore')
    .description('restore a Delta table to an earlier version, as a new version')
    .argument('<table>', 'table path')
    .option('--version <n>', 'the version to restore', parseNonNegativeInteger)
    .option('--timestamp <iso>', 'restore the version as of this time (ISO 8601)')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(
      async (location: string, flags: { version?: number; timestamp?: string; format: Format }) => {
        if ((flags.version === undefined) === (flags.timestamp === undefined)) {
          throw new UsageError('restore needs one of --version N and --timestamp ISO');
        }
        if (flags.timestamp !== undefined && Number.isNaN(Date.parse(flags.timestamp))) {
          throw new UsageError(
            `--timestamp "${flags.timestamp}" is not an ISO 8601 time, such as 2026-11-24T12:00:00Z`,
          );
        }
        const result = await restore(
          location,
          flags.version === undefined
            ? { timestamp: flags.timestamp! }
            : { version: flags.version },
        );
        if (flags.format === 'json') {
          const summary = {
            table: location,
            version: result.version,
            restoredVersion: result.restoredVersion,
            metrics: result.metrics,
          };
          write(`${JSON.stringify(summary, null, 2)}\n`);
          return;
        }
        const m = result.metrics;
        write(
          `restored ${location} to version ${result.restoredVersion} as version ${result.version}: ${m.numRestoredFiles} ${m.numRestoredFiles === 1 ? 'file' : 'files'} restored (${formatBytes(m.restoredFilesSize)}), ${m.numRemovedFiles} removed (${formatBytes(m.removedFilesSize)}); now ${m.numOfFilesAfterRestore} ${m.numOfFilesAfterRestore === 1 ? 'file' : 'files'}, ${formatBytes(m.tableSizeAfterRestore)}\n`,
        );
      },
    );
}

/** A commander parser for a number of hours >= 0 (fractions allowed). */
function parseHours(value: string): number {
  const hours = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(hours))
    throw new InvalidArgumentError('expected a number of hours, such as 168');
  return hours;
}

/** The library's advice, in flags. */
function cliWording(error: unknown): unknown {
  if (SiltError.hasCode(error, 'SILT_RetentionTooShort')) {
    error.message = error.message
      .replace(/Use a retention of at least (\d+) hours/, 'Pass --retain-hours $1 or more')
      .replace(/with enforceRetentionDuration: false/, 'with --no-retention-check');
  }
  if (SiltError.hasCode(error, 'SILT_UnresolvableFilePath')) {
    error.message = error.message.replace(
      /Pass the table's URL as tableUrl \(for example s3:\/\/bucket\/table\)\./,
      'Vacuum it with an engine that knows the table URL.',
    );
  }
  return error;
}
