/**
 * Files written by other engines, read by parquet-io: pyarrow, DuckDB, and the legacy layouts of
 * Spark and Hive (INT96 timestamps, two-level lists, MAP_KEY_VALUE maps, dictionary-encoded and
 * FIXED_LEN_BYTE_ARRAY decimals). parquet-io must read the values pyarrow reads, in Silt's
 * canonical JSON form. Fixtures come from tooling/interop/python/write_parquet_fixtures.py.
 */
import { runPython, runPythonJson } from '@silt/interop';
import type * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquetFile, readParquetFileSchema } from '../node/parquet-file.js';
import { jsonLines } from '../test-support/all-types.js';
import {
  engineJsonLines,
  requireReferenceEngines,
  temporaryDirectory,
} from '../test-support/interop.js';

interface ColumnChunk {
  rowGroup: number;
  path: string;
  physicalType: string;
  logicalType: string;
  convertedType: string;
  encodings: string[];
  hasDictionaryPage: boolean;
}
interface Fixture {
  name: string;
  path: string;
  writer: string;
  covers: string;
  numRows: number;
  createdBy: string;
  columns: ColumnChunk[];
}

let directory: { path: string; cleanup: () => Promise<void> };
const fixtures = new Map<string, Fixture>();

beforeAll(async () => {
  await requireReferenceEngines();
  directory = await temporaryDirectory('silt-parquet-fixtures-');
  const manifest = await runPythonJson<{ files: Fixture[] }>('write_parquet_fixtures.py', [
    directory.path,
  ]);
  for (const file of manifest.files) fixtures.set(file.name, file);
});
afterAll(async () => {
  await directory?.cleanup();
});

function fixture(name: string): Fixture {
  const found = fixtures.get(name);
  if (!found)
    throw new Error(
      `write_parquet_fixtures.py wrote no ${name} (it wrote ${[...fixtures.keys()].join(', ')})`,
    );
  return found;
}

function column(file: Fixture, path: string): ColumnChunk {
  const found = file.columns.find((c) => c.path === path);
  if (!found)
    throw new Error(
      `${file.name} has no column chunk ${path} (it has ${file.columns.map((c) => c.path).join(', ')})`,
    );
  return found;
}

async function siltLines(file: Fixture): Promise<string[]> {
  return jsonLines(await readParquetFile(file.path));
}

