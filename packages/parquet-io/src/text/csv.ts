import type * as arrow from 'apache-arrow';
import {
  type Options as CsvParseOptions,
  type Parser as CsvParser,
  parse as createCsvParser,
} from 'csv-parse';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { type StructType, typeToDdl } from '../types/delta-type.js';
import {
  type BatchReadOptions,
  CORRUPT_RECORD_KEY,
  checkTextOptions,
  DEFAULT_BATCH_SIZE,
  type Problem,
  RowAssembler,
  type TextReadOptions,
  type TextSource,
  textChunks,
  wholeText,
} from './common.js';
import { lookupOf, parseTextValue, quoteForMessage, ValueError } from './convert.js';

/** Options of {@link readCsv} and {@link readCsvBatches}. */
export interface CsvReadOptions extends TextReadOptions {
  /**
   * Whether the first record names the columns (default true). Header names map to the schema's
   * columns by name, case-insensitively, in any order; declared columns the file lacks are null.
   * Without a header, fields map to the schema's columns by position.
   */
  header?: boolean;
  /** The field separator; `,` by default. */
  delimiter?: string;
  /** The quote character; `"` by default; `''` reads quotes as ordinary characters. */
  quote?: string;
  /**
   * The escape character inside quoted fields; the quote itself by default (`""` is a quote).
   * Another character, such as `\\`, escapes whatever character follows it.
   */
  escape?: string;
  /**
   * Text that stands for null, quoted or not (Spark's `nullValue`). Whatever it is, an empty
   * unquoted field is null, and a quoted empty field (`""`) is an empty string or binary (null for
   * other types).
   */
  nullValue?: string;
  /** Reads a quote inside an unquoted field (`5'11"`) as an ordinary character instead of failing. */
  relaxQuotes?: boolean;
}

/** What csv-parse produces per record with `raw: true`. */
interface RawRecord {
  record: string[];
  raw: string;
}

/** The characters that shape CSV text, as csv-parse is given them. */
interface CsvSyntax {
  delimiter: string;
  /** Empty when quoting is off. */
  quote: string;
  escape: string;
}

function syntaxOf(options: CsvReadOptions): CsvSyntax {
  const quote = options.quote ?? '"';
  return {
    delimiter: options.delimiter ?? ',',
    quote,
    escape: options.escape ?? (quote === '' ? '"' : quote),
  };
}

/**
 * Whether each of the first `count` fields of a record was quoted, found by walking the record's
 * raw text along the fields csv-parse read from it (an unquoted field's raw text is its value; a
 * quoted one runs to its closing quote, past escaped characters as csv-parse reads them);
 * undefined when the two do not line up.
 *
 * csv-parse tells whether a field was quoted only through its `cast` hook, which builds a context
 * object per field and makes reading ten times slower; and it matters only for empty fields.
 */
function quotedFields(
  raw: string,
  values: string[],
  count: number,
  syntax: CsvSyntax,
): boolean[] | undefined {
  const { delimiter, quote, escape: escapeChar } = syntax;
  const flags: boolean[] = [];
  let at = /^[\r\n]*/.exec(raw)![0].length;
  for (let k = 0; k < count; k++) {
    if (k > 0) {
      // csv-parse's raw text keeps only the first character of a delimiter of several, as it
      // does of a \r\n; were that to change, the walk would not line up, and csv-parse decides.
      if (raw[at] !== delimiter[0]) return undefined;
      at++;
    }
    if (quote === '' || raw[at] !== quote) {
      const value = values[k]!;
      if (!raw.startsWith(value, at)) return undefined;
      flags.push(false);
      at += value.length;
      continue;
    }
    flags.push(true);
    at++;
    for (;;) {
      if (at >= raw.length) return undefined;
      // As csv-parse: an escape distinct from the quote escapes any character; a quote used as
      // its own escape escapes only a quote.
      if (
        raw[at] === escapeChar &&
        at + 1 < raw.length &&
        (escapeChar !== quote || raw[at + 1] === quote)
      ) {
        at += 2;
      } else if (raw[at] === quote) {
        at++;
        break;
      } else at++;
    }
  }
  return flags;
}

type Slot = { kind: 'field'; index: number; name: string } | { kind: 'extra'; name: string };

/** csv-parse errors that mean the text cannot be split into records and fields. */
const tokenizingErrors = new Set([
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_QUOTE_NOT_CLOSED',
  'INVALID_OPENING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
  'CSV_MAX_RECORD_SIZE',
]);

/**
 * The line breaks in csv-parse's raw text of a record: those of the blank lines before it, and
 * those inside it and at its end. csv-parse's raw text keeps only the first character of a
 * two-character record delimiter, so a `\r\n` ends the raw text as a lone `\r`; elsewhere a lone
 * `\r` is an ordinary character, as it does not end records.
 */
