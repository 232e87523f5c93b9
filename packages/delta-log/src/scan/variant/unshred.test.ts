import { type DeltaType, exactValue, SiltError, type StructType } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ProtocolNotSupported } from '../../protocol/errors/protocol-not-supported.js';
import { InvalidShreddedVariant } from './invalid-shredded-variant.js';
import {
  type Decoded,
  decodeVariant,
  encodeValue,
  metadataOf,
  type TestValue,
} from './test-support/variant-codec.js';
import { unshredVariants } from './unshred.js';

// Arrow data as parquet-wasm reads a shredded group.

type Child = [string, arrow.Data];

function validity(valid: readonly boolean[] | undefined, length: number) {
  if (!valid) return { nullCount: 0, nullBitmap: null };
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  valid.forEach((ok, k) => {
    if (ok) bitmap[k >> 3]! |= 1 << (k & 7);
  });
  return { nullCount: valid.filter((ok) => !ok).length, nullBitmap: bitmap };
}

function group(children: Child[], valid?: readonly boolean[]): arrow.Data {
  const length = children[0]![1].length;
  return arrow.makeData({
    type: new arrow.Struct(children.map(([name, data]) => new arrow.Field(name, data.type, true))),
    length,
    ...validity(valid, length),
    children: children.map(([, data]) => data),
  });
}

function list(offsets: number[], element: arrow.Data, valid?: readonly boolean[]): arrow.Data {
  const length = offsets.length - 1;
  return arrow.makeData({
    type: new arrow.List(new arrow.Field('element', element.type, false)),
    length,
    ...validity(valid, length),
    valueOffsets: Int32Array.from(offsets),
    child: element,
  });
}

function column<T extends arrow.DataType>(type: T, values: readonly unknown[]): arrow.Data {
  return arrow.vectorFromArray(values as never, type).data[0]!;
}

/** A fixed-width column from raw values (timestamps, times, dates, UUIDs, decimals). */
function raw(
  type: arrow.DataType,
  values: ArrayBufferView,
  valid?: readonly boolean[],
): arrow.Data {
  const length =
    type.typeId === arrow.Type.FixedSizeBinary
      ? values.byteLength / 16
      : type.typeId === arrow.Type.Decimal
        ? values.byteLength / 16
        : (values as unknown as ArrayLike<unknown>).length;
  return arrow.makeData({ type, length, ...validity(valid, length), data: values } as never);
}

const binary = (values: readonly (Uint8Array | null)[]) => column(new arrow.Binary(), values);

/** Values of one dictionary, as a file's rows share the top-level metadata. */
function values(keys: readonly string[], items: readonly (TestValue | undefined)[]) {
  return binary(items.map((item) => (item === undefined ? null : encodeValue(item, keys))));
}

function metadataColumn(keys: readonly string[], length: number) {
  return binary(Array.from({ length }, () => metadataOf(keys)));
}

/** Rebuilds the Variant column `v` (a group) of a one-column batch; rows decoded, SQL nulls as undefined. */
function read(data: arrow.Data, type: DeltaType = 'variant'): unknown[] {
  const schema: StructType = {
    type: 'struct',
    fields: [{ name: 'v', type, nullable: true, metadata: {} }],
  };
  const batch = new arrow.RecordBatch(
    new arrow.Schema([new arrow.Field('v', data.type, true)]),
    arrow.makeData({
      type: new arrow.Struct([new arrow.Field('v', data.type, true)]),
      length: data.length,
      nullCount: 0,
      children: [data],
    }),
  );
  const out = unshredVariants(batch, schema);
  return decodeAll(out.data.children[0]!, type);
}

function decodeAll(data: arrow.Data, type: DeltaType): unknown[] {
  return Array.from({ length: data.length }, (_, row) => decodeRow(data, type, row));
}

