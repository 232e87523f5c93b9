import { Command, CommanderError } from 'commander';
import { registerChangesCommand } from './commands/changes.js';
import { registerCheckpointCommand } from './commands/checkpoint.js';
import { registerDmlCommands } from './commands/dml-commands.js';
import { registerMaintenanceCommands } from './commands/maintenance-commands.js';
import { registerParquetCommands } from './commands/parquet.js';
import { registerTableCommands } from './commands/table-commands.js';
import { registerWriteCommands } from './commands/write-commands.js';
import { errorLine, isExpectedError, UsageError } from './errors.js';

/** What the CLI reads and writes; injectable so that tests run it in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: only then do long writes show progress. Default false. */
  stderrIsTTY?: boolean;
}

const version = '0.0.0';

/** Builds the `silt` program. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('silt')
    .description('Inspect and change Delta tables from the terminal')
    .version(version, '-V, --version')
    .option('--verbose', 'print stack traces of errors')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run silt --help for usage)');
  registerTableCommands(program, io.stdout, {
    stderr: io.stderr,
    stderrIsTTY: io.stderrIsTTY ?? false,
  });
  registerWriteCommands(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    stderrIsTTY: io.stderrIsTTY ?? false,
  });
  registerDmlCommands(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    stderrIsTTY: io.stderrIsTTY ?? false,
  });
  registerCheckpointCommand(program, io.stdout);
  registerChangesCommand(program, io.stdout);
  registerMaintenanceCommands(program, io.stdout);
  registerParquetCommands(program, io.stdout);
  // Subcommands own their options (`silt cat t --version 3` is the table version, not silt's);
  // --verbose is accepted everywhere.
  program.enablePositionalOptions();
  const addVerbose = (command: Command): void => {
    for (const sub of command.commands) {
      if (sub.commands.length > 0) addVerbose(sub);
      else sub.option('--verbose', 'print stack traces of errors');
    }
  };
  addVerbose(program);
  return program;
}

/**
 * Runs the CLI and resolves to its exit code: 0 on success, 1 when the command failed (one
 * readable line and a hint on stderr; the stack only with --verbose), 2 for usage errors.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successes; the rest are usage errors, already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n(run silt --help for usage)\n`);
      return 2;
    }
    const verbose = argv.includes('--verbose');
    if (isExpectedError(error)) io.stderr(`error: ${errorLine(error)}\n`);
    else
      io.stderr(
        `error: ${errorLine(error)}\n  hint: this looks like a bug in silt; rerun with --verbose and report it\n`,
      );
    if (verbose && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
