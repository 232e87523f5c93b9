import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableToJsonLines } from '../arrow/exact-values.js';
import { MalformedRecord } from '../errors/malformed-record.js';
import { InvalidSchema } from '../errors/schema-error.js';
import { readCsv, readCsvBatches } from './csv.js';
import { parseDdl } from './ddl.js';

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

async function malformedOfAsync(run: () => Promise<unknown>): Promise<MalformedRecord> {
  try {
    await run();
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

describe('readCsv with a header', () => {
  it('maps header names to columns case-insensitively and in any order', () => {
    const table = readCsv('NAME,Id\nada,1\nbob,2\n', parseDdl('id INT, name STRING'));
    expect(rows(table)).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: 'bob' },
    ]);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'name']);
  });

  it('reads a declared nullable column missing from the header as null', () => {
    expect(rows(readCsv('id\n1\n', parseDdl('id INT, note STRING')))).toEqual([
      { id: 1, note: null },
    ]);
  });

  it('reads fields by position when header is false', () => {
    expect(
      rows(readCsv('1,ada\n2,bob', parseDdl('id INT, name STRING'), { header: false })),
    ).toEqual([
      { id: 1, name: 'ada' },
      { id: 2, name: 'bob' },
    ]);
  });

  it('returns an empty table of the schema for empty input and for a header alone', () => {
    for (const text of ['', 'id,name\n']) {
      const table = readCsv(text, parseDdl('id INT, name STRING'));
      expect(table.numRows).toBe(0);
      expect(table.schema.fields.map((f) => f.name)).toEqual(['id', 'name']);
    }
  });

  it('accepts bytes and drops a byte-order mark', () => {
    const bytes = new TextEncoder().encode('\uFEFFid,name\n1,zoë\n');
    expect(rows(readCsv(bytes, parseDdl('id INT, name STRING')))).toEqual([{ id: 1, name: 'zoë' }]);
  });
});

describe('readCsv quoting', () => {
  const schema = parseDdl('id INT, text STRING');

  it('keeps delimiters, doubled quotes and newlines inside quoted fields', () => {
    const table = readCsv(
      'id,text\n1,"a,b"\n2,"say ""hi"""\n3,"two\nlines"\n4,"crlf\r\ninside"\n',
      schema,
    );
    expect(rows(table).map((row) => row.text)).toEqual([
      'a,b',
      'say "hi"',
      'two\nlines',
      'crlf\r\ninside',
    ]);
  });

  it('reads CRLF files and skips blank lines', () => {
    expect(rows(readCsv('id,text\r\n1,a\r\n\r\n2,b\r\n', schema))).toEqual([
      { id: 1, text: 'a' },
      { id: 2, text: 'b' },
    ]);
  });

  it('reads files that mix LF and CRLF line ends, keeping a lone CR inside a field', () => {
    const table = readCsv('id,text\n1,a\r\n2,"b"\r\n3,c\rd\n', schema);
    expect(rows(table)).toEqual([
      { id: 1, text: 'a' },
      { id: 2, text: 'b' },
      { id: 3, text: 'c\rd' },
    ]);
  });

  it('uses the delimiter, quote and escape options', () => {
    const table = readCsv("id;text\n1;'it\\'s; fine'\n", schema, {
      delimiter: ';',
      quote: "'",
      escape: '\\',
    });
    expect(rows(table)).toEqual([{ id: 1, text: "it's; fine" }]);
  });

  it('doubles a custom quote to escape it when no escape is given', () => {
    expect(rows(readCsv("id,text\n1,'it''s'\n", schema, { quote: "'" }))).toEqual([
      { id: 1, text: "it's" },
    ]);
  });

  it('reads quotes as ordinary characters when quote is empty', () => {
    expect(rows(readCsv('id,text\n1,"x"\n', schema, { quote: '' }))).toEqual([
      { id: 1, text: '"x"' },
    ]);
  });

  it('tells a quoted empty field from an unquoted one after fields csv-parse reads loosely', () => {
    const table = readCsv('a,b,c\n"x"y,"",\n', parseDdl('a STRING, b STRING, c STRING'), {
      relaxQuotes: true,
    });
    expect(rows(table).map((row) => [row.b, row.c])).toEqual([['', null]]);
  });

  it('keeps a quote inside an unquoted field with relaxQuotes', () => {
    expect(rows(readCsv('id,text\n1,5\'11"\n', schema, { relaxQuotes: true }))).toEqual([
      { id: 1, text: '5\'11"' },
    ]);
  });

  it.each([
    [
      'a quote that is never closed',
      'id,text\n1,a\n2,"open\n3,c\n',
      3,
      'a quoted field is not closed',
    ],
    ['text after a closing quote', 'id,text\n1,a\n2,"x"y\n', 3, 'cannot be split into fields'],
    [
      'a quote inside an unquoted field',
      'id,text\n1,a\n\n2,x"y\n',
      4,
      'cannot be split into fields',
    ],
  ])('fails on %s in both modes, naming the line', (_, text, line, reason) => {
    for (const onMalformed of ['fail', 'rescue'] as const) {
      const error = malformedOf(() => readCsv(text, schema, { onMalformed, fileName: 'q.csv' }));
      expect(error.file).toBe('q.csv');
      expect(error.line).toBe(line);
      expect(error.message).toContain(reason);
    }
  });
});

