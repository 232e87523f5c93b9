import { join } from 'node:path';
import { runPython } from '@silt/interop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readParquetFile,
  readParquetFileBatches,
  readParquetFileSchema,
} from '../node/parquet-file.js';
import { jsonLines } from '../test-support/all-types.js';
import { temporaryDirectory } from '../test-support/interop.js';

let directory: { path: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  directory = await temporaryDirectory();
  // What arrow-rs 55+ and delta-rs 1.x write: view types, recorded in the ARROW:schema hint.
  await runPython(
    [
      'import sys, pyarrow as pa, pyarrow.parquet as pq',
      'table = pa.table({',
      "  's': pa.array(['a', None, 'ünï'], pa.string_view()),",
      "  'b': pa.array([b'x', b'', None], pa.binary_view()),",
      "  'ts': pa.array([1, None, 3], pa.timestamp('us', tz='UTC')),",
      "  'n': pa.array([[1, 2], None, []], pa.list_(pa.int32())),",
      '})',
      'pq.write_table(table, sys.argv[1], store_schema=True)',
    ].join('\n'),
    [join(directory.path, 'views.parquet')],
  );
}, 120_000);

afterAll(async () => directory?.cleanup());

describe('files whose ARROW:schema hint names view types', () => {
  it('are read through the Parquet schema: strings, binaries and the rest exactly', async () => {
    const path = join(directory.path, 'views.parquet');
    const schema = await readParquetFileSchema(path);
    expect(schema.fields.map((field) => String(field.type))).toEqual([
      'Utf8',
      'Binary',
      'Timestamp<MICROSECOND, UTC>',
      'List<Int32>',
    ]);
    const expected = [
      '{"s":"a","b":"eA==","ts":"1970-01-01T00:00:00.000001Z","n":[1,2]}',
      '{"s":null,"b":"","ts":null,"n":null}',
      '{"s":"ünï","b":null,"ts":"1970-01-01T00:00:00.000003Z","n":[]}',
    ];
    expect(jsonLines(await readParquetFile(path))).toEqual(expected);
    const batches = [];
    for await (const batch of readParquetFileBatches(path)) batches.push(batch);
    expect(batches.reduce((rows, batch) => rows + batch.numRows, 0)).toBe(3);
  });
});