describe('the fixtures hold the encodings they claim', () => {
  it('pyarrow_dictionary_decimal.parquet has dictionary pages for FIXED_LEN_BYTE_ARRAY, INT32 and INT64 decimals', () => {
    const file = fixture('pyarrow_dictionary_decimal.parquet');
    expect(
      ['flba', 'as_int32', 'as_int64'].map((path) => {
        const chunk = column(file, path);
        return [
          chunk.physicalType,
          chunk.hasDictionaryPage,
          chunk.encodings.includes('RLE_DICTIONARY'),
        ];
      }),
    ).toEqual([
      ['FIXED_LEN_BYTE_ARRAY', true, true],
      ['INT32', true, true],
      ['INT64', true, true],
    ]);
  });

  it.each([
    'pyarrow_int96.parquet',
    'pyarrow_int96_extremes.parquet',
    'pyarrow_int96_arrow_schema.parquet',
  ])('%s stores its timestamps as INT96', (name) => {
    const file = fixture(name);
    expect(column(file, 'ts_utc').physicalType).toBe('INT96');
    expect(column(file, 'ts_naive').physicalType).toBe('INT96');
  });

  it('pyarrow_flba_decimal.parquet stores every decimal as FIXED_LEN_BYTE_ARRAY, precision 1 to 38', () => {
    const file = fixture('pyarrow_flba_decimal.parquet');
    expect(new Set(file.columns.map((c) => c.physicalType))).toEqual(
      new Set(['FIXED_LEN_BYTE_ARRAY']),
    );
    expect(file.columns.map((c) => c.logicalType)).toContain('Decimal(precision=38, scale=19)');
    expect(file.columns.map((c) => c.logicalType)).toContain('Decimal(precision=1, scale=0)');
  });

  it('pyarrow_all_types.parquet stores decimals as FIXED_LEN_BYTE_ARRAY and pyarrow_decimal_as_integer.parquet as INT32/INT64', () => {
    expect(column(fixture('pyarrow_all_types.parquet'), 'dec_9_2').physicalType).toBe(
      'FIXED_LEN_BYTE_ARRAY',
    );
    expect(column(fixture('pyarrow_decimal_as_integer.parquet'), 'dec_9_2').physicalType).toBe(
      'INT32',
    );
    expect(column(fixture('pyarrow_decimal_as_integer.parquet'), 'dec_18_4').physicalType).toBe(
      'INT64',
    );
    expect(column(fixture('pyarrow_decimal_as_integer.parquet'), 'dec_38_0').physicalType).toBe(
      'FIXED_LEN_BYTE_ARRAY',
    );
  });

  it('pyarrow_non_compliant_nested.parquet names list elements "item"', () => {
    expect(
      column(fixture('pyarrow_non_compliant_nested.parquet'), 'array.list.item').physicalType,
    ).toBe('INT32');
  });

  it('duckdb_all_types.parquet was written by DuckDB', () => {
    expect(fixture('duckdb_all_types.parquet').createdBy).toMatch(/^DuckDB/);
  });

  it('legacy_nested.parquet uses two-level lists, bag/array lists and MAP_KEY_VALUE maps', async () => {
    const file = fixture('legacy_nested.parquet');
    expect(file.columns.map((c) => c.path)).toEqual([
      'id',
      'ints.array',
      'structs.array.name',
      'structs.array.n',
      'one_field.array.v',
      'tuples.tuples_tuple.s',
      'bag_list.bag.array',
      'bare',
      'legacy_map.map.key',
      'legacy_map.map.value',
      'old_map.key_value.key',
      'old_map.key_value.value',
    ]);
    const schemaText = await runPython(
      'import sys, pyarrow.parquet as pq; print(pq.ParquetFile(sys.argv[1]).schema)',
      [file.path],
    );
    expect(schemaText).toContain('repeated int32 field_id=-1 array;');
    expect(schemaText).toMatch(/repeated group field_id=-1 map \(Map\)/);
    expect(schemaText).toMatch(/optional group field_id=-1 old_map \(Map\)/);
  });
});

describe('parquet-io reads files of other writers with the values pyarrow reads', () => {
  it.each([
    'pyarrow_all_types.parquet',
    'pyarrow_decimal_as_integer.parquet',
    'pyarrow_non_compliant_nested.parquet',
    'pyarrow_dictionary_decimal.parquet',
    'pyarrow_flba_decimal.parquet',
    'duckdb_all_types.parquet',
    'pyarrow_int96.parquet',
    'legacy_nested.parquet',
  ])('%s reads equal in parquet-io and pyarrow', async (name) => {
    const file = fixture(name);
    const silt = await siltLines(file);
    expect(silt).toHaveLength(file.numRows);
    expect(silt).toEqual(await engineJsonLines(file.path, 'pyarrow'));
  });

  it('duckdb_all_types.parquet reads equal in parquet-io and DuckDB', async () => {
    const file = fixture('duckdb_all_types.parquet');
    expect(await siltLines(file)).toEqual(await engineJsonLines(file.path, 'duckdb'));
  });

  it.each([
    'pyarrow_all_types.parquet',
    'pyarrow_dictionary_decimal.parquet',
    'pyarrow_flba_decimal.parquet',
  ])('%s reads equal in parquet-io and DuckDB', async (name) => {
    const file = fixture(name);
    expect(await siltLines(file)).toEqual(await engineJsonLines(file.path, 'duckdb'));
  });

  it('reads the legacy layouts as the lists and maps they stand for', async () => {
    const file = fixture('legacy_nested.parquet');
    const types = Object.fromEntries(
      (await readParquetFileSchema(file.path)).fields.map((f) => [f.name, String(f.type)]),
    );
    expect(types).toMatchObject({
      ints: 'List<Int32>',
      bare: 'List<Int64>',
      legacy_map: 'Map<{key:Utf8, value:Int32}>',
      old_map: 'Map<{key:Int32, value:Utf8}>',
    });
    expect(await siltLines(file)).toEqual([
      '{"id":1,"ints":[1,-2,2147483647],"structs":[{"name":"a","n":1},{"name":null,"n":null}],"one_field":[{"v":5},{"v":null}],' +
        '"tuples":[{"s":"x"},{"s":null}],"bag_list":[1,null],"bare":[10,-20],"legacy_map":[["k",1],["z",null]],"old_map":[[7,"seven"]]}',
      '{"id":2,"ints":null,"structs":null,"one_field":null,"tuples":null,"bag_list":null,"bare":[],"legacy_map":null,"old_map":null}',
      '{"id":3,"ints":[],"structs":[],"one_field":[],"tuples":[],"bag_list":[],"bare":[-1],"legacy_map":[],"old_map":[]}',
    ]);
  });
});