describe('readCsv empty fields and nulls', () => {
  const schema = parseDdl('s STRING, n INT, b BINARY');

  it('reads an unquoted empty field as null and a quoted one as an empty string (null for numbers)', () => {
    expect(rows(readCsv('s,n,b\n,,\n"","",""\n', schema))).toEqual([
      { s: null, n: null, b: null },
      { s: '', n: null, b: '' },
    ]);
  });

  it('reads the nullValue text as null, quoted or not', () => {
    expect(rows(readCsv('s,n,b\nNA,NA,x\n"NA",7,NA\n,,\n', schema, { nullValue: 'NA' }))).toEqual([
      { s: null, n: null, b: btoa('x') },
      { s: null, n: 7, b: null },
      { s: null, n: null, b: null },
    ]);
  });
});

describe('readCsv values', () => {
  it.each<[string, string, unknown]>([
    ['BOOLEAN', 'TRUE', true],
    ['BOOLEAN', ' false ', false],
    ['TINYINT', '-128', -128],
    ['SMALLINT', '32767', 32767],
    ['INT', '+42', 42],
    ['INT', '-2147483648', -2147483648],
    ['BIGINT', ' 7 ', 7],
    ['FLOAT', '1.5', 1.5],
    ['DOUBLE', '-2.5e-3', -0.0025],
    ['DOUBLE', '.5', 0.5],
    ['DOUBLE', 'NaN', 'NaN'],
    ['DOUBLE', 'inf', 'Infinity'],
    ['DOUBLE', 'Infinity', 'Infinity'],
    ['FLOAT', '-Infinity', '-Infinity'],
    ['DOUBLE', '-INF', '-Infinity'],
    ['DECIMAL(5,2)', '1.5', '1.50'],
    ['DECIMAL(5,2)', '-0.10', '-0.10'],
    ['DECIMAL(5,2)', '1.2e2', '120.00'],
    ['DECIMAL(5,2)', '3.000', '3.00'],
    ['STRING', '  spaced  ', '  spaced  '],
    ['BINARY', 'héllo', btoa(String.fromCharCode(...new TextEncoder().encode('héllo')))],
    ['DATE', '2024-02-29', '2024-02-29'],
    ['DATE', '1969-12-31', '1969-12-31'],
    ['TIMESTAMP', '2024-01-02T03:04:05.123456Z', '2024-01-02T03:04:05.123456Z'],
    ['TIMESTAMP', '2024-01-02T03:04:05+02:00', '2024-01-02T01:04:05.000000Z'],
    ['TIMESTAMP', '2024-01-02 03:04:05.5-0130', '2024-01-02T04:34:05.500000Z'],
    ['TIMESTAMP', '2024-01-02T03:04:05', '2024-01-02T03:04:05.000000Z'],
    ['TIMESTAMP', '2024-01-02', '2024-01-02T00:00:00.000000Z'],
    ['TIMESTAMP_NTZ', '2024-01-02T03:04:05.000001', '2024-01-02T03:04:05.000001'],
    ['ARRAY<INT>', '[1, null, 3]', [1, null, 3]],
    [
      'MAP<STRING, INT>',
      '{"a": 1, "b": null}',
      [
        ['a', 1],
        ['b', null],
      ],
    ],
    ['MAP<INT, STRING>', '{"1": "one"}', [[1, 'one']]],
    ['STRUCT<a: INT, b: STRING>', '{"A": 1, "b": "x"}', { a: 1, b: 'x' }],
  ])('reads %s from %j', (type, text, expected) => {
    const table = readCsv(`v\n"${text.replace(/"/g, '""')}"\n`, parseDdl(`v ${type}`));
    expect(rows(table)).toEqual([{ v: expected }]);
  });

  it('reads a DECIMAL(38,6) exactly', () => {
    const table = readCsv(
      'v\n12345678901234567890.123456\n-99999999999999999999999999999999.999999\n',
      parseDdl('v DECIMAL(38,6)'),
    );
    expect(lines(table)).toEqual([
      '{"v":"12345678901234567890.123456"}',
      '{"v":"-99999999999999999999999999999999.999999"}',
    ]);
  });

  it('reads BIGINT beyond 2^53 and at its limits exactly', () => {
    const table = readCsv(
      'v\n9007199254740993\n9223372036854775807\n-9223372036854775808\n',
      parseDdl('v BIGINT'),
    );
    expect(lines(table)).toEqual([
      '{"v":9007199254740993}',
      '{"v":9223372036854775807}',
      '{"v":-9223372036854775808}',
    ]);
  });

  it.each<[string, string, string]>([
    ['BOOLEAN', 'yes', 'is not a boolean'],
    ['TINYINT', '128', 'outside the range of TINYINT'],
    ['INT', '2147483648', 'outside the range of INT'],
    ['INT', '1.0', 'is not an integer'],
    ['INT', '0x10', 'is not an integer'],
    ['BIGINT', '9223372036854775808', 'outside the range of BIGINT'],
    ['DOUBLE', '1,5', 'is not a number'],
    ['DOUBLE', '0x10', 'is not a number'],
    ['DECIMAL(5,2)', '1.234', 'more than 2 digits after the point'],
    ['DECIMAL(5,2)', '1234.5', 'does not fit decimal precision 5'],
    ['DECIMAL(5,2)', 'abc', 'is not a decimal number'],
    ['DATE', '2023-02-29', 'is not a date'],
    ['DATE', '2024-01-02T00:00', 'is not a date'],
    ['TIMESTAMP', 'yesterday', 'is not an ISO 8601 timestamp'],
    ['TIMESTAMP_NTZ', '2024-01-02T03:04:05Z', 'TIMESTAMP_NTZ cannot hold'],
    ['ARRAY<INT>', '[1, "x"]', 'at [1]: expected an integer for INT'],
    ['ARRAY<INT>', '[1,', 'invalid JSON'],
    ['STRUCT<a: INT>', '{"b": 1}', 'at b: the field is not in the schema'],
    ['MAP<INT, STRING>', '{"x": "one"}', 'is not an integer'],
  ])('fails on %s from %j', (type, text, reason) => {
    const error = malformedOf(() =>
      readCsv(`v\n"${text.replace(/"/g, '""')}"\n`, parseDdl(`v ${type}`)),
    );
    expect(error.column).toBe('v');
    expect(error.message).toContain(reason);
  });
});