function lineBreaksOf(raw: string): { leading: number; total: number } {
  // Each blank line leaves one character: `\n`, or `\r` for a `\r\n`.
  let leading = 0;
  while (leading < raw.length && (raw[leading] === '\n' || raw[leading] === '\r')) leading++;
  let inside = raw.endsWith('\r') && raw.length > leading ? 1 : 0;
  for (let at = raw.indexOf('\n', leading); at >= 0; at = raw.indexOf('\n', at + 1)) inside++;
  return { leading, total: leading + inside };
}

/**
 * Turns csv-parse records into rows of the schema.
 *
 * Line numbers are counted here from each record's raw text, not taken from csv-parse's `info`,
 * whose count goes wrong on a CRLF inside a quoted field.
 */
class CsvRecordReader {
  private linesBefore = 0;
  private slots: Slot[] | undefined;
  private readonly nullValue: string;
  private readonly syntax: CsvSyntax;

  constructor(
    private readonly assembler: RowAssembler,
    private readonly options: CsvReadOptions,
  ) {
    this.nullValue = options.nullValue ?? '';
    this.syntax = syntaxOf(options);
    if (options.header === false) {
      this.slots = assembler.schema.fields.map((f, index) => ({
        kind: 'field',
        index,
        name: f.name,
      }));
    }
  }

  accept({ record, raw }: RawRecord): void {
    const { leading, total } = lineBreaksOf(raw);
    const line = this.linesBefore + leading + 1;
    this.linesBefore += total;
    if (this.slots === undefined) this.readHeader(record, line);
    else this.readRow(record, raw, line);
  }

  /** The error for a failure of csv-parse, or the failure itself when it is not about the text. */
  translate(error: unknown): unknown {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code !== 'string' || !tokenizingErrors.has(code)) return error;
    // The record that failed starts after the last one read; an unclosed quote is only noticed
    // at the end of the input, which says nothing about where it opened.
    const reported = (error as { lines?: unknown }).lines;
    const line =
      code !== 'CSV_QUOTE_NOT_CLOSED' && typeof reported === 'number'
        ? Math.max(reported, this.linesBefore + 1)
        : this.linesBefore + 1;
    const reason =
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is not closed before the end of the input'
        : `the text cannot be split into fields (${(error as Error).message})`;
    return this.assembler.malformed({ reason, rescued: [] }, line);
  }

  private readHeader(cells: string[], line: number): void {
    const schema = this.assembler.schema;
    const lookup = lookupOf(schema);
    const taken = new Set<number>();
    this.slots = cells.map((name, position): Slot => {
      const index = lookup.find(name);
      if (index !== undefined && !taken.has(index)) {
        taken.add(index);
        return { kind: 'field', index, name };
      }
      if (!this.assembler.rescue) {
        const reason =
          index === undefined
            ? `the file has a column ${quoteForMessage(name)} that the schema does not declare`
            : `the header names the column ${quoteForMessage(name)} twice`;
        throw this.assembler.malformed({ column: name, reason, rescued: [] }, line);
      }
      return { kind: 'extra', name: name === '' ? `_c${position}` : name };
    });
    if (!this.assembler.rescue) {
      schema.fields.forEach((f, index) => {
        if (!f.nullable && !taken.has(index)) {
          throw this.assembler.malformed(
            { column: f.name, reason: 'the header lacks this NOT NULL column', rescued: [] },
            line,
          );
        }
      });
    }
  }

  /**
   * Whether the fields of a record were quoted, as far as `count`; when the raw text does not
   * line up with the fields, csv-parse reads the record again with its (slow) `cast` hook.
   */
  private quoted(raw: string, cells: string[], count: number): boolean[] {
    const fast = quotedFields(raw, cells, count, this.syntax);
    if (fast) return fast;
    const text = raw.replace(/^[\r\n]+/, '');
    try {
      const [again] = parseCsvSync(text, {
        ...parserOptions(this.options),
        raw: false,
        cast: (_, context) => context.quoting,
      }) as unknown as boolean[][];
      if (again) return again;
    } catch {
      // Left as unquoted: csv-parse read the record once already.
    }
    return [];
  }

  private readRow(cells: string[], raw: string, line: number): void {
    const slots = this.slots!;
    const fields = this.assembler.schema.fields;
    const values: unknown[] = new Array(fields.length).fill(null);
    const problems: Problem[] = [];
    if (cells.length !== slots.length) {
      const rescued: Problem['rescued'] =
        cells.length > slots.length
          ? cells.slice(slots.length).map((value, k) => [`_c${slots.length + k}`, value])
          : [[CORRUPT_RECORD_KEY, raw.replace(/^[\r\n]+/, '').replace(/(?:\r\n|\r|\n)$/, '')]];
      const expected = this.options.header === false ? 'the schema has' : 'the header has';
      problems.push({
        reason: `the record has ${cells.length} fields where ${expected} ${slots.length}`,
        rescued,
      });
    }
    const count = Math.min(cells.length, slots.length);
    let quoted: boolean[] | undefined;
    for (let position = 0; position < count; position++) {
      const value = cells[position]!;
      const slot = slots[position]!;
      const type = slot.kind === 'field' ? fields[slot.index]!.type : undefined;
      // Spark's reading of empty fields: unquoted empty is null; quoted empty is an empty
      // string or binary, and null for other types.
      let isNull: boolean;
      if (value === '') {
        if (type === 'string' || type === 'binary') {
          quoted ??= this.quoted(raw, cells, count);
          isNull = quoted[position] !== true;
        } else isNull = true;
      } else isNull = this.nullValue !== '' && value === this.nullValue;
      if (slot.kind === 'extra') {
        if (!isNull && value !== '') {
          problems.push({
            column: slot.name,
            reason: 'the column is not in the schema',
            rescued: [[slot.name, value]],
          });
        }
        continue;
      }
      const f = fields[slot.index]!;
      if (isNull) {
        if (!f.nullable) {
          problems.push({
            column: f.name,
            reason: 'null in a NOT NULL column',
            rescued: [[slot.name, value]],
          });
        }
        continue;
      }
      try {
        values[slot.index] = parseTextValue(value, f.type);
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        problems.push({
          column: f.name,
          reason: `cannot read ${quoteForMessage(value)} as ${typeToDdl(f.type)}: ${error.message}`,
          rescued: [[slot.name, value]],
        });
      }
    }
    this.assembler.append(values, problems, line);
  }
}

