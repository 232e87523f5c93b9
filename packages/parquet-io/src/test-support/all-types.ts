/**
 * A table holding every Delta type, with nulls at every nesting level and the edge values of
 * each type, for round-trip and interop tests.
 */
import type * as arrow from 'apache-arrow';
import { tableFromRows } from '../arrow/column-builder.js';
import { tableToJsonLines } from '../arrow/exact-values.js';
import { field, type StructType, struct } from '../types/delta-type.js';

export const allTypesSchema: StructType = struct([
  field('id', 'long', false),
  field('bool', 'boolean'),
  field('byte', 'byte'),
  field('short', 'short'),
  field('int', 'integer'),
  field('long', 'long'),
  field('float', 'float'),
  field('double', 'double'),
  field('dec_38_0', 'decimal(38,0)'),
  field('dec_38_18', 'decimal(38,18)'),
  field('dec_9_2', 'decimal(9,2)'),
  field('dec_18_4', 'decimal(18,4)'),
  field('string', 'string'),
  field('binary', 'binary'),
  field('date', 'date'),
  field('ts', 'timestamp'),
  field('ts_ntz', 'timestamp_ntz'),
  field('struct', struct([field('a', 'integer'), field('b', 'string'), field('c', 'long', false)])),
  field('array', { type: 'array', elementType: 'integer', containsNull: true }),
  field('array_nn', { type: 'array', elementType: 'string', containsNull: false }),
  field('map', { type: 'map', keyType: 'string', valueType: 'double', valueContainsNull: true }),
  field('array_of_struct', {
    type: 'array',
    elementType: struct([field('x', 'long'), field('y', 'decimal(10,3)')]),
    containsNull: true,
  }),
  field('map_of_array', {
    type: 'map',
    keyType: 'integer',
    valueType: { type: 'array', elementType: 'date', containsNull: true },
    valueContainsNull: true,
  }),
  field(
    'struct_of_map',
    struct([
      field('m', {
        type: 'map',
        keyType: 'string',
        valueType: 'timestamp',
        valueContainsNull: true,
      }),
      field('n', 'short'),
    ]),
  ),
  field('deep', {
    type: 'array',
    elementType: {
      type: 'map',
      keyType: 'long',
      valueType: {
        type: 'array',
        elementType: struct([field('v', 'binary'), field('w', 'timestamp_ntz')]),
        containsNull: true,
      },
      valueContainsNull: true,
    },
    containsNull: true,
  }),
]);

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const allBytes = Uint8Array.from({ length: 256 }, (_, k) => k);

