import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { tableToJsonLines } from '../arrow/exact-values.js';
import { MalformedRecord } from '../errors/malformed-record.js';
import { InvalidSchema } from '../errors/schema-error.js';
import { parseDdl } from './ddl.js';
import { readJsonLines, readJsonLinesBatches } from './jsonl.js';

function lines(table: arrow.Table): string[] {
  return [...tableToJsonLines(table)];
}

function rows(table: arrow.Table): Record<string, unknown>[] {
  return lines(table).map((line) => JSON.parse(line) as Record<string, unknown>);
}

function malformedOf(run: () => unknown): MalformedRecord {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedRecord);
    return error as MalformedRecord;
  }
  throw new Error('expected a MalformedRecord');
}

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(batches: AsyncIterable<arrow.RecordBatch>): Promise<arrow.RecordBatch[]> {
  const out: arrow.RecordBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('readJsonLines', () => {
  it('matches keys to columns exactly, then case-insensitively; missing keys are null', () => {
    const table = readJsonLines(
      '{"ID": 1, "name": "ada"}\n{"id": 2}\n',
      parseDdl('id INT, name STRING'),
    );
    expect(rows(table)).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: null },
    ]);
  });

  it('skips blank lines, reads CRLF and a last line without a newline', () => {
    const table = readJsonLines('\uFEFF{"id": 1}\r\n\r\n   \n{"id": 2}', parseDdl('id INT'));
    expect(rows(table)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('accepts bytes', () => {
    expect(
      rows(readJsonLines(new TextEncoder().encode('{"s": "zoë"}\n'), parseDdl('s STRING'))),
    ).toEqual([{ s: 'zoë' }]);
  });

  it('returns an empty table of the schema for empty input', () => {
    const table = readJsonLines('', parseDdl('id INT'));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id']);
  });

  it('reads BIGINT beyond 2^53 and DECIMAL(38,6) from JSON numbers exactly', () => {
    const table = readJsonLines(
      '{"n": 9007199254740993, "d": 12345678901234567890.123456}\n{"n": -9223372036854775808, "d": "-0.000001"}\n{"n": 1, "d": 1.5e3}\n',
      parseDdl('n BIGINT, d DECIMAL(38,6)'),
    );
    expect(lines(table)).toEqual([
      '{"n":9007199254740993,"d":"12345678901234567890.123456"}',
      '{"n":-9223372036854775808,"d":"-0.000001"}',
      '{"n":1,"d":"1500.000000"}',
    ]);
  });

  it('reads nested BIGINT and DECIMAL values exactly', () => {
    const table = readJsonLines(
      '{"a": [9223372036854775807, -9007199254740993], "m": {"k": 0.000000000000000000000000000000000001}}',
      parseDdl('a ARRAY<BIGINT>, m MAP<STRING, DECIMAL(38,36)>'),
    );
    expect(lines(table)).toEqual([
      '{"a":[9223372036854775807,-9007199254740993],"m":[["k","0.000000000000000000000000000000000001"]]}',
    ]);
  });

  it.each<[string, string, unknown]>([
    ['BOOLEAN', 'true', true],
    ['TINYINT', '-128', -128],
    ['INT', '2147483647', 2147483647],
    ['FLOAT', '1.5', 1.5],
    ['DOUBLE', '-2.5e-3', -0.0025],
    ['DOUBLE', '"NaN"', 'NaN'],
    ['DOUBLE', '"-Infinity"', '-Infinity'],
    ['DECIMAL(5,2)', '"1.5"', '1.50'],
    ['STRING', '"x"', 'x'],
    ['STRING', '12.50', '12.50'],
    ['STRING', '{"a": [1, true]}', '{"a":[1,true]}'],
    ['BINARY', '"aGk="', 'aGk='],
    ['BINARY', '""', ''],
    ['DATE', '"2024-02-29"', '2024-02-29'],
    ['TIMESTAMP', '"2024-01-02T03:04:05.123456+02:00"', '2024-01-02T01:04:05.123456Z'],
    ['TIMESTAMP', '"2024-01-02 03:04:05"', '2024-01-02T03:04:05.000000Z'],
    ['TIMESTAMP_NTZ', '"2024-01-02T03:04:05.5"', '2024-01-02T03:04:05.500000'],
    ['ARRAY<BIGINT>', '[1, null, -3]', [1, null, -3]],
    ['MAP<STRING, INT>', '{"a": 1}', [['a', 1]]],
    ['MAP<DATE, INT>', '{"2024-01-01": 1}', [['2024-01-01', 1]]],
    [
      'MAP<INT, STRING>',
      '[[1, "one"], [2, null]]',
      [
        [1, 'one'],
        [2, null],
      ],
    ],
    ['MAP<STRUCT<a: INT>, INT>', '[[{"a": 1}, 2]]', [[{ a: 1 }, 2]]],
    ['STRUCT<a: INT, b: ARRAY<STRING>>', '{"A": 1, "b": ["x"]}', { a: 1, b: ['x'] }],
    ['STRUCT<a: INT>', '{}', { a: null }],
  ])('reads %s from %s', (type, json, expected) => {
    expect(rows(readJsonLines(`{"v": ${json}}`, parseDdl(`v ${type}`)))).toEqual([{ v: expected }]);
  });

  it.each<[string, string, string]>([
    ['BOOLEAN', '"true"', 'expected true or false for BOOLEAN, got the string "true"'],
    ['INT', '1.0', '"1.0" is not an integer'],
    ['INT', '1e3', '"1e3" is not an integer'],
    ['INT', '"1"', 'expected an integer for INT'],
    ['SMALLINT', '40000', 'outside the range of SMALLINT'],
    ['BIGINT', '9223372036854775808', 'outside the range of BIGINT'],
    ['DOUBLE', '"1.5"', 'expected a number'],
    ['DECIMAL(5,2)', '1.234', 'more than 2 digits after the point'],
    ['DECIMAL(38,6)', '1e40', 'does not fit decimal precision 38'],
    ['BINARY', '"not base64!"', 'is not base64'],
    ['DATE', '19000', 'expected a "YYYY-MM-DD" string'],
    ['TIMESTAMP', '1700000000', 'expected an ISO 8601 string'],
    ['TIMESTAMP_NTZ', '"2024-01-02T03:04:05+01:00"', 'TIMESTAMP_NTZ cannot hold'],
    ['ARRAY<INT>', '{"a": 1}', 'expected an array for ARRAY<INT>, got an object'],
    ['STRUCT<a: INT>', '[1]', 'expected an object'],
    ['STRUCT<a: INT>', '{"a": 1, "b": 2}', 'at b: the field is not in the schema'],
    ['STRUCT<a: INT>', '{"a": 1, "A": 2}', 'at A: the field a is given twice'],
    ['STRUCT<a: INT NOT NULL>', '{}', 'at a: null in a NOT NULL field'],
    ['STRUCT<a: STRUCT<b: INT>>', '{"a": {"b": "x"}}', 'at a.b: expected an integer'],
    ['MAP<INT, STRING>', '{"x": "y"}', 'at ["x"]: "x" is not an integer'],
    ['MAP<STRUCT<a: INT>, INT>', '{"a": 1}', 'must be written as [[key, value], …] pairs'],
    ['MAP<INT, STRING>', '[[null, "y"]]', 'at [0][0]: a map key cannot be null'],
    ['MAP<STRING, INT>', '{"k": "v"}', 'at ["k"]: expected an integer'],
  ])('fails on %s from %s', (type, json, reason) => {
    const error = malformedOf(() => readJsonLines(`{"v": ${json}}`, parseDdl(`v ${type}`)));
    expect(error.column).toBe('v');
    expect(error.message).toContain(reason);
  });

  it('reads back what tableToJsonLines writes, exactly', () => {
    const schema = parseDdl(
      'l BIGINT, d DECIMAL(38,6), f DOUBLE, b BINARY, t TIMESTAMP, n TIMESTAMP_NTZ, day DATE, m MAP<INT, ARRAY<STRING>>, s STRUCT<x: FLOAT, y: BOOLEAN>',
    );
    const original = tableFromRows(schema, [
      {
        l: -(2n ** 63n),
        d: '-12345678901234567890.123456',
        f: Number.NaN,
        b: new Uint8Array([0, 255, 10]),
        t: 1_700_000_000_123_456n,
        n: -1n,
        day: -1,
        m: [[1, ['a', null]]],
        s: { x: 0.5, y: false },
      },
      {
        l: null,
        d: null,
        f: Number.NEGATIVE_INFINITY,
        b: null,
        t: null,
        n: null,
        day: null,
        m: null,
        s: null,
      },
    ]);
    const text = lines(original).join('\n');
    expect(lines(readJsonLines(text, schema))).toEqual(lines(original));
  });
});

describe('readJsonLines in fail mode', () => {
  const schema = parseDdl('id BIGINT NOT NULL, tags ARRAY<STRING>');

  it('names the file, the 1-based line and the column', () => {
    const error = malformedOf(() =>
      readJsonLines('{"id": 1}\n\n{"id": 2, "tags": "x"}\n', schema, { fileName: 'e.jsonl' }),
    );
    expect([error.file, error.line, error.column]).toEqual(['e.jsonl', 3, 'tags']);
    expect(error.message).toContain('e.jsonl:3 column tags');
  });

  it.each([
    ['invalid JSON', '{"id": 1,', undefined, 'invalid JSON'],
    ['a line that is not an object', '[1, 2]', undefined, 'a JSON line must hold an object'],
    ['a null in a NOT NULL column', '{"id": null}', 'id', 'null in a NOT NULL field'],
    ['a missing NOT NULL column', '{"tags": []}', 'id', 'the line lacks this NOT NULL field'],
    ['a key the schema lacks', '{"id": 1, "extra": 2}', 'extra', 'the field is not in the schema'],
    ['a column given twice', '{"id": 1, "ID": 2}', 'ID', 'the field id is given twice'],
    ['duplicate keys with different values', '{"id": 1, "id": 2}', undefined, 'Duplicate key'],
  ])('fails on %s', (_, line, column, reason) => {
    const error = malformedOf(() => readJsonLines(`{"id": 0}\n${line}\n`, schema));
    expect([error.line, error.column]).toEqual([2, column]);
    expect(error.message).toContain(reason);
  });
});

describe('readJsonLines in rescue mode', () => {
  const schema = parseDdl('id BIGINT NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING>');
  const rescue = { onMalformed: 'rescue', fileName: 'in.jsonl' } as const;

  it('keeps a row with bad fields null and their raw text in _rescued_data', () => {
    const table = readJsonLines(
      '{"id": 1, "price": 1.234, "tags": ["a", 2]}\n{"id": 2, "price": "3.5"}\n',
      schema,
      rescue,
    );
    expect(table.schema.fields.map((f) => [f.name, f.nullable])).toEqual([
      ['id', true],
      ['price', true],
      ['tags', true],
      ['_rescued_data', true],
    ]);
    expect(rows(table)).toEqual([
      {
        id: 1,
        price: null,
        tags: ['a', '2'],
        _rescued_data: '{"price":"1.234","_file_path":"in.jsonl"}',
      },
      { id: 2, price: '3.50', tags: null, _rescued_data: null },
    ]);
  });

  it('rescues string values as they are and other values as JSON text, with exact numbers', () => {
    const table = readJsonLines(
      '{"id": "seven", "price": {"amount": 12345678901234567890.5}}\n',
      schema,
      rescue,
    );
    expect(rows(table)[0]!._rescued_data).toBe(
      '{"id":"seven","price":"{\\"amount\\":12345678901234567890.5}","_file_path":"in.jsonl"}',
    );
  });

  it('rescues unknown keys and skips unknown keys holding null', () => {
    const table = readJsonLines(
      '{"id": 1, "extra": [1], "gone": null}\n{"id": 2, "gone": null}\n',
      schema,
      rescue,
    );
    expect(rows(table).map((row) => row._rescued_data)).toEqual([
      '{"extra":"[1]","_file_path":"in.jsonl"}',
      null,
    ]);
  });

  it('rescues nulls and missing values of NOT NULL columns as null', () => {
    const table = readJsonLines('{"id": null}\n{}\n', schema, { onMalformed: 'rescue' });
    expect(rows(table).map((row) => row._rescued_data)).toEqual(['{"id":null}', '{"id":null}']);
  });

  it('rescues a line that is not a JSON object whole as _corrupt_record', () => {
    const table = readJsonLines('{"id": 1, oops}\r\n42\n', schema, rescue);
    expect(rows(table)).toEqual([
      {
        id: null,
        price: null,
        tags: null,
        _rescued_data: '{"_corrupt_record":"{\\"id\\": 1, oops}","_file_path":"in.jsonl"}',
      },
      {
        id: null,
        price: null,
        tags: null,
        _rescued_data: '{"_corrupt_record":"42","_file_path":"in.jsonl"}',
      },
    ]);
  });

  it('refuses a schema that declares _rescued_data itself', () => {
    expect(() =>
      readJsonLines('{}', parseDdl('_rescued_data STRING'), { onMalformed: 'rescue' }),
    ).toThrow(InvalidSchema);
  });
});

describe('readJsonLinesBatches', () => {
  const schema = parseDdl('id BIGINT, name STRING, amount DECIMAL(38,6)');
  const text = Array.from(
    { length: 23 },
    (_, k) =>
      `{"id": ${9007199254740993n + BigInt(k)}, "name": "zoë ${k} ✓", "amount": ${k + 1}2345678901234567890.123456}\r\n`,
  ).join('');

  it.each([1, 2, 5, 13, 4096])(
    'splits rows into batches whatever the chunk size (%i bytes)',
    async (chunkSize) => {
      const batches = await collect(
        readJsonLinesBatches(chunked(text, chunkSize), schema, { batchSize: 10 }),
      );
      expect(batches.map((b) => b.numRows)).toEqual([10, 10, 3]);
      expect(lines(new arrow.Table(batches))).toEqual(lines(readJsonLines(text, schema)));
    },
  );

  it('reads a last line without a newline and a ReadableStream of strings', async () => {
    const stream = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('{"id": 1}\n{"i');
        controller.enqueue('d": 2}');
        controller.close();
      },
    });
    const batches = await collect(readJsonLinesBatches(stream, schema));
    expect(rows(new arrow.Table(batches)).map((row) => row.id)).toEqual([1, 2]);
  });

  it('yields no batch for an input without rows', async () => {
    expect(await collect(readJsonLinesBatches(chunked('\n\n', 1), schema))).toEqual([]);
  });

  it('reports the line of a malformed record across chunks', async () => {
    const input = `${text}\n{"id": "x"}\n`;
    await expect(
      collect(
        readJsonLinesBatches(chunked(input, 7), schema, { fileName: 'big.jsonl', batchSize: 5 }),
      ),
    ).rejects.toMatchObject({
      file: 'big.jsonl',
      line: 25,
      column: 'id',
    });
  });

  it('rescues in streaming mode as readJsonLines does', async () => {
    const input = '{"id": 1}\n{"id": "x"}\nnot json';
    const batches = await collect(
      readJsonLinesBatches(chunked(input, 4), schema, { onMalformed: 'rescue', batchSize: 2 }),
    );
    expect(batches.map((b) => b.numRows)).toEqual([2, 1]);
    expect(lines(new arrow.Table(batches))).toEqual(
      lines(readJsonLines(input, schema, { onMalformed: 'rescue' })),
    );
  });

  it('stops reading the source when the consumer stops early', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        pulled++;
        yield '{"id": 1}\n';
      }
    }
    for await (const batch of readJsonLinesBatches(endless(), schema, { batchSize: 3 })) {
      expect(batch.numRows).toBe(3);
      break;
    }
    expect(pulled).toBe(3);
  });
});