function decodeRow(data: arrow.Data, type: DeltaType, row: number): unknown {
  if (!data.getValid(row)) return undefined;
  if (type === 'variant') {
    expect(String(data.type)).toBe('Struct<{metadata:Binary, value:Binary}>');
    const bytes = (k: number) => {
      const child = data.children[k]!;
      const offsets = child.valueOffsets as Int32Array;
      return (child.values as Uint8Array).subarray(offsets[row]!, offsets[row + 1]!);
    };
    return decodeVariant(bytes(0), bytes(1));
  }
  if (typeof type === 'string') return exactValue(data, row);
  if (type.type === 'array') {
    const offsets = data.valueOffsets as Int32Array;
    return Array.from({ length: offsets[row + 1]! - offsets[row]! }, (_, k) =>
      decodeRow(data.children[0]!, type.elementType, offsets[row]! + k),
    );
  }
  if (type.type === 'struct') {
    return Object.fromEntries(
      type.fields.map((field, k) => [field.name, decodeRow(data.children[k]!, field.type, row)]),
    );
  }
  const offsets = data.valueOffsets as Int32Array;
  const entries = data.children[0]!;
  return Array.from({ length: offsets[row + 1]! - offsets[row]! }, (_, k) => [
    decodeRow(entries.children[0]!, type.keyType, offsets[row]! + k),
    decodeRow(entries.children[1]!, type.valueType, offsets[row]! + k),
  ]);
}

/** The raw rebuilt binaries of row `row` of `v`. */
function bytesOf(data: arrow.Data, row = 0): { metadata: number[]; value: number[] } {
  const schema: StructType = {
    type: 'struct',
    fields: [{ name: 'v', type: 'variant', nullable: true, metadata: {} }],
  };
  const batch = new arrow.RecordBatch(
    new arrow.Schema([new arrow.Field('v', data.type, true)]),
    arrow.makeData({
      type: new arrow.Struct([new arrow.Field('v', data.type, true)]),
      length: data.length,
      nullCount: 0,
      children: [data],
    }),
  );
  const out = unshredVariants(batch, schema).data.children[0]!;
  const part = (k: number) => {
    const child = out.children[k]!;
    const offsets = child.valueOffsets as Int32Array;
    return [...(child.values as Uint8Array).subarray(offsets[row]!, offsets[row + 1]!)];
  };
  return { metadata: part(0), value: part(1) };
}

const int8 = (n: number): Decoded => ({ $int8: n });

