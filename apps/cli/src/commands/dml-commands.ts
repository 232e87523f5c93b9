import {
  and,
  DeltaTable,
  type Expression,
  evaluatePredicate,
  InvalidPredicate,
  type MergeBuilder,
  parseExpression,
  referencedColumns,
  resolvePredicate,
} from '@silt/delta-log';
import {
  filterBatch,
  type OnMalformed,
  parseSchema,
  SiltError,
  type StructType,
} from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../errors.js';
import {
  INPUT_FORMATS,
  type InputFormat,
  inputFormatOf,
  openInput,
  withoutMetadata,
} from '../input.js';
import { parseFormat } from '../options.js';
import { createProgress } from '../output/progress.js';

type Write = (text: string) => void;
type Format = 'text' | 'json';

/** Where `silt delete`, `silt update` and `silt merge` print. */
export interface DmlCommandsIo {
  stdout: Write;
  stderr: Write;
  /** Progress is shown on stderr only when it is a terminal. */
  stderrIsTTY: boolean;
}

/** `silt delete | update | merge`: change the rows of a Delta table. */
export function registerDmlCommands(program: Command, io: DmlCommandsIo): void {
  program
    .command('delete')
    .description('delete the rows of a Delta table that match a predicate')
    .argument('<table>', 'table path')
    .option('--where <predicate>', 'the rows to delete, as SQL: "city = \'Oslo\' AND amount < 10"')
    .option('--all', 'delete every row (required when there is no --where)')
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: { where?: string; all?: boolean; format: Format }) => {
      if (flags.where !== undefined && flags.all)
        throw new UsageError('--where and --all cannot be used together');
      if (flags.where === undefined && !flags.all)
        throw new UsageError(
          'delete needs --where PREDICATE to say which rows go; pass --all to delete every row',
        );
      const table = await DeltaTable.open(location);
      const activity = createActivity(io.stderr, {
        enabled: io.stderrIsTTY && flags.format !== 'json',
        label: `deleting from ${location}`,
      });
      const result = await table
        .delete(flags.where)
        .catch((error: unknown) => {
          throw predicateWording(error, WHERE_HINT);
        })
        .finally(() => activity.done());
      const rows = result.metrics.numDeletedRows;
      report(io.stdout, flags.format, {
        table: location,
        readVersion: table.version,
        version: result.version,
        metrics: result.metrics,
        headline: `deleted ${count(rows, 'row')} from ${location}`,
        nothing: 'no rows matched',
      });
    });

  program
    .command('update')
    .description('set columns of the rows of a Delta table that match a predicate')
    .argument('<table>', 'table path')
    .requiredOption(
      '--set <assignments>',
      'comma-separated column=SQL expression pairs, such as "status=\'shipped\',amount=amount*1.1" (repeatable)',
      collectAssignments,
    )
    .option(
      '--where <predicate>',
      'only the rows for which this SQL predicate is true (default: all)',
    )
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(
      async (
        location: string,
        flags: { set: [string, string][]; where?: string; format: Format },
      ) => {
        const set: Record<string, string> = {};
        for (const [column, expression] of flags.set) {
          checkExpression(expression, `value of ${column} in --set`);
          set[column] = expression;
        }
        const table = await DeltaTable.open(location);
        const activity = createActivity(io.stderr, {
          enabled: io.stderrIsTTY && flags.format !== 'json',
          label: `updating ${location}`,
        });
        const result = await table
          .update({ set, ...(flags.where === undefined ? {} : { where: flags.where }) })
          .catch((error: unknown) => {
            throw predicateWording(error, SET_HINT);
          })
          .finally(() => activity.done());
        report(io.stdout, flags.format, {
          table: location,
          readVersion: table.version,
          version: result.version,
          metrics: result.metrics,
          headline: `updated ${count(result.metrics.numUpdatedRows, 'row')} of ${location}`,
          nothing: 'no rows matched',
        });
      },
    );

  // The clause flags in the order they were given: clauses of one kind apply in that order.
  let clauses: MergeClause[] = [];
  const merge = program
    .command('merge')
    .description('merge a Parquet, CSV or JSON-lines file into a Delta table (MERGE INTO)')
    .argument('<table>', 'table path (give it before the clause flags)')
    .requiredOption('--source <file>', 'the source rows: a .parquet, .csv or .jsonl (.ndjson) file')
    .requiredOption(
      '--on <predicate>',
      'how source rows match target rows, as SQL over both: "target.id = source.id"',
    )
    .option('--source-alias <name>', 'how --on and conditions name the source', 'source')
    .option('--target-alias <name>', 'how --on and conditions name the table', 'target')
    .option(
      '--when-matched-update-all [condition]',
      'update matched rows with every source column (only where the condition holds)',
    )
    .option(
      '--when-matched-delete [condition]',
      'delete matched rows (only where the condition holds)',
    )
    .option(
      '--when-not-matched-insert-all [condition]',
      'insert source rows that match nothing (only where the condition holds)',
    )
    .option(
      '--when-not-matched-by-source-delete [condition]',
      'delete table rows that no source row matches (only where the condition holds)',
    )
    .option('--schema-evolution', 'add source columns the table lacks (with the …-all clauses)')
    .option(
      '--input-format <format>',
      'parquet | csv | jsonl (default: from the file extension)',
      parseFormat(INPUT_FORMATS),
    )
    .option(
      '--schema <schema>',
      "CSV and JSON lines: the source columns, as DDL or Delta schema JSON (default: the table's schema)",
    )
    .option('--no-header', 'CSV: the first line is data, not column names')
    .option(
      '--on-malformed <policy>',
      'CSV and JSON lines: fail at a record that does not fit the schema, or rescue it into _rescued_data',
      parseFormat(['fail', 'rescue']),
      'fail',
    )
    .option('--format <format>', 'text | json', parseFormat(['text', 'json']), 'text')
    .action(async (location: string, flags: MergeFlags) => {
      const given = clauses;
      clauses = [];
      checkClauses(given);
      if (flags.sourceAlias.toLowerCase() === flags.targetAlias.toLowerCase())
        throw new UsageError('--source-alias and --target-alias must differ');
      const format = inputFormatOf(flags.source, flags.inputFormat);
      if (format === 'parquet' && flags.schema !== undefined)
        throw new UsageError(
          '--schema applies to CSV and JSON-lines input; a Parquet file carries its own schema',
        );
      const table = await DeltaTable.open(location);
      let schema: StructType | undefined;
      if (format !== 'parquet')
        schema =
          flags.schema !== undefined ? parseSchema(flags.schema) : withoutMetadata(table.schema);
      const input = await openInput(flags.source, {
        format,
        ...(schema ? { schema } : {}),
        header: flags.header,
        onMalformed: flags.onMalformed,
      });
      const progress = createProgress(io.stderr, {
        enabled: io.stderrIsTTY && flags.format !== 'json',
        label: `merging ${flags.source} into ${location}`,
      });
      async function* withProgress(): AsyncGenerator<arrow.RecordBatch> {
        for await (const batch of input.batches) {
          yield batch;
          progress.update(input.progress());
        }
      }
      let builder: MergeBuilder = table.merge(withProgress(), flags.on, {
        sourceAlias: flags.sourceAlias,
        targetAlias: flags.targetAlias,
        schemaEvolution: flags.schemaEvolution ?? false,
      });
      for (const clause of given) builder = addClause(builder, clause);
      const result = await builder
        .execute()
        .catch((error: unknown) => {
          throw predicateWording(error, mergeHint(flags));
        })
        .finally(() => progress.done());
      const m = result.metrics;
      report(io.stdout, flags.format, {
        table: location,
        readVersion: table.version,
        version: result.version,
        metrics: m,
        headline: `merged ${count(m.numSourceRows, 'source row')} into ${location}: ${m.numTargetRowsInserted} inserted, ${m.numTargetRowsUpdated} updated, ${m.numTargetRowsDeleted} deleted`,
        nothing: `nothing changed (${count(m.numSourceRows, 'source row')})`,
      });
    });
  for (const kind of CLAUSE_KINDS) {
    merge.on(`option:${kind}`, (value: string | null | undefined) => {
      clauses.push({ kind, ...(typeof value === 'string' ? { condition: value } : {}) });
    });
  }
}

