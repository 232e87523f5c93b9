import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { IncompatibleType } from '../errors/incompatible-type.js';
import { SiltError } from '../errors/silt-error.js';
import type { StructType } from '../types/delta-type.js';
import { parseSchemaJson } from '../types/schema-json.js';
import { tableFromRows } from './column-builder.js';
import { conformBatch } from './conform.js';
import { tableToJsonLines } from './exact-values.js';

function schema(fields: [string, unknown][]): StructType {
  return parseSchemaJson(
    JSON.stringify({
      type: 'struct',
      fields: fields.map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
    }),
  );
}

function conformRows(from: StructType, rows: Record<string, unknown>[], to: StructType): string[] {
  const batch = tableFromRows(from, rows).batches[0]!;
  return [...tableToJsonLines(new arrow.Table([conformBatch(batch, to)]))];
}

describe('conformBatch', () => {
  it('orders columns by the schema and finds names case-insensitively', () => {
    const lines = conformRows(
      schema([
        ['B', 'string'],
        ['a', 'integer'],
      ]),
      [{ B: 'x', a: 1 }],
      schema([
        ['a', 'integer'],
        ['b', 'string'],
      ]),
    );
    expect(lines).toEqual(['{"a":1,"b":"x"}']);
  });

  it('fills a column the file lacks with nulls, nested fields too', () => {
    const from = schema([
      ['id', 'long'],
      [
        's',
        { type: 'struct', fields: [{ name: 'x', type: 'integer', nullable: true, metadata: {} }] },
      ],
    ]);
    const to = schema([
      ['id', 'long'],
      [
        's',
        {
          type: 'struct',
          fields: [
            { name: 'x', type: 'integer', nullable: true, metadata: {} },
            { name: 'y', type: 'string', nullable: true, metadata: {} },
          ],
        },
      ],
      ['added', 'date'],
    ]);
    expect(
      conformRows(
        from,
        [
          { id: 1n, s: { x: 5 } },
          { id: 2n, s: null },
        ],
        to,
      ),
    ).toEqual(['{"id":1,"s":{"x":5,"y":null},"added":null}', '{"id":2,"s":null,"added":null}']);
  });

  it.each([
    ['byte', 'integer', 7, '7'],
    ['short', 'long', -3, '-3'],
    ['integer', 'long', 2147483647, '2147483647'],
    ['integer', 'double', 5, '5'],
    ['float', 'double', 1.5, '1.5'],
    ['integer', 'decimal(12,2)', 42, '"42.00"'],
    ['decimal(5,1)', 'decimal(10,3)', '-12.5', '"-12.500"'],
    ['date', 'timestamp_ntz', '2024-03-01', '"2024-03-01T00:00:00.000000"'],
  ])('widens %s to %s', (from, to, value, expected) => {
    expect(
      conformRows(schema([['v', from]]), [{ v: value }, { v: null }], schema([['v', to]])),
    ).toEqual([`{"v":${expected}}`, '{"v":null}']);
  });

  it('reads nanosecond and millisecond timestamps (INT96, legacy files) as microseconds, flooring', () => {
    const field = new arrow.Field('t', new arrow.TimestampNanosecond(), true);
    const data = arrow.makeData({
      type: new arrow.TimestampNanosecond(),
      length: 2,
      data: BigInt64Array.of(1_500_999n, -1n),
    } as never);
    const batch = new arrow.RecordBatch(
      new arrow.Schema([field]),
      arrow.makeData({ type: new arrow.Struct([field]), length: 2, children: [data] }),
    );
    const lines = [
      ...tableToJsonLines(new arrow.Table([conformBatch(batch, schema([['t', 'timestamp_ntz']]))])),
    ];
    expect(lines).toEqual([
      '{"t":"1970-01-01T00:00:00.001500"}',
      '{"t":"1969-12-31T23:59:59.999999"}',
    ]);
  });

  it('decodes dictionary-encoded strings', () => {
    const vector = arrow.vectorFromArray(
      ['a', 'b', 'a', null],
      new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
    );
    const table = new arrow.Table({ s: vector });
    const lines = [
      ...tableToJsonLines(
        new arrow.Table([conformBatch(table.batches[0]!, schema([['s', 'string']]))]),
      ),
    ];
    expect(lines).toEqual(['{"s":"a"}', '{"s":"b"}', '{"s":"a"}', '{"s":null}']);
  });

  it('converts inside arrays and maps', () => {
    const from = schema([
      ['a', { type: 'array', elementType: 'integer', containsNull: true }],
      ['m', { type: 'map', keyType: 'string', valueType: 'integer', valueContainsNull: true }],
    ]);
    const to = schema([
      ['a', { type: 'array', elementType: 'long', containsNull: true }],
      ['m', { type: 'map', keyType: 'string', valueType: 'double', valueContainsNull: true }],
    ]);
    expect(conformRows(from, [{ a: [1, null], m: [['k', 2]] }], to)).toEqual([
      '{"a":[1,null],"m":[["k",2]]}',
    ]);
  });

  it('refuses a narrowing conversion with IncompatibleType', () => {
    const error = (() => {
      try {
        conformRows(
          schema([['v', 'decimal(10,4)']]),
          [{ v: '1.2345' }],
          schema([['v', 'decimal(10,2)']]),
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(SiltError.hasCode(error, IncompatibleType.code)).toBe(true);
  });
});