describe('unshredVariants: primitives', () => {
  it('rebuilds the specification example 34, null, "n/a", 100 (int64 typed_value)', () => {
    const data = group([
      ['metadata', metadataColumn([], 4)],
      ['value', values([], [undefined, null, 'n/a', undefined])],
      ['typed_value', column(new arrow.Int64(), [34n, null, null, 100n])],
    ]);
    expect(read(data)).toEqual([int8(34), null, 'n/a', int8(100)]);
    // Exact bytes: an empty dictionary and the narrowest integer, as Spark writes them.
    expect(bytesOf(data, 0)).toEqual({ metadata: [0x01, 0x00, 0x00], value: [0x0c, 34] });
    expect(bytesOf(data, 1)).toEqual({ metadata: [0x01, 0x00, 0x00], value: [0x00] });
    expect(bytesOf(data, 2)).toEqual({
      metadata: [0x01, 0x00, 0x00],
      value: [0x0d, 0x6e, 0x2f, 0x61],
    });
  });

  it('writes integers in the narrowest width and keeps every other primitive type', () => {
    const n = 6;
    const data = group([
      ['metadata', metadataColumn([], n)],
      ['value', values([], Array(n).fill(undefined))],
      [
        'typed_value',
        column(new arrow.Int64(), [1n, -129n, 40_000n, -2_147_483_649n, 127n, -128n]),
      ],
    ]);
    expect(read(data)).toEqual([
      int8(1),
      { $int16: -129 },
      { $int32: 40_000 },
      { $int64: -2_147_483_649n },
      int8(127),
      int8(-128),
    ]);
    const typed = (type: arrow.DataType, items: ArrayBufferView | unknown[], count: number) =>
      read(
        group([
          ['metadata', metadataColumn([], count)],
          ['typed_value', Array.isArray(items) ? column(type, items) : raw(type, items)],
        ]),
      );
    expect(typed(new arrow.Bool(), [true, false], 2)).toEqual([true, false]);
    expect(typed(new arrow.Int8(), [-5], 1)).toEqual([int8(-5)]);
    expect(typed(new arrow.Float32(), [1.5], 1)).toEqual([{ $float: 1.5 }]);
    expect(typed(new arrow.Float64(), [-0], 1)).toEqual([{ $double: -0 }]);
    expect(typed(new arrow.Utf8(), ['x'.repeat(64), 'é'], 2)).toEqual(['x'.repeat(64), 'é']);
    expect(typed(new arrow.Binary(), [Uint8Array.of(1, 2)], 1)).toEqual([{ $binary: [1, 2] }]);
    expect(typed(new arrow.DateDay(), Int32Array.of(19_782), 1)).toEqual([{ $date: 19_782 }]);
    expect(typed(new arrow.TimestampMicrosecond('UTC'), BigInt64Array.of(-1n), 1)).toEqual([
      { $timestamp: -1n },
    ]);
    expect(typed(new arrow.TimestampMicrosecond(), BigInt64Array.of(5n), 1)).toEqual([
      { $timestamp_ntz: 5n },
    ]);
    expect(typed(new arrow.TimestampNanosecond('+00:00'), BigInt64Array.of(7n), 1)).toEqual([
      { $timestamp_nanos: 7n },
    ]);
    expect(typed(new arrow.TimestampNanosecond(), BigInt64Array.of(8n), 1)).toEqual([
      { $timestamp_ntz_nanos: 8n },
    ]);
    expect(typed(new arrow.TimeMicrosecond(), BigInt64Array.of(3_600_000_000n), 1)).toEqual([
      { $time: 3_600_000_000n },
    ]);
    const uuid = Uint8Array.from({ length: 16 }, (_, k) => k);
    expect(typed(new arrow.FixedSizeBinary(16), uuid, 1)).toEqual([{ $uuid: [...uuid] }]);
  });

  it('writes decimals as decimal4, 8 or 16 by scale and digits, as Spark does', () => {
    // Decimal128 values: four little-endian 32-bit words each.
    const words = (items: bigint[]) =>
      Uint32Array.from(
        items.flatMap((item) => {
          const u = BigInt.asUintN(128, item);
          return [0n, 32n, 64n, 96n].map((shift) => Number((u >> shift) & 0xffff_ffffn));
        }),
      );
    const decimals = (precision: number, scale: number, items: bigint[]) =>
      read(
        group([
          ['metadata', metadataColumn([], items.length)],
          ['typed_value', raw(new arrow.Decimal(scale, precision, 128), words(items))],
        ]),
      );
    expect(decimals(38, 2, [5n, -999_999_999n, 1_000_000_000n, 10n ** 20n])).toEqual([
      { $decimal4: [5, 2] },
      { $decimal4: [-999_999_999, 2] },
      { $decimal8: [1_000_000_000n, 2] },
      { $decimal16: [10n ** 20n, 2] },
    ]);
    // A scale above 9 needs decimal8 even for a small value.
    expect(decimals(18, 10, [1n])).toEqual([{ $decimal8: [1n, 10] }]);
  });
});