interface MergeFlags {
  source: string;
  on: string;
  sourceAlias: string;
  targetAlias: string;
  schemaEvolution?: boolean;
  inputFormat?: InputFormat;
  schema?: string;
  header: boolean;
  onMalformed: OnMalformed;
  format: Format;
}

const CLAUSE_KINDS = [
  'when-matched-update-all',
  'when-matched-delete',
  'when-not-matched-insert-all',
  'when-not-matched-by-source-delete',
] as const;

type ClauseKind = (typeof CLAUSE_KINDS)[number];

/** A merge clause flag: which, and its condition, if one was given. */
export interface MergeClause {
  kind: ClauseKind;
  condition?: string;
}

/** Which WHEN a clause flag belongs to: `matched`, `not-matched` or `not-matched-by-source`. */
function whenOf(kind: ClauseKind): string {
  return kind.replace(/^when-/, '').replace(/-(update-all|delete|insert-all)$/, '');
}

/**
 * At least one clause; of each WHEN, only the last may go without a condition (Spark's rule: a
 * clause without one takes every row, so a later one would never apply).
 */
export function checkClauses(clauses: readonly MergeClause[]): void {
  if (clauses.length === 0)
    throw new UsageError(
      `merge needs at least one clause: ${CLAUSE_KINDS.map((kind) => `--${kind}`).join(', ')}`,
    );
  clauses.forEach((clause, index) => {
    if (clause.condition !== undefined) return;
    const later = clauses.slice(index + 1).find((c) => whenOf(c.kind) === whenOf(clause.kind));
    if (later)
      throw new UsageError(
        `--${clause.kind} has no condition, so --${later.kind} after it would never apply; give --${clause.kind} a condition or put it last`,
      );
  });
}

