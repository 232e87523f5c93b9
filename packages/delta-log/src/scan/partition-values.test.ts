import { createColumnBuilder, type DeltaType, exactValue } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { InvalidPartitionValue } from './invalid-partition-value.js';
import { constantColumn, type PartitionValue, parsePartitionValue } from './partition-values.js';
import { partitionedTables, partitionRows } from './test-support/partition-rows.js';

const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n;
const days = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('parsePartitionValue', () => {
  it.each<[string | null, DeltaType, PartitionValue]>([
    [null, 'integer', null],
    ['', 'string', null],
    ['', 'date', null],
    ['null', 'string', 'null'],
    ['2021.0', 'string', '2021.0'],
    [' padded ', 'string', ' padded '],
    ['true', 'boolean', true],
    ['FALSE', 'boolean', false],
    ['-128', 'byte', -128],
    ['32767', 'short', 32_767],
    ['+42', 'integer', 42],
    ['-2147483648', 'integer', -2_147_483_648],
    ['9223372036854775807', 'long', 9_223_372_036_854_775_807n],
    ['-9223372036854775808', 'long', -9_223_372_036_854_775_808n],
    ['1.0', 'double', 1],
    ['9.9', 'double', 9.9],
    ['-1.5E-3', 'double', -0.0015],
    ['.5', 'double', 0.5],
    ['NaN', 'double', Number.NaN],
    ['Infinity', 'double', Number.POSITIVE_INFINITY],
    ['-Infinity', 'float', Number.NEGATIVE_INFINITY],
    ['0.1', 'float', Math.fround(0.1)],
    ['1970-01-01', 'date', 0],
    ['2021-09-08', 'date', days('2021-09-08')],
    ['1969-12-31', 'date', -1],
    ['2021-09-08 11:11:11', 'timestamp', micros('2021-09-08T11:11:11Z')],
    ['1970-01-01 00:00:00.123456', 'timestamp', 123_456n],
    ['1970-01-01T00:00:00.123456Z', 'timestamp', 123_456n],
    ['2021-09-08T13:11:11+02:00', 'timestamp', micros('2021-09-08T11:11:11Z')],
    ['1969-12-31 23:59:59.999999', 'timestamp', -1n],
    ['2013-07-05 17:01:00.123456', 'timestamp_ntz', micros('2013-07-05T17:01:00Z') + 123_456n],
    ['1', 'decimal(1,0)', '1'],
    ['1.5', 'decimal(5,2)', '1.50'],
    ['-0.01', 'decimal(5,2)', '-0.01'],
    [
      '12345678901234567890.123456789012345678',
      'decimal(38,18)',
      '12345678901234567890.123456789012345678',
    ],
    ['\u0001\u0002\u0003', 'binary', Uint8Array.of(1, 2, 3)],
    ['é', 'binary', Uint8Array.of(0xc3, 0xa9)],
  ])('reads %j as %s', (text, type, expected) => {
    expect(parsePartitionValue(text, type)).toEqual(expected);
  });

  it.each<[string, DeltaType, RegExp]>([
    ['abc', 'integer', /not a valid integer/],
    ['1.5', 'integer', /not a valid integer/],
    ['128', 'byte', /out of range/],
    ['9223372036854775808', 'long', /64-bit/],
    ['yes', 'boolean', /boolean/],
    ['1e', 'double', /double/],
    ['2021-13-01', 'date', /YYYY-MM-DD/],
    ['2021-09-08 11:11:11', 'date', /YYYY-MM-DD/],
    ['yesterday', 'timestamp', /timestamp/],
    ['2013-07-05 17:01:00Z', 'timestamp_ntz', /offset/],
    ['1.234', 'decimal(5,2)', /more than 2 digits/],
    ['12345', 'decimal(5,2)', /precision/],
  ])('refuses %j as %s', (text, type, message) => {
    expect(() => parsePartitionValue(text, type, 'c')).toThrow(InvalidPartitionValue);
    expect(() => parsePartitionValue(text, type, 'c')).toThrow(message);
  });

  it('refuses a nested type', () => {
    expect(() =>
      parsePartitionValue('x', { type: 'array', elementType: 'integer', containsNull: true }),
    ).toThrow(/only primitive/);
  });
});