describe('readCsv in fail mode', () => {
  const schema = parseDdl('id BIGINT NOT NULL, price DECIMAL(10,2), text STRING');

  it('names the file, the line where the record starts and the column', () => {
    const text = 'id,price,text\n1,1.00,"a\nmulti-line\nfield"\n\n2,oops,b\n';
    const error = malformedOf(() => readCsv(text, schema, { fileName: 'prices.csv' }));
    expect([error.file, error.line, error.column]).toEqual(['prices.csv', 6, 'price']);
    expect(error.message).toContain('prices.csv:6 column price');
    expect(error.message).toContain('cannot read "oops" as DECIMAL(10,2)');
  });

  it.each([
    ['CRLF inside a quoted field', 'id,price,text\r\n1,1.00,"a\r\nb"\r\n2,x,c\r\n', 4],
    ['blank lines of both kinds', 'id,price,text\r\n\r\n\n\r\n1,1.00,a\n\r\n\n2,x,c\n', 8],
    ['a lone CR inside fields', 'id,price,text\n1,1.00,"a\rb"\n1,1.00,a\rb\r\n2,x,c\n', 4],
  ])('counts lines right with %s', (_, text, line) => {
    expect(malformedOf(() => readCsv(text, schema)).line).toBe(line);
  });

  it('fails on a null in a NOT NULL column', () => {
    const error = malformedOf(() => readCsv('id,price,text\n,1.00,a\n', schema));
    expect([error.line, error.column]).toEqual([2, 'id']);
    expect(error.message).toContain('null in a NOT NULL column');
  });

  it('fails at the header when it lacks a NOT NULL column', () => {
    const error = malformedOf(() => readCsv('price,text\n1.00,a\n', schema));
    expect([error.line, error.column]).toEqual([1, 'id']);
  });

  it('fails at the header on a column the schema does not declare', () => {
    const error = malformedOf(() => readCsv('\nid,extra\n1,x\n', schema, { fileName: 'x.csv' }));
    expect([error.file, error.line, error.column]).toEqual(['x.csv', 2, 'extra']);
    expect(error.message).toContain('the schema does not declare');
  });

  it('fails at the header on a column named twice', () => {
    const error = malformedOf(() => readCsv('id,ID\n1,2\n', schema));
    expect(error.message).toContain('names the column "ID" twice');
  });

  it.each([
    [
      'too many',
      'id,price,text\n1,1.00,a\n2,2.00,b,extra\n',
      'the record has 4 fields where the header has 3',
    ],
    [
      'too few',
      'id,price,text\n1,1.00,a\n2,2.00\n',
      'the record has 2 fields where the header has 3',
    ],
  ])('fails on a record with %s fields', (_, text, reason) => {
    const error = malformedOf(() => readCsv(text, schema));
    expect([error.line, error.column]).toEqual([3, undefined]);
    expect(error.message).toContain(reason);
  });

  it('compares field counts with the schema when there is no header', () => {
    const error = malformedOf(() => readCsv('1,1.00\n', schema, { header: false }));
    expect(error.message).toContain('where the schema has 3');
  });
});