function addClause(builder: MergeBuilder, clause: MergeClause): MergeBuilder {
  const condition = clause.condition;
  switch (clause.kind) {
    case 'when-matched-update-all':
      return builder.whenMatchedUpdateAll(condition);
    case 'when-matched-delete':
      return builder.whenMatchedDelete(condition);
    case 'when-not-matched-insert-all':
      return builder.whenNotMatchedInsertAll(condition);
    case 'when-not-matched-by-source-delete':
      return builder.whenNotMatchedBySourceDelete(condition);
  }
}

// --- Predicates --------------------------------------------------------------------------------

const WHERE_HINT =
  "Write it as SQL over the table's columns, such as --where \"city = 'Oslo' AND amount > 10\".";
const SET_HINT =
  'Write --set values and --where as SQL over the table\'s columns, such as --set "amount = amount * 1.1" --where "city = \'Oslo\'".';

function mergeHint(flags: MergeFlags): string {
  return `Write --on and clause conditions as SQL over both tables, naming columns ${flags.targetAlias}.column and ${flags.sourceAlias}.column, such as --on "${flags.targetAlias}.id = ${flags.sourceAlias}.id".`;
}

/** An InvalidPredicate's library advice (build it with col() and lit()) as advice on flags. */
function predicateWording(error: unknown, hint: string): unknown {
  if (SiltError.hasCode(error, InvalidPredicate.code))
    error.message = error.message.replace(/Build predicates with col\(\) and lit\(\) .*$/s, hint);
  return error;
}

