import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { exactVectorValue, tableToJsonLines } from '../arrow/exact-values.js';
import { formatDecimal } from '../arrow/values.js';
import { readCsv, readCsvBatches } from './csv.js';
import { parseDdl } from './ddl.js';
import { readJsonLines, readJsonLinesBatches } from './jsonl.js';

function lines(table: arrow.Table): string[] {
  return [...tableToJsonLines(table)];
}

function quoteCsv(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Splits text at the given fractions of its length, so that chunk boundaries fall anywhere. */
function splitAt(text: string, cuts: number[]): string[] {
  const positions = [...new Set(cuts.map((cut) => Math.floor(cut * text.length)))].sort(
    (a, b) => a - b,
  );
  const pieces: string[] = [];
  let start = 0;
  for (const position of positions) {
    pieces.push(text.slice(start, position));
    start = position;
  }
  pieces.push(text.slice(start));
  return pieces;
}

async function* fromPieces(pieces: string[]): AsyncGenerator<Uint8Array> {
  // As bytes, so that chunk boundaries also split UTF-8 sequences.
  const encoder = new TextEncoder();
  for (const piece of pieces) yield encoder.encode(piece);
}

async function collect(batches: AsyncIterable<arrow.RecordBatch>): Promise<arrow.RecordBatch[]> {
  const out: arrow.RecordBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

const maxMicros = 253_402_300_799_999_999n; // 9999-12-31T23:59:59.999999
const minMicros = -62_135_596_800_000_000n; // 0001-01-01T00:00:00
const text = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', ',', '"', "'", '\n', '\r', '\t', 'é', '✓', '😀', '\\', '{'),
});
const nullable = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.option(arbitrary, { nil: null });

describe('text readers, properties', () => {
  const schema = parseDdl(
    'l BIGINT, i INT, d DECIMAL(38,6), f DOUBLE, s STRING, b BINARY, t TIMESTAMP, n TIMESTAMP_NTZ, day DATE, ok BOOLEAN, tags ARRAY<STRING>, m MAP<STRING, BIGINT>, st STRUCT<x: SMALLINT, y: DECIMAL(5,2)>',
  );
  const row = fc.record({
    l: nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    i: nullable(fc.integer()),
    d: nullable(
      fc
        .bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n })
        .map((unscaled) => formatDecimal(unscaled, 6)),
    ),
    f: nullable(fc.double()),
    s: nullable(text),
    b: nullable(fc.uint8Array({ maxLength: 8 })),
    t: nullable(fc.bigInt({ min: minMicros, max: maxMicros })),
    n: nullable(fc.bigInt({ min: minMicros, max: maxMicros })),
    day: nullable(fc.integer({ min: -719_162, max: 2_932_896 })),
    ok: nullable(fc.boolean()),
    tags: nullable(fc.array(nullable(text), { maxLength: 3 })),
    m: nullable(
      fc.uniqueArray(
        fc.tuple(text, nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))),
        { maxLength: 3, selector: ([key]) => key },
      ),
    ),
    st: nullable(
      fc.record({
        x: nullable(fc.integer({ min: -32768, max: 32767 })),
        y: nullable(
          fc.bigInt({ min: -99999n, max: 99999n }).map((unscaled) => formatDecimal(unscaled, 2)),
        ),
      }),
    ),
  });

  it('reads back any table that tableToJsonLines writes, exactly', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 5 }), (rows) => {
        const original = tableFromRows(schema, rows);
        const written = lines(original);
        expect(lines(readJsonLines(written.join('\n'), schema))).toEqual(written);
      }),
    );
  });

  it('reads the same JSON lines whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        async (rows, cuts) => {
          const input = lines(tableFromRows(schema, rows)).join('\r\n');
          const batches = await collect(
            readJsonLinesBatches(fromPieces(splitAt(input, cuts)), schema, { batchSize: 4 }),
          );
          expect(batches.map((b) => b.numRows)).toEqual(
            rows.length === 0 ? [] : batches.map((_, k) => Math.min(4, rows.length - 4 * k)),
          );
          expect(batches.flatMap((b) => lines(new arrow.Table(b)))).toEqual(
            lines(readJsonLines(input, schema)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads any decimal written with its scale back from CSV to the same unscaled value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 38 }).chain((precision) =>
          fc.tuple(
            fc.constant(precision),
            fc.integer({ min: 0, max: precision }),
            fc.bigInt({
              min: -(10n ** BigInt(precision)) + 1n,
              max: 10n ** BigInt(precision) - 1n,
            }),
          ),
        ),
        ([precision, scale, unscaled]) => {
          const table = readCsv(
            `v\n${formatDecimal(unscaled, scale)}\n`,
            parseDdl(`v DECIMAL(${precision},${scale})`),
          );
          expect(exactVectorValue(table.getChildAt(0)!, 0)).toBe(unscaled);
        },
      ),
    );
  });

  it('reads any BIGINT back from CSV exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), {
          minLength: 1,
          maxLength: 5,
        }),
        (values) => {
          const table = readCsv(`v\n${values.join('\n')}\n`, parseDdl('v BIGINT'));
          expect(values.map((_, k) => exactVectorValue(table.getChildAt(0)!, k))).toEqual(values);
        },
      ),
    );
  });

  it('reads back any strings quoted as CSV, with delimiters, quotes and line breaks inside', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { maxLength: 5 }), (pairs) => {
        const input = `a,b\n${pairs.map(([a, b]) => `${quoteCsv(a)},${quoteCsv(b)}`).join('\r\n')}`;
        const table = readCsv(input, parseDdl('a STRING, b STRING'));
        expect(lines(table).map((line) => JSON.parse(line))).toEqual(
          pairs.map(([a, b]) => ({ a, b })),
        );
      }),
    );
  });

  it('reads empty fields as null unquoted and as empty strings quoted, whatever the syntax', () => {
    const syntax = fc.constantFrom(
      { delimiter: ',', quote: '"', escape: '"' },
      { delimiter: ';', quote: "'", escape: '\\' },
      { delimiter: '\t', quote: '"', escape: '\\' },
      { delimiter: '||', quote: '"', escape: '"' },
    );
    // A field: unquoted empty, quoted empty, quoted text, or plain text without special characters.
    const cell = fc.oneof(
      fc.constant({ kind: 'unquoted-empty' as const, text: '' }),
      fc.constant({ kind: 'quoted-empty' as const, text: '' }),
      text.map((value) => ({ kind: 'quoted' as const, text: value })),
      fc.stringMatching(/^[a-z0-9 ]+$/).map((value) => ({ kind: 'plain' as const, text: value })),
    );
    fc.assert(
      fc.property(
        syntax,
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 6 }),
        (chosen, records) => {
          const { delimiter, quote, escape: escapeChar } = chosen;
          const render = (c: { kind: string; text: string }): string => {
            if (c.kind === 'unquoted-empty') return '';
            if (c.kind === 'plain') return c.text;
            const escaped = c.text.replace(
              new RegExp(`[${escapeChar === quote ? '' : '\\\\'}${quote}]`, 'g'),
              (m) => escapeChar + m,
            );
            return quote + escaped + quote;
          };
          const input = `a${delimiter}b${delimiter}c\n${records.map((r) => r.map(render).join(delimiter)).join('\n')}`;
          const table = readCsv(input, parseDdl('a STRING, b STRING, c STRING'), {
            delimiter,
            quote,
            escape: escapeChar,
          });
          const expected = records.map((r) => {
            const [a, b, c] = r.map((x) => (x.kind === 'unquoted-empty' ? null : x.text));
            return { a, b, c };
          });
          expect(lines(table).map((line) => JSON.parse(line))).toEqual(expected);
        },
      ),
    );
  });

  it('reads the same CSV whatever the chunk boundaries', async () => {
    const csvSchema = parseDdl('id BIGINT, note STRING, amount DECIMAL(20,3)');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
            nullable(text),
            fc.bigInt({ min: -(10n ** 20n) + 1n, max: 10n ** 20n - 1n }),
          ),
          {
            maxLength: 8,
          },
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        async (records, cuts) => {
          const input = `id,note,amount\n${records
            .map(
              ([id, note, amount]) =>
                `${id},${note === null ? '' : quoteCsv(note)},${formatDecimal(amount, 3)}\n`,
            )
            .join('')}`;
          const batches = await collect(
            readCsvBatches(fromPieces(splitAt(input, cuts)), csvSchema, { batchSize: 3 }),
          );
          expect(batches.flatMap((b) => lines(new arrow.Table(b)))).toEqual(
            lines(readCsv(input, csvSchema)),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