/** Rows of {@link allTypesSchema}: row 0 is all nulls, the others hold edge values. */
export function allTypesRows(): Record<string, unknown>[] {
  return [
    { id: 0n },
    {
      id: 1n,
      bool: true,
      byte: -128,
      short: -32768,
      int: -2147483648,
      long: -9223372036854775808n,
      float: Number.NaN,
      double: Number.NaN,
      dec_38_0: '-99999999999999999999999999999999999999',
      dec_38_18: '-99999999999999999999.999999999999999999',
      dec_9_2: '-9999999.99',
      dec_18_4: '-99999999999999.9999',
      string: '',
      binary: new Uint8Array(0),
      date: '0001-01-01',
      ts: '0001-01-01T00:00:00.000000Z',
      ts_ntz: '0001-01-01T00:00:00',
      struct: { a: null, b: null, c: 0n },
      array: [],
      array_nn: [],
      map: [],
      array_of_struct: [],
      map_of_array: [],
      struct_of_map: { m: [], n: null },
      deep: [],
    },
    {
      id: 2n,
      bool: false,
      byte: 127,
      short: 32767,
      int: 2147483647,
      long: 9223372036854775807n,
      float: Number.POSITIVE_INFINITY,
      double: Number.NEGATIVE_INFINITY,
      dec_38_0: '99999999999999999999999999999999999999',
      dec_38_18: '99999999999999999999.999999999999999999',
      dec_9_2: '9999999.99',
      dec_18_4: '99999999999999.9999',
      string: 'héllo wörld ✓ 😀 日本語 \u00a0',
      binary: allBytes,
      date: '9999-12-31',
      ts: '9999-12-31T23:59:59.999999Z',
      ts_ntz: '9999-12-31T23:59:59.999999',
      struct: null,
      array: null,
      array_nn: null,
      map: null,
      array_of_struct: null,
      map_of_array: null,
      struct_of_map: null,
      deep: null,
    },
    {
      id: 3n,
      bool: null,
      byte: 0,
      short: 0,
      int: 0,
      long: 9007199254740993n, // 2^53 + 1: not a double
      float: Number.NEGATIVE_INFINITY,
      double: -0,
      dec_38_0: '0',
      dec_38_18: '-0.000000000000000001',
      dec_9_2: '-0.01',
      dec_18_4: '0.0001',
      string: 'quote " backslash \\ newline \n tab \t control \u0001 \u001f del \u007f',
      binary: bytes(0),
      date: '1969-12-31',
      ts: -1n,
      ts_ntz: -1n,
      struct: { a: 1, b: 'x', c: -1n },
      array: [null],
      array_nn: [''],
      map: [['k', null]],
      array_of_struct: [null, { x: null, y: null }, { x: 1n, y: '-1.001' }],
      map_of_array: [
        [1, null],
        [2, []],
        [3, [null, '2024-02-29']],
      ],
      struct_of_map: { m: null, n: 7 },
      deep: [null, [], [[1n, null]], [[2n, [null, { v: null, w: null }]]]],
    },
    {
      id: 4n,
      bool: true,
      byte: -1,
      short: -1,
      int: -1,
      long: -9007199254740993n,
      float: 3.4028234663852886e38,
      double: 5e-324,
      dec_38_0: '12345678901234567890123456789012345678',
      dec_38_18: '12345678901234567890.123456789012345678',
      dec_9_2: '1.5',
      dec_18_4: '-1',
      string: '\u2028\u2029 émoji 👩‍👩‍👧 ',
      binary: bytes(255, 0, 128),
      date: '1900-02-28',
      ts: '1969-07-20T20:17:40.123456Z',
      ts_ntz: '1969-07-20T20:17:40.123456',
      struct: { a: null, b: '', c: 1n },
      array: [1, null, 3],
      array_nn: ['a', 'b'],
      map: [
        ['NaN', Number.NaN],
        ['inf', Number.POSITIVE_INFINITY],
        ['', -0.5],
      ],
      array_of_struct: [{ x: 9223372036854775807n, y: '9999999.999' }],
      map_of_array: [[-2147483648, ['1970-01-01']]],
      struct_of_map: {
        m: [
          ['a', null],
          ['b', '2000-01-01T00:00:00.000001Z'],
        ],
        n: -32768,
      },
      deep: [[[-9223372036854775808n, [{ v: bytes(1, 2), w: '2020-02-02T02:02:02.020202' }]]]],
    },
    {
      id: 5n,
      bool: false,
      byte: 1,
      short: 1,
      int: 1,
      long: 0n,
      float: -1.100000023841858,
      double: 0.1,
      dec_38_0: '-1',
      dec_38_18: '0',
      dec_9_2: '0',
      dec_18_4: '0',
      string: 'plain',
      binary: null,
      date: -1,
      ts: new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 1)),
      ts_ntz: 1_700_000_000_123_456n,
      struct: { a: 2147483647, b: null, c: 9223372036854775807n },
      array: [null, null],
      array_nn: [],
      map: [['only', 1e300]],
      array_of_struct: [null],
      map_of_array: [[0, [null]]],
      struct_of_map: { m: [['x', -1n]], n: null },
      deep: [[[0n, []]]],
    },
  ];
}

/** The all-types table, built with tableFromRows. */
export function allTypesTable(): arrow.Table {
  return tableFromRows(allTypesSchema, allTypesRows());
}

/** The rows of a table in Silt's canonical JSON form. */
export function jsonLines(table: arrow.Table): string[] {
  return [...tableToJsonLines(table)];
}