/** Parses `text` to find syntax errors early, saying which flag holds them. */
function checkExpression(text: string, where: string): void {
  try {
    parseExpression(text);
  } catch (error) {
    if (SiltError.hasCode(error, InvalidPredicate.code))
      error.message = error.message.replace(/^Invalid predicate: /, `Invalid ${where}: `);
    throw error;
  }
}

/**
 * The predicate of `--where`, parsed and resolved against the table schema: columns found
 * (case-insensitively, as Spark does), implicit casts made explicit.
 *
 * @throws {InvalidPredicate} for text that does not parse, an unknown column or a type error.
 */
export function wherePredicate(text: string, schema: StructType): Expression {
  try {
    return resolvePredicate(parseExpression(text), schema);
  } catch (error) {
    throw predicateWording(error, WHERE_HINT);
  }
}

/** What a filtered read yields: batches of the selected columns. */
export interface FilteredScan extends AsyncIterable<arrow.RecordBatch> {
  readonly arrowSchema: arrow.Schema;
}

/**
 * A scan of `table` (the `columns`, or all) keeping the rows for which `where` is true. The
 * predicate goes to the scan, which skips files by partition values and statistics and filters
 * the rest. The scan takes comparisons of columns and values only; a conjunct it refuses (one
 * comparing `lower(city)` or `id + 1`, say) is evaluated here instead, over batches that hold
 * the columns it reads, while the others still skip files.
 */
export function filteredScan(
  table: DeltaTable,
  columns: readonly string[] | undefined,
  where: string | undefined,
): FilteredScan {
  const selected = columns ? { columns } : {};
  if (where === undefined) return table.scan(selected);
  const predicate = wherePredicate(where, table.schema);
  try {
    return table.scan({ ...selected, filter: predicate });
  } catch (error) {
    if (!SiltError.hasCode(error, InvalidPredicate.code)) throw error;
  }
  const conjuncts = predicate.kind === 'and' ? predicate.operands : [predicate];
  const pushed: Expression[] = [];
  const residual: Expression[] = [];
  for (const conjunct of conjuncts) {
    try {
      table.scan({ filter: conjunct });
      pushed.push(conjunct);
    } catch (error) {
      if (!SiltError.hasCode(error, InvalidPredicate.code)) throw error;
      residual.push(conjunct);
    }
  }
  const output = table.scan(selected).arrowSchema;
  const names = output.fields.map((field) => field.name);
  const read = [...names];
  for (const path of residual.flatMap((conjunct) => referencedColumns(conjunct)))
    if (!read.includes(path[0]!)) read.push(path[0]!);
  const scan = table.scan({
    columns: read,
    ...(pushed.length === 0 ? {} : { filter: pushed.length === 1 ? pushed[0]! : and(...pushed) }),
  });
  const rest: Expression =
    residual.length === 1 ? residual[0]! : { kind: 'and', operands: residual };
  return {
    arrowSchema: output,
    async *[Symbol.asyncIterator]() {
      for await (const batch of scan) {
        const kept = filterBatch(batch, evaluatePredicate(rest, batch));
        if (kept.numRows > 0) yield read.length === names.length ? kept : kept.select(names);
      }
    },
  };
}

// --- --set --------------------------------------------------------------------------------------

/**
 * Splits `text` at the commas that are outside quotes ('…', "…", `…`) and parentheses:
 * `name='a,b',v=coalesce(v, 0)` is two parts.
 */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) {
        // A doubled quote is the quote itself ('it''s').
        if (text[i + 1] === quote) i++;
        else quote = undefined;
      }
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Splits one `column=expression` at its first `=` outside quotes and parentheses that is not
 * part of `==`, `<=`, `>=`, `!=` or `<=>`. A column in backquotes (`` `my col`=1 ``) is
 * unquoted.
 *
 * @throws {InvalidArgumentError} when there is no such `=`, or the column or value is empty.
 */
