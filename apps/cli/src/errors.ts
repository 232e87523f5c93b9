import { SiltError } from '@silt/parquet-io';

/** A usage mistake found after commander parsed the arguments: exit code 2. */
export class UsageError extends Error {}

/**
 * A command failed for a reason the user can fix (a missing input file, say): exit code 1 with
 * the message, which says what to do, on one line.
 */
export class CommandFailure extends Error {}

/**
 * Library hints name API options (`mode 'append'`, `{ onMalformed: 'rescue' }`); on the command
 * line the same advice names flags. Each rewrite applies to errors of one code.
 */
const CLI_WORDING: Record<string, [RegExp, string][]> = {
  SILT_TableAlreadyExists: [
    [
      /Use mode 'append' or 'overwrite' to write to it, or 'ignore' to leave it as it is\./,
      'Write to it with `silt write --mode append` (or `--mode overwrite`), use `--mode ignore` to leave it as it is, or choose another path.',
    ],
  ],
  SILT_MalformedRecord: [
    [/read with \{ onMalformed: 'rescue' \}/, 'write with --on-malformed rescue'],
  ],
  SILT_SchemaMismatch: [
    [/Pass schemaMode: 'merge' \(--schema-mode merge\)/, 'Pass --schema-mode merge'],
    [/Use schemaMode 'merge'/, 'Use --schema-mode merge'],
    [/Leave partitionBy out/, 'Leave --partition-by out'],
    [/with schemaMode: 'overwrite'/, 'with --mode overwrite --schema-mode overwrite'],
    [
      /schemaMode 'overwrite' replaces the schema and so needs mode 'overwrite'/,
      '--schema-mode overwrite replaces the schema and so needs --mode overwrite',
    ],
  ],
  SILT_ConstraintViolation: [[/With replaceWhere /, 'With --replace-where ']],
  SILT_InvalidPredicate: [
    [
      /Build predicates with col\(\) and lit\(\) .*$/,
      "Write it as SQL over the table's columns, such as --replace-where \"year = 2024 AND region = 'eu'\".",
    ],
  ],
};

/** Says where for errors whose library message says `here` (the library does not know the path). */
export function withLocation(error: unknown, location: string): unknown {
  if (SiltError.hasCode(error, 'SILT_TableAlreadyExists'))
    error.message = error.message.replace(
      / already exists here /,
      ` already exists at ${location} `,
    );
  return error;
}

/** The one line that `silt` prints for a failed command (without the `error: ` prefix). */
export function errorLine(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (SiltError.isInstance(error)) {
    for (const [pattern, replacement] of CLI_WORDING[error.code] ?? []) {
      message = message.replace(pattern, replacement);
    }
  }
  // One line, whatever the message holds (a quoted record may span lines).
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Whether the CLI knows the error: a Silt error or one of its own, not a bug. */
export function isExpectedError(error: unknown): boolean {
  return SiltError.isInstance(error) || error instanceof CommandFailure;
}