describe('readCsv in rescue mode', () => {
  const schema = parseDdl('id BIGINT NOT NULL, price DECIMAL(10,2), text STRING');
  const rescue = { onMalformed: 'rescue', fileName: 'in.csv' } as const;

  it('appends a nullable _rescued_data column and makes declared columns nullable', () => {
    const table = readCsv('id,price,text\n1,1.00,a\n', schema, rescue);
    expect(table.schema.fields.map((f) => [f.name, f.nullable])).toEqual([
      ['id', true],
      ['price', true],
      ['text', true],
      ['_rescued_data', true],
    ]);
    expect(table.schema.fields[3]!.type).toBeInstanceOf(arrow.Utf8);
    expect(rows(table)).toEqual([{ id: 1, price: '1.00', text: 'a', _rescued_data: null }]);
  });

  it('keeps a row with bad fields null and their raw text in _rescued_data', () => {
    const table = readCsv('id,PRICE,text\nx,1.234,ok\n2,3.50,fine\n', schema, rescue);
    expect(rows(table)).toEqual([
      {
        id: null,
        price: null,
        text: 'ok',
        _rescued_data: '{"id":"x","PRICE":"1.234","_file_path":"in.csv"}',
      },
      { id: 2, price: '3.50', text: 'fine', _rescued_data: null },
    ]);
  });

  it('rescues a null in a NOT NULL column', () => {
    const table = readCsv('id,price,text\n,1.00,a\n', schema, rescue);
    expect(rows(table)[0]).toEqual({
      id: null,
      price: '1.00',
      text: 'a',
      _rescued_data: '{"id":"","_file_path":"in.csv"}',
    });
  });

  it('rescues the extra fields of a long record as _c<index>', () => {
    const table = readCsv('id,price,text\n1,1.00,a,x,y\n', schema, rescue);
    expect(rows(table)[0]).toEqual({
      id: 1,
      price: '1.00',
      text: 'a',
      _rescued_data: '{"_c3":"x","_c4":"y","_file_path":"in.csv"}',
    });
  });

  it('rescues a short record whole as _corrupt_record and keeps its fields', () => {
    const table = readCsv('id,price,text\r\n\r\n1,"2.00\r\n"\r\n', schema, rescue);
    expect(rows(table)[0]).toEqual({
      id: 1,
      price: '2.00',
      text: null,
      _rescued_data: '{"_corrupt_record":"1,\\"2.00\\r\\n\\"","_file_path":"in.csv"}',
    });
  });

  it('rescues the values of columns the schema does not declare, skipping empty ones', () => {
    const table = readCsv('id,extra,text,\n1,x,a,y\n2,,b,\n', schema, rescue);
    expect(rows(table)).toEqual([
      {
        id: 1,
        price: null,
        text: 'a',
        _rescued_data: '{"extra":"x","_c3":"y","_file_path":"in.csv"}',
      },
      { id: 2, price: null, text: 'b', _rescued_data: null },
    ]);
  });

  it('leaves out _file_path without a fileName', () => {
    const table = readCsv('id\nx\n', schema, { onMalformed: 'rescue' });
    expect(rows(table)[0]!._rescued_data).toBe('{"id":"x"}');
  });

  it('refuses a schema that declares _rescued_data itself', () => {
    expect(() =>
      readCsv('a\n1\n', parseDdl('a INT, _RESCUED_DATA STRING'), { onMalformed: 'rescue' }),
    ).toThrow(InvalidSchema);
  });
});