export function parseAssignment(text: string): [column: string, expression: string] {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote !== '`') i++;
      else if (c === quote) {
        if (text[i + 1] === quote) i++;
        else quote = undefined;
      }
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0) {
      const before = text[i - 1];
      const after = text[i + 1];
      if (after === '=' || after === '>') {
        i++; // `==`, `=>`: not an assignment
        continue;
      }
      if (before === '<' || before === '>' || before === '!' || before === '=') continue;
      const column = unquoteColumn(text.slice(0, i).trim());
      const expression = text.slice(i + 1).trim();
      if (column === '' || expression === '') break;
      return [column, expression];
    }
  }
  throw new InvalidArgumentError(
    `expected column=expression, such as "amount=amount*1.1", not "${text.trim()}"`,
  );
}

function unquoteColumn(name: string): string {
  return /^`.*`$/s.test(name) ? name.slice(1, -1).replace(/``/g, '`') : name;
}

/** A commander parser for repeatable `--set "a=1,b=c+1"`: collects the pairs, in order. */
export function collectAssignments(
  value: string,
  previous: [string, string][] | undefined,
): [string, string][] {
  const pairs = [...(previous ?? [])];
  for (const part of splitTopLevel(value)) {
    if (part.trim() === '')
      throw new InvalidArgumentError(
        'expected comma-separated column=expression pairs, such as "status=\'shipped\',amount=0"',
      );
    const [column, expression] = parseAssignment(part);
    if (pairs.some(([c]) => c.toLowerCase() === column.toLowerCase()))
      throw new InvalidArgumentError(`the column ${column} is set twice`);
    pairs.push([column, expression]);
  }
  return pairs;
}

// --- Output -------------------------------------------------------------------------------------

interface Outcome {
  table: string;
  /** The version the command read. */
  readVersion: number;
  /** The version it committed (the read version when it committed nothing). */
  version: number;
  metrics: object;
  headline: string;
  /** Why nothing was committed. */
  nothing: string;
}

/** Prints the result: a headline and Spark's metrics, or JSON. */
function report(write: Write, format: Format, outcome: Outcome): void {
  const committed = outcome.version !== outcome.readVersion;
  if (format === 'json') {
    const json = {
      table: outcome.table,
      version: outcome.version,
      committed,
      metrics: outcome.metrics,
    };
    write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const entries = Object.entries(outcome.metrics);
  const width = Math.max(...entries.map(([name]) => name.length));
  const head = committed
    ? `${outcome.headline} (version ${outcome.version})`
    : `${outcome.nothing}: nothing committed; ${outcome.table} stays at version ${outcome.version}`;
  write(
    `${[head, ...entries.map(([name, value]) => `  ${name.padEnd(width)}  ${String(value)}`)].join('\n')}\n`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// --- Activity -----------------------------------------------------------------------------------

/** Options of {@link createActivity}. */
export interface ActivityOptions {
  /** Shown only on a terminal. */
  enabled: boolean;
  /** What is being done, such as `deleting from ./lake/orders`. */
  label: string;
  /** Nothing is shown before this many milliseconds. Default 1000. */
  delayMs?: number;
  /** Milliseconds between redraws. Default 500. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * A status line on stderr for work that reports no progress of its own (a DELETE, an UPDATE):
 * `deleting from ./lake/orders… 3s`, redrawn in place; {@link done} erases it.
 */
export function createActivity(write: Write, options: ActivityOptions): { done(): void } {
  if (!options.enabled) return { done: () => {} };
  const now = options.now ?? Date.now;
  const start = now();
  let shown = false;
  const draw = () => {
    shown = true;
    write(`\r${options.label}… ${Math.floor((now() - start) / 1000)}s\x1b[K`);
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const delay = setTimeout(() => {
    draw();
    interval = setInterval(draw, options.intervalMs ?? 500);
    interval.unref?.();
  }, options.delayMs ?? 1000);
  delay.unref?.();
  return {
    done() {
      clearTimeout(delay);
      if (interval) clearInterval(interval);
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
