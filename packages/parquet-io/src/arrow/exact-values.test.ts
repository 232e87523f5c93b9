import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { allTypesTable, jsonLines } from '../test-support/all-types.js';
import { exactVectorValue, tableToJsonLines } from './exact-values.js';

function timestampTable(type: arrow.DataType, values: bigint[]): arrow.Table {
  const data = arrow.makeData({
    type,
    length: values.length,
    nullCount: 0,
    data: BigInt64Array.from(values),
  } as never);
  const schema = new arrow.Schema([new arrow.Field('t', type)]);
  const batch = new arrow.RecordBatch(
    schema,
    arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: values.length,
      nullCount: 0,
      children: [data],
    }),
  );
  return new arrow.Table(schema, [batch]);
}

describe('exact values of sliced tables', () => {
  const table = allTypesTable();
  const all = jsonLines(table);

  it.each([
    [0, 6],
    [1, 4],
    [2, 6],
    [3, 5],
    [4, 5],
    [5, 6],
  ])(
    'the canonical JSON of rows %i..%i of a slice equals those rows of the whole table',
    (from, to) => {
      expect(jsonLines(table.slice(from, to))).toEqual(all.slice(from, to));
    },
  );

  it('reads exact 64-bit values from a slice by index', () => {
    const slice = table.slice(1, 3);
    expect(exactVectorValue(slice.getChild('long')!, 0)).toBe(-9223372036854775808n);
    expect(exactVectorValue(slice.getChild('long')!, 1)).toBe(9223372036854775807n);
    expect(() => exactVectorValue(slice.getChild('long')!, 2)).toThrow(RangeError);
  });
});

describe('timestamps of every Arrow unit in canonical JSON', () => {
  it.each([
    {
      unit: arrow.TimeUnit.SECOND,
      raw: [-1n, 1n],
      expected: ['1969-12-31T23:59:59.000000', '1970-01-01T00:00:01.000000'],
    },
    {
      unit: arrow.TimeUnit.MILLISECOND,
      raw: [-1n, 1n],
      expected: ['1969-12-31T23:59:59.999000', '1970-01-01T00:00:00.001000'],
    },
    {
      unit: arrow.TimeUnit.MICROSECOND,
      raw: [-1n, 1n],
      expected: ['1969-12-31T23:59:59.999999', '1970-01-01T00:00:00.000001'],
    },
    // Nanoseconds (INT96 from parquet-wasm) are floored to microseconds, as pyarrow's casts floor.
    {
      unit: arrow.TimeUnit.NANOSECOND,
      raw: [-1n, 1_999n],
      expected: ['1969-12-31T23:59:59.999999', '1970-01-01T00:00:00.000001'],
    },
  ])('unit $unit reads as microseconds, floored', ({ unit, raw, expected }) => {
    const naive = [...tableToJsonLines(timestampTable(new arrow.Timestamp(unit), raw))];
    expect(naive).toEqual(expected.map((t) => `{"t":"${t}"}`));
    const utc = [...tableToJsonLines(timestampTable(new arrow.Timestamp(unit, 'UTC'), raw))];
    expect(utc).toEqual(expected.map((t) => `{"t":"${t}Z"}`));
  });
});