describe('unshredVariants: objects', () => {
  const keys = ['email', 'event_ts', 'event_type', 'error_msg', 'click'];
  const field = (value: (TestValue | undefined)[], typed: arrow.Data): arrow.Data =>
    group([
      ['value', values(keys, value)],
      ['typed_value', typed],
    ]);

  /** The event example of VariantShredding.md, one row per case of its table. */
  function events() {
    const rows: {
      value: TestValue | undefined;
      typed: boolean;
      type?: string | null;
      typeValue?: TestValue;
      ts?: bigint | null;
      tsValue?: TestValue;
    }[] = [
      { value: undefined, typed: true, type: 'noop', ts: 1_729_794_114_937n },
      { value: { email: 'user@example.com' }, typed: true, type: 'login', ts: 1_729_794_146_402n },
      { value: { error_msg: 'malformed: ...' }, typed: true },
      { value: 'malformed: not an object', typed: false },
      { value: { click: '_button' }, typed: true, ts: 1_729_794_240_241n },
      { value: undefined, typed: true, typeValue: null, ts: 1_729_794_954_163n },
      { value: undefined, typed: true, type: 'noop', tsValue: '2024-10-24' },
      { value: undefined, typed: true },
      { value: null, typed: false },
      { value: undefined, typed: false },
    ];
    const valid = rows.map((row) => row.typed);
    return group(
      [
        ['metadata', metadataColumn(keys, rows.length)],
        [
          'value',
          values(
            keys,
            rows.map((row) => row.value),
          ),
        ],
        [
          'typed_value',
          group(
            [
              [
                'event_type',
                field(
                  rows.map((row) => row.typeValue),
                  column(
                    new arrow.Utf8(),
                    rows.map((row) => row.type ?? null),
                  ),
                ),
              ],
              [
                'event_ts',
                field(
                  rows.map((row) => row.tsValue),
                  raw(
                    new arrow.TimestampMicrosecond('UTC'),
                    BigInt64Array.from(rows.map((row) => row.ts ?? 0n)),
                    rows.map((row) => row.ts != null),
                  ),
                ),
              ],
            ],
            valid,
          ),
        ],
      ],
      [...Array(rows.length - 1).fill(true), false],
    );
  }

  it('rebuilds fully and partially shredded objects, missing and null fields (the specification table)', () => {
    expect(read(events())).toEqual([
      { event_ts: { $timestamp: 1_729_794_114_937n }, event_type: 'noop' },
      {
        email: 'user@example.com',
        event_ts: { $timestamp: 1_729_794_146_402n },
        event_type: 'login',
      },
      { error_msg: 'malformed: ...' },
      'malformed: not an object',
      { click: '_button', event_ts: { $timestamp: 1_729_794_240_241n } },
      { event_ts: { $timestamp: 1_729_794_954_163n }, event_type: null },
      { event_ts: '2024-10-24', event_type: 'noop' },
      {},
      null, // the Variant null: the value is there and is null
      undefined, // SQL NULL: the group itself is null
    ]);
  });

  it('builds a new dictionary of the keys used: shredded fields first, then the residual ones', () => {
    // Row 1: {"event_type": "login", "event_ts": ..., "email": ...}; dictionary in first-use order.
    const { metadata } = bytesOf(events(), 1);
    expect(metadata).toEqual([
      0x01,
      3,
      0,
      10,
      18,
      23,
      ...new TextEncoder().encode('event_typeevent_tsemail'),
    ]);
    // Row 4 lacks event_type: its key stays out.
    expect(bytesOf(events(), 4).metadata.slice(0, 2)).toEqual([0x01, 2]);
  });

  it('re-encodes residual values with the narrowest offsets and ids', () => {
    const keys2 = ['a', 'b'];
    const data = group([
      ['metadata', metadataColumn(keys2, 1)],
      ['value', values(keys2, [{ b: [1n, 'x'] }])],
      [
        'typed_value',
        group([
          [
            'a',
            group([
              ['value', values(keys2, [undefined])],
              ['typed_value', column(new arrow.Int32(), [1])],
            ]),
          ],
        ]),
      ],
    ]);
    expect(read(data)).toEqual([{ a: int8(1), b: [{ $int64: 1n }, 'x'] }]);
    // Residual arrays had 4-byte offsets in the file; Spark's rebuild (and Silt's) use 1 byte.
    expect(bytesOf(data).value).toEqual([
      0x02,
      2,
      0,
      1,
      0,
      2,
      18, // object: 2 fields, ids a=0 b=1, offsets 0 2 18
      0x0c,
      1, // a: int8 1
      0x03,
      2,
      0,
      9,
      11, // b: array of 2, offsets 0 9 11
      0x18,
      1,
      0,
      0,
      0,
      0,
      0,
      0,
      0, // int64 1 stays int64 (copied)
      0x05,
      0x78, // "x"
    ]);
  });

  it('rebuilds nested objects and arrays of objects', () => {
    const keys2 = ['a', 'x', 'y', 'k'];
    const inner = group([
      ['value', values(keys2, [undefined, { y: 'z' }, undefined])],
      [
        'typed_value',
        group(
          [
            [
              'x',
              group([
                ['value', values(keys2, [undefined, undefined, 'not an int'])],
                ['typed_value', column(new arrow.Int32(), [1, 2, null])],
              ]),
            ],
          ],
          [true, true, true],
        ),
      ],
    ]);
    const data = group([
      ['metadata', metadataColumn(keys2, 3)],
      ['value', values(keys2, [undefined, undefined, undefined])],
      ['typed_value', group([['a', inner]])],
    ]);
    expect(read(data)).toEqual([
      { a: { x: int8(1) } },
      { a: { x: int8(2), y: 'z' } },
      { a: { x: 'not an int' } },
    ]);
  });

  it('refuses a shredded object whose value is not an object, or repeats a shredded field', () => {
    const keys2 = ['a'];
    const make = (value: TestValue) =>
      group([
        ['metadata', metadataColumn(keys2, 1)],
        ['value', values(keys2, [value])],
        [
          'typed_value',
          group([
            [
              'a',
              group([
                ['value', values(keys2, [undefined])],
                ['typed_value', column(new arrow.Int32(), [1])],
              ]),
            ],
          ]),
        ],
      ]);
    for (const bad of ['a string', { a: 2n }] as TestValue[]) {
      const error = (() => {
        try {
          read(make(bad));
        } catch (e) {
          return e;
        }
      })();
      expect(SiltError.hasCode(error, InvalidShreddedVariant.code)).toBe(true);
      expect((error as InvalidShreddedVariant).column).toBe('v');
    }
  });
});

