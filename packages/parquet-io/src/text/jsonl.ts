import type * as arrow from 'apache-arrow';
import { isLosslessNumber } from 'lossless-json';
import type { StructType } from '../types/delta-type.js';
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
import { convertJsonValue, jsonValueText, lookupOf, parseJsonText, ValueError } from './convert.js';

/** Options of {@link readJsonLines} and {@link readJsonLinesBatches}. */
export type JsonLinesReadOptions = TextReadOptions;

const blankLine = /^\s*$/;

/** Turns JSON lines into rows of the schema. */
class JsonLineReader {
  constructor(private readonly assembler: RowAssembler) {}

  accept(text: string, line: number): void {
    if (blankLine.test(text)) return;
    const fields = this.assembler.schema.fields;
    const values: unknown[] = new Array(fields.length).fill(null);
    const problems: Problem[] = [];
    let record: unknown;
    try {
      record = parseJsonText(text);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      problems.push({ reason: error.message, rescued: [[CORRUPT_RECORD_KEY, text]] });
    }
    if (problems.length === 0) {
      if (
        typeof record !== 'object' ||
        record === null ||
        Array.isArray(record) ||
        isLosslessNumber(record)
      ) {
        problems.push({
          reason: 'a JSON line must hold an object',
          rescued: [[CORRUPT_RECORD_KEY, text]],
        });
      } else this.readObject(record as Record<string, unknown>, values, problems);
    }
    this.assembler.append(values, problems, line);
  }

  private readObject(
    record: Record<string, unknown>,
    values: unknown[],
    problems: Problem[],
  ): void {
    const fields = this.assembler.schema.fields;
    const lookup = lookupOf(this.assembler.schema);
    const seen = new Set<number>();
    for (const [key, item] of Object.entries(record)) {
      const index = lookup.find(key);
      if (index === undefined || seen.has(index)) {
        // In rescue mode a null under an unknown key has nothing worth keeping.
        if (item !== null || !this.assembler.rescue) {
          const reason =
            index === undefined
              ? 'the field is not in the schema'
              : `the field ${fields[index]!.name} is given twice`;
          problems.push({ column: key, reason, rescued: [[key, jsonValueText(item)]] });
        }
        continue;
      }
      seen.add(index);
      const f = fields[index]!;
      if (item === null) continue;
      try {
        values[index] = convertJsonValue(item, f.type, '');
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        problems.push({
          column: f.name,
          reason: error.message,
          rescued: [[key, jsonValueText(item)]],
        });
      }
    }
    fields.forEach((f, index) => {
      if (!f.nullable && values[index] === null && !problems.some((p) => p.column === f.name)) {
        const reason = seen.has(index)
          ? 'null in a NOT NULL field'
          : 'the line lacks this NOT NULL field';
        problems.push({ column: f.name, reason, rescued: [[f.name, null]] });
      }
    });
  }
}

/**
 * Reads JSON lines (one JSON object per line) into an Arrow table of a declared schema, exactly:
 * numbers are decoded with lossless-json, so a `long` or a `decimal(38,6)` keeps every digit.
 *
 * Values: booleans; integers as JSON integers (range-checked); floats as numbers or
 * `"NaN"`/`"Infinity"`/`"-Infinity"`; decimals as numbers or strings; strings as strings (any
 * other JSON value becomes its JSON text, as in Spark); binary as base64; dates as
 * `"YYYY-MM-DD"`; timestamps as ISO 8601 strings only (`timestamp`: an offset is applied, none
 * means UTC; `timestamp_ntz`: an offset is an error) — numbers are refused, as their unit would
 * be a guess; structs as objects; arrays as arrays; maps as objects or `[[key, value], …]`.
 * Keys match column names exactly, else case-insensitively; missing keys are null. These forms
 * include those of {@link tableToJsonLines}, so its output reads back to the same table. Blank
 * lines are skipped.
 *
 * A line that does not fit — not JSON, not an object, a value of the wrong type, a null in a NOT
 * NULL column, a key the schema lacks — fails the read in `fail` mode, or in `rescue` mode is
 * kept with its bad fields null and `_rescued_data` set to
 * `{"key": "raw text", …, "_file_path": "…"}` (a string value as it is, any other value as its
 * JSON text; a line that is not a JSON object whole as `_corrupt_record`).
 *
 * @example
 * ```ts
 * import { parseDdl, readJsonLines } from '@silt/parquet-io';
 * const table = readJsonLines('{"id": 9007199254740993, "at": "2024-01-01T00:00:00Z"}\n', parseDdl('id BIGINT, at TIMESTAMP'));
 * ```
 *
 * @throws {MalformedRecord} in `fail` mode for the first line that does not fit, with the file
 * name, the 1-based line and the column.
 * @throws {InvalidSchema} in `rescue` mode when the schema has its own `_rescued_data` column.
 * @throws {TypeError} for an invalid option.
 */
export function readJsonLines(
  input: string | Uint8Array,
  schema: StructType,
  options: JsonLinesReadOptions = {},
): arrow.Table {
  checkTextOptions(options);
  const assembler = new RowAssembler(schema, options);
  const reader = new JsonLineReader(assembler);
  const text = wholeText(input);
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    reader.accept(withoutCarriageReturn(text.slice(start, end)), line);
    start = end + 1;
  }
  return assembler.finishTable();
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Reads JSON lines from a stream of chunks into Arrow record batches of a declared schema,
 * holding at most one batch of rows (plus the line being read) at a time. Chunks may split
 * lines and UTF-8 characters anywhere. Same reading rules, options and errors as
 * {@link readJsonLines}; an input without rows yields no batch.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { parseDdl, readJsonLinesBatches } from '@silt/parquet-io';
 * for await (const batch of readJsonLinesBatches(createReadStream('events.jsonl'), parseDdl('id BIGINT, payload STRING'))) {
 *   console.log(batch.numRows);
 * }
 * ```
 *
 * @throws {MalformedRecord} as {@link readJsonLines}, when the batch holding the line is read.
 * @throws {InvalidSchema} in `rescue` mode when the schema has its own `_rescued_data` column.
 * @throws {TypeError} for an invalid option; errors of the source are passed on.
 */
export async function* readJsonLinesBatches(
  source: TextSource,
  schema: StructType,
  options: JsonLinesReadOptions & BatchReadOptions = {},
): AsyncGenerator<arrow.RecordBatch> {
  checkTextOptions(options);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const assembler = new RowAssembler(schema, options);
  const reader = new JsonLineReader(assembler);
  // The pieces of the line being read; joined once its end arrives, so that a long line that
  // comes in many small chunks costs linear time.
  let pieces: string[] = [];
  let line = 0;
  for await (const chunk of textChunks(source)) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf('\n', start);
      if (end < 0) break;
      pieces.push(chunk.slice(start, end));
      line++;
      reader.accept(withoutCarriageReturn(pieces.join('')), line);
      pieces = [];
      start = end + 1;
      if (assembler.length >= batchSize) yield assembler.finishBatch();
    }
    if (start < chunk.length) pieces.push(chunk.slice(start));
  }
  if (pieces.length > 0) reader.accept(withoutCarriageReturn(pieces.join('')), line + 1);
  if (assembler.length > 0) yield assembler.finishBatch();
}