describe('INT96 timestamps (Spark, Hive)', () => {
  it('read as Timestamp(us) without a zone (through the footer hint), to the microsecond', async () => {
    const file = fixture('pyarrow_int96.parquet');
    const schema = await readParquetFileSchema(file.path);
    const ts = schema.fields.find((f) => f.name === 'ts_utc')!.type as arrow.Timestamp;
    expect([String(ts), ts.timezone]).toEqual(['Timestamp<MICROSECOND>', null]);
    expect((await siltLines(file)).slice(0, 5)).toEqual([
      '{"id":0,"ts_utc":"1970-01-01T00:00:00.000000","ts_naive":"1970-01-01T00:00:00.000000"}',
      '{"id":1,"ts_utc":"1969-12-31T23:59:59.999999","ts_naive":"1969-12-31T23:59:59.999999"}',
      '{"id":2,"ts_utc":"2020-02-29T12:34:56.789012","ts_naive":"2020-02-29T12:34:56.789012"}',
      '{"id":3,"ts_utc":"1677-09-22T00:00:00.000000","ts_naive":"1677-09-22T00:00:00.000000"}',
      '{"id":4,"ts_utc":"2262-04-11T00:00:00.000000","ts_naive":"2262-04-11T00:00:00.000000"}',
    ]);
  });

  it('follow the Arrow schema in the footer: parquet-io reads Timestamp(us, UTC) where pyarrow reads Timestamp(ns) without a zone, same instants', async () => {
    const file = fixture('pyarrow_int96_arrow_schema.parquet');
    const silt = await siltLines(file);
    const pyarrow = await engineJsonLines(file.path, 'pyarrow');
    expect(silt[2]).toBe(
      '{"id":2,"ts_utc":"2020-02-29T12:34:56.789012Z","ts_naive":"2020-02-29T12:34:56.789012"}',
    );
    expect(pyarrow[2]).toBe(
      '{"id":2,"ts_utc":"2020-02-29T12:34:56.789012","ts_naive":"2020-02-29T12:34:56.789012"}',
    );
    expect(silt.map((line) => line.replace(/Z"/g, '"'))).toEqual(pyarrow);
  });

  it('outside 1677-09-21..2262-04-11 read right when the footer has a microsecond Arrow schema', async () => {
    const file = fixture('pyarrow_int96_extremes_arrow_schema.parquet');
    const truth = await runPython('parquet_to_jsonl.py', [file.path, '--int96-unit', 'us']);
    expect((await siltLines(file)).map((line) => line.replace(/Z"/g, '"'))).toEqual(
      truth.trim().split('\n'),
    );
  });

  it('outside 1677-09-21..2262-04-11 without an Arrow schema (as Spark writes them) read as written, where pyarrow by default wraps them', async () => {
    // parquet-wasm would turn INT96 into 64-bit nanoseconds, which wrap around outside this range;
    // parquet-io hands it the file with a footer hint that asks for microseconds (src/footer/).
    const file = fixture('pyarrow_int96_extremes.parquet');
    const written = await runPython('parquet_to_jsonl.py', [file.path, '--int96-unit', 'us']);
    const expected = [
      '{"id":0,"ts_utc":"0001-01-01T00:00:00.000000","ts_naive":"0001-01-01T00:00:00.000000"}',
      '{"id":1,"ts_utc":"1000-06-15T01:02:03.000004","ts_naive":"1000-06-15T01:02:03.000004"}',
      '{"id":2,"ts_utc":"9999-12-31T23:59:59.999999","ts_naive":"9999-12-31T23:59:59.999999"}',
    ];
    expect(written.trim().split('\n')).toEqual(expected);
    expect(await siltLines(file)).toEqual(expected);
    expect(await engineJsonLines(file.path, 'pyarrow')).not.toEqual(expected);
  });
});