describe('unshredVariants: arrays', () => {
  it('rebuilds shredded arrays, their null elements and non-array values (the tags example)', () => {
    const element = group([
      [
        'value',
        values([], [undefined, undefined, undefined, null, undefined, undefined, undefined]),
      ],
      [
        'typed_value',
        column(new arrow.Utf8(), ['comedy', 'drama', 'horror', null, 'comedy', 'drama', 'romance']),
      ],
    ]);
    const data = group([
      ['metadata', metadataColumn([], 5)],
      ['value', values([], [undefined, undefined, undefined, null, 'not a list'])],
      ['typed_value', list([0, 2, 4, 7, 7, 7], element, [true, true, true, false, false])],
    ]);
    expect(read(data)).toEqual([
      ['comedy', 'drama'],
      ['horror', null],
      ['comedy', 'drama', 'romance'],
      null,
      'not a list',
    ]);
  });

  it('reads a missing element (value and typed_value null) as the Variant null', () => {
    const element = group([
      ['value', values([], [undefined])],
      ['typed_value', column(new arrow.Int32(), [null])],
    ]);
    const data = group([
      ['metadata', metadataColumn([], 1)],
      ['typed_value', list([0, 1], element)],
    ]);
    expect(read(data)).toEqual([[null]]);
  });

  it('rebuilds arrays of arrays and of objects, with elements only in value', () => {
    const keys = ['k', 'j'];
    const objects = group([
      ['value', values(keys, [undefined, undefined, { j: 2n }, null])],
      [
        'typed_value',
        group(
          [
            [
              'k',
              group([
                ['value', values(keys, [undefined, 1n, undefined, undefined])],
                ['typed_value', column(new arrow.Utf8(), ['a', null, null, null])],
              ]),
            ],
          ],
          [true, true, false, false],
        ),
      ],
    ]);
    const data = group([
      ['metadata', metadataColumn(keys, 1)],
      ['typed_value', list([0, 4], objects)],
    ]);
    expect(read(data)).toEqual([[{ k: 'a' }, { k: { $int64: 1n } }, { j: { $int64: 2n } }, null]]);
  });

  it('uses the Variant null for a group whose value and typed_value are both null', () => {
    const data = group([
      ['metadata', metadataColumn([], 1)],
      ['value', values([], [undefined])],
      ['typed_value', column(new arrow.Int32(), [null])],
    ]);
    expect(bytesOf(data).value).toEqual([0x00]);
  });
});