describe('constantColumn', () => {
  const cases: [DeltaType, PartitionValue][] = [
    ['boolean', true],
    ['boolean', false],
    ['byte', -7],
    ['short', 300],
    ['integer', 2021],
    ['long', -(2n ** 62n)],
    ['float', Math.fround(1.5)],
    ['double', 9.9],
    ['date', days('2021-09-08')],
    ['timestamp', micros('2021-09-08T11:11:11Z') + 7n],
    ['timestamp_ntz', 123_456n],
    ['string', 'São Paulo'],
    ['string', ''],
    ['binary', Uint8Array.of(0, 255, 7)],
    ['decimal(38,18)', '-12345678901234567890.123456789012345678'],
    ['decimal(5,2)', '1.50'],
  ];
  const exact = (type: DeltaType, value: PartitionValue) =>
    type.toString().startsWith('decimal') && typeof value === 'string'
      ? BigInt(value.replace('.', ''))
      : value;

  it.each(cases)('repeats a %s value, as the column builder would build it', (type, value) => {
    for (const length of [0, 1, 9, 1000]) {
      const data = constantColumn(type, value, length);
      const builder = createColumnBuilder(type);
      for (let row = 0; row < length; row++) builder.append(value);
      const built = builder.finish();
      expect(String(data.type)).toBe(String(built.type));
      expect(data.length).toBe(length);
      expect(data.nullCount).toBe(0);
      for (let row = 0; row < length; row++) {
        expect(exactValue(data, row)).toEqual(exact(type, value));
        expect(exactValue(data, row)).toEqual(exactValue(built, row));
      }
    }
  });

  it.each<DeltaType>([
    ...cases.map(([type]) => type),
    { type: 'struct', fields: [{ name: 'a', type: 'integer', nullable: true, metadata: {} }] },
    { type: 'array', elementType: 'string', containsNull: true },
    { type: 'map', keyType: 'string', valueType: 'long', valueContainsNull: true },
  ])('fills a %j column with nulls', (type) => {
    const data = constantColumn(type, null, 70);
    expect(data.length).toBe(70);
    expect(data.nullCount).toBe(70);
    expect(String(data.type)).toBe(String(createColumnBuilder(type).finish().type));
    for (let row = 0; row < 70; row++) expect(exactValue(data, row)).toBeNull();
  });

  it('refuses a value of another type', () => {
    expect(() => constantColumn('integer', 'x', 3)).toThrow(TypeError);
    expect(() => constantColumn('long', 1, 3)).toThrow(TypeError);
  });
});

describe('partition values of real tables', () => {
  it.each(partitionedTables)(
    '%s: every add has partition values of the schema types',
    async (table) => {
      const rows = await partitionRows(table);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const [name, raw] of Object.entries(row.raw)) {
          if (raw === null || raw === '') expect(row.parsed[name]).toBeNull();
          else expect(row.parsed[name]).not.toBeNull();
        }
      }
    },
  );

  it('golden/data-reader-partition-values: one value of every type', async () => {
    const rows = await partitionRows('golden/data-reader-partition-values');
    const one = rows.find((row) => row.raw.as_int === '1')!.parsed;
    expect(one).toEqual({
      as_int: 1,
      as_long: 1n,
      as_byte: 1,
      as_short: 1,
      as_boolean: false,
      as_float: 1,
      as_double: 1,
      as_string: '1',
      as_string_lit_null: 'null',
      as_date: days('2021-09-08'),
      as_timestamp: micros('2021-09-08T11:11:11Z'),
      as_big_decimal: '1',
    });
    const nulls = rows.find((row) => row.raw.as_int === null)!.parsed;
    expect(Object.values(nulls).every((value) => value === null)).toBe(true);
  });

  it('golden/dv-with-columnmapping: keys are physical names', async () => {
    const rows = await partitionRows('golden/dv-with-columnmapping');
    expect(rows[0]!.parsed).toEqual({
      'col-60c949ca-b8bc-4330-b931-b73fb4c60037': expect.any(Number),
    });
  });
});