function checkCsvOptions(options: CsvReadOptions & BatchReadOptions): void {
  checkTextOptions(options);
  const { delimiter, quote, escape: escapeChar } = options;
  if (delimiter !== undefined && (typeof delimiter !== 'string' || delimiter.length === 0)) {
    throw new TypeError(`delimiter must be a non-empty string, got ${JSON.stringify(delimiter)}`);
  }
  // csv-parse takes one character for these.
  if (quote !== undefined && (typeof quote !== 'string' || quote.length > 1)) {
    throw new TypeError(`quote must be one character or '', got ${JSON.stringify(quote)}`);
  }
  if (escapeChar !== undefined && (typeof escapeChar !== 'string' || escapeChar.length !== 1)) {
    throw new TypeError(`escape must be one character, got ${JSON.stringify(escapeChar)}`);
  }
  if (options.nullValue !== undefined && typeof options.nullValue !== 'string') {
    throw new TypeError(`nullValue must be a string, got ${JSON.stringify(options.nullValue)}`);
  }
}

function parserOptions(options: CsvReadOptions): CsvParseOptions {
  const syntax = syntaxOf(options);
  return {
    delimiter: syntax.delimiter,
    quote: syntax.quote === '' ? false : syntax.quote,
    escape: syntax.escape,
    relax_quotes: options.relaxQuotes ?? false,
    // Both, rather than csv-parse's guess from the first line break, for files that mix them
    // (concatenated files); a lone \r is not one, as it turns up inside unquoted fields.
    record_delimiter: ['\r\n', '\n'],
    // Field counts are checked against the header here, so that rescue mode can keep the row.
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    raw: true,
  };
}

/**
 * Reads CSV text into an Arrow table of a declared schema, exactly (64-bit integers through
 * BigInt, decimals without floats), with csv-parse splitting the text.
 *
 * Fields are read by their Delta type: integers (range-checked), floats (also `NaN`, `Inf`,
 * `Infinity`, `-Inf`, `-Infinity`, any case), booleans (`true`/`false`, any case), decimals
 * exactly (extra non-zero digits after the scale are an error, not rounded), dates
 * `YYYY-MM-DD`, timestamps ISO 8601 (`timestamp`: an offset is applied, none means UTC;
 * `timestamp_ntz`: an offset is an error), strings as they are, binary as the UTF-8 bytes of the
 * text (as Spark does), and structs, arrays and maps as the JSON text of the value (see the JSON
 * lines reader for the forms). Whitespace around non-string values is ignored.
 *
 * Empty fields follow Spark: an unquoted empty field is null; a quoted empty field is an empty
 * string (null for non-string types). Blank lines are skipped.
 *
 * A record that does not fit — a field that does not parse, a null in a NOT NULL column, a
 * wrong number of fields, a column the schema lacks — fails the read in `fail` mode, or in
 * `rescue` mode is kept with its bad fields null and `_rescued_data` set to
 * `{"column": "raw text", …, "_file_path": "…"}` (extra fields of a long record as `_c<index>`,
 * a short record whole as `_corrupt_record`). Text that cannot be split into fields at all (a
 * quote that is never closed, text after a closing quote) fails in both modes: where the next
 * record begins is then a guess.
 *
 * @example
 * ```ts
 * import { parseDdl, readCsv } from '@silt/parquet-io';
 * const table = readCsv('id,price\n1,12.50\n', parseDdl('id BIGINT, price DECIMAL(10,2)'), { fileName: 'prices.csv' });
 * table.numRows; // 1
 * ```
 *
 * @throws {MalformedRecord} in `fail` mode for the first record that does not fit, with the file
 * name, the 1-based line where the record starts and the column; in both modes for text that
 * cannot be split into fields.
 * @throws {InvalidSchema} in `rescue` mode when the schema has its own `_rescued_data` column.
 * @throws {TypeError} for an invalid option.
 */