describe('unshredVariants: columns and nesting', () => {
  const shreddedInts = (items: (number | null)[], valid?: boolean[]) =>
    group(
      [
        ['metadata', metadataColumn([], items.length)],
        [
          'value',
          values(
            [],
            items.map((item) => (item === null ? 'other' : undefined)),
          ),
        ],
        ['typed_value', column(new arrow.Int32(), items)],
      ],
      valid,
    );

  it('rebuilds variants inside arrays, structs and maps', () => {
    const arrayType: DeltaType = { type: 'array', elementType: 'variant', containsNull: true };
    expect(
      read(list([0, 2, 3], shreddedInts([1, null, 3], [true, false, true])), arrayType),
    ).toEqual([[int8(1), undefined], [int8(3)]]);
    const structType: DeltaType = {
      type: 'struct',
      fields: [{ name: 'inner', type: 'variant', nullable: true, metadata: {} }],
    };
    expect(read(group([['inner', shreddedInts([7, null])]]), structType)).toEqual([
      { inner: int8(7) },
      { inner: 'other' },
    ]);
    const mapType: DeltaType = {
      type: 'map',
      keyType: 'string',
      valueType: 'variant',
      valueContainsNull: true,
    };
    const entries = arrow.makeData({
      type: new arrow.Struct([
        new arrow.Field('key', new arrow.Utf8(), false),
        new arrow.Field('value', shreddedInts([0]).type, true),
      ]),
      length: 2,
      nullCount: 0,
      children: [column(new arrow.Utf8(), ['a', 'b']), shreddedInts([5, 6], [true, false])],
    });
    const map = arrow.makeData({
      type: new arrow.Map_(new arrow.Field('entries', entries.type, false) as never),
      length: 1,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 2),
      child: entries,
    });
    expect(read(map, mapType)).toEqual([
      [
        ['a', int8(5)],
        ['b', undefined],
      ],
    ]);
  });

  it('leaves unshredded variants and batches without variants as they are', () => {
    const unshredded = group([
      ['value', values([], [1n])],
      ['metadata', metadataColumn([], 1)],
    ]);
    const batch = new arrow.RecordBatch(
      new arrow.Schema([new arrow.Field('v', unshredded.type, true)]),
      arrow.makeData({
        type: new arrow.Struct([new arrow.Field('v', unshredded.type, true)]),
        length: 1,
        nullCount: 0,
        children: [unshredded],
      }),
    );
    const schema: StructType = {
      type: 'struct',
      fields: [{ name: 'v', type: 'variant', nullable: true, metadata: {} }],
    };
    expect(unshredVariants(batch, schema)).toBe(batch);
    expect(
      unshredVariants(batch, {
        type: 'struct',
        fields: [{ name: 'v', type: 'long', nullable: true, metadata: {} }],
      }),
    ).toBe(batch);
  });

  it('refuses a typed_value of a type the shredding specification does not define', () => {
    const data = group([
      ['metadata', metadataColumn([], 1)],
      ['typed_value', column(new arrow.Uint32(), [1])],
    ]);
    const error = (() => {
      try {
        read(data);
      } catch (e) {
        return e;
      }
    })();
    expect(SiltError.hasCode(error, ProtocolNotSupported.code)).toBe(true);
    expect((error as ProtocolNotSupported).message).toContain('Uint32');
  });
});