describe('readCsv options', () => {
  it.each([
    [{ onMalformed: 'skip' }, TypeError],
    [{ delimiter: '' }, TypeError],
    [{ batchSize: 0 }, RangeError],
  ])('rejects %j', (options, errorClass) => {
    expect(() => readCsv('a\n1\n', parseDdl('a INT'), options as never)).toThrow(errorClass);
  });
});

describe('readCsvBatches', () => {
  const schema = parseDdl('id BIGINT, name STRING, price DECIMAL(38,6)');
  const header = 'id,name,price\r\n';
  const body = Array.from(
    { length: 25 },
    (_, k) =>
      `${9007199254740993n + BigInt(k)},"zoë ${k}, ""q""\r\nline ${k}",${k}12345678901234567890.123456\r\n`,
  ).join('');

  it.each([1, 2, 3, 7, 64])(
    'splits rows into batches whatever the chunk size (%i bytes)',
    async (chunkSize) => {
      const batches = await collect(
        readCsvBatches(chunked(header + body, chunkSize), schema, { batchSize: 10 }),
      );
      expect(batches.map((b) => b.numRows)).toEqual([10, 10, 5]);
      expect(lines(new arrow.Table(batches))).toEqual(lines(readCsv(header + body, schema)));
    },
  );

  it('reads a ReadableStream of strings', async () => {
    const stream = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('id,na');
        controller.enqueue('me\n1,a\n2');
        controller.enqueue(',b\n');
        controller.close();
      },
    });
    const batches = await collect(readCsvBatches(stream, schema));
    expect(rows(new arrow.Table(batches))).toEqual([
      { id: 1, name: 'a', price: null },
      { id: 2, name: 'b', price: null },
    ]);
  });

  it('yields no batch for an input without rows', async () => {
    expect(await collect(readCsvBatches(chunked('id,name\n', 2), schema))).toEqual([]);
  });

  it('reports the line of a malformed record across chunks', async () => {
    const text = `${header}${body}26,x,not a number\n`;
    const error = await malformedOfAsync(() =>
      collect(readCsvBatches(chunked(text, 5), schema, { fileName: 's.csv', batchSize: 4 })),
    );
    expect([error.file, error.line, error.column]).toEqual(['s.csv', 52, 'price']);
  });

  it('reports an unclosed quote as malformed', async () => {
    const error = await malformedOfAsync(() =>
      collect(readCsvBatches(chunked('id\n1\n"2\n', 1), schema)),
    );
    expect(error.line).toBe(3);
  });

  it('rescues in streaming mode as readCsv does', async () => {
    const text = 'id,name\n1,a\nx,b\n';
    const batches = await collect(
      readCsvBatches(chunked(text, 3), schema, { onMalformed: 'rescue', batchSize: 1 }),
    );
    expect(lines(new arrow.Table(batches))).toEqual(
      lines(readCsv(text, schema, { onMalformed: 'rescue' })),
    );
  });

  it('passes on an error of the source', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'id\n1\n';
      throw new Error('disk on fire');
    }
    await expect(collect(readCsvBatches(failing(), schema))).rejects.toThrow('disk on fire');
  });

  it('cancels a ReadableStream source when the consumer stops early', async () => {
    let cancelled = false;
    let sent = 0;
    const stream = new ReadableStream<string>({
      pull(controller) {
        controller.enqueue(`${sent++},row,1\n`);
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const batch of readCsvBatches(stream, schema, { header: false, batchSize: 100 })) {
      expect(batch.numRows).toBe(100);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelled).toBe(true);
  });
});