export function readCsv(
  input: string | Uint8Array,
  schema: StructType,
  options: CsvReadOptions = {},
): arrow.Table {
  checkCsvOptions(options);
  const assembler = new RowAssembler(schema, options);
  const reader = new CsvRecordReader(assembler, options);
  const text = wholeText(input);
  // csv-parse's on_record hook would spare the array of records, but it builds an info object
  // per record, which costs more than the array.
  let records: RawRecord[];
  try {
    records = parseCsvSync(text, parserOptions(options)) as unknown as RawRecord[];
  } catch (error) {
    // Rare, so read again record by record: the records before the failure are then checked
    // (an error of theirs comes first, as it is first in the file) and counted for its line.
    try {
      parseCsvSync(text, {
        ...parserOptions(options),
        on_record: (record) => {
          reader.accept(record as unknown as RawRecord);
          return null;
        },
      });
    } catch (again) {
      throw reader.translate(again);
    }
    throw reader.translate(error);
  }
  for (const record of records) reader.accept(record);
  return assembler.finishTable();
}

/** Resolves when the parser has taken `chunk` (or has failed, which its `error` listener records). */
function written(parser: CsvParser, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    parser.write(chunk, () => resolve());
  });
}

/** Resolves when the parser has read the end of the input (or has failed). */
function ended(parser: CsvParser): Promise<void> {
  return new Promise((resolve) => {
    parser.once('finish', resolve);
    parser.once('close', resolve);
    parser.end();
  });
}

/**
 * Reads CSV from a stream of chunks into Arrow record batches of a declared schema, holding at
 * most one batch of rows (plus csv-parse's small buffers) at a time. Chunks may split records,
 * fields and UTF-8 characters anywhere. Same reading rules, options and errors as
 * {@link readCsv}; an input without rows yields no batch.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { parseDdl, readCsvBatches } from '@silt/parquet-io';
 * for await (const batch of readCsvBatches(createReadStream('big.csv'), parseDdl('id BIGINT, name STRING'), { batchSize: 65536 })) {
 *   console.log(batch.numRows);
 * }
 * ```
 *
 * @throws {MalformedRecord} as {@link readCsv}, when the batch holding the record is read.
 * @throws {InvalidSchema} in `rescue` mode when the schema has its own `_rescued_data` column.
 * @throws {TypeError} for an invalid option; errors of the source are passed on.
 */
export async function* readCsvBatches(
  source: TextSource,
  schema: StructType,
  options: CsvReadOptions & BatchReadOptions = {},
): AsyncGenerator<arrow.RecordBatch> {
  checkCsvOptions(options);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const assembler = new RowAssembler(schema, options);
  const reader = new CsvRecordReader(assembler, options);
  // Records are taken from the on_record hook, which csv-parse calls synchronously while it
  // parses a chunk, rather than from the readable side: an error then destroys the stream and
  // drops the records buffered before it, so lines would be miscounted. Writing one chunk at a
  // time and taking its records before the next bounds what is held to one chunk's records.
  const queue: RawRecord[] = [];
  let failure: unknown;
  const parser = createCsvParser({
    ...parserOptions(options),
    on_record: (record) => {
      queue.push(record as unknown as RawRecord);
      return null;
    },
  });
  parser.on('error', (error) => {
    failure ??= error;
  });
  function* takeRecords(): Generator<arrow.RecordBatch> {
    for (const record of queue.splice(0)) {
      reader.accept(record);
      if (assembler.length >= batchSize) yield assembler.finishBatch();
    }
  }
  try {
    for await (const chunk of textChunks(source)) {
      const parsed = written(parser, chunk);
      // Records parsed before a failure are read first, so that the line count is right.
      yield* takeRecords();
      await parsed;
      yield* takeRecords();
      if (failure !== undefined) throw failure;
    }
    const finished = ended(parser);
    yield* takeRecords();
    await finished;
    yield* takeRecords();
    if (failure !== undefined) throw failure;
  } catch (error) {
    throw reader.translate(error);
  } finally {
    parser.destroy();
  }
  if (assembler.length > 0) yield assembler.finishBatch();
}
