import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { civilToDays } from '../arrow/values.js';
import { readParquet } from '../read/read-parquet.js';
import { jsonLines } from '../test-support/all-types.js';
import { arrowSchemaToDelta } from '../types/arrow-schema.js';
import {
  type DeltaType,
  decimalParts,
  PRIMITIVE_TYPE_NAMES,
  type StructField,
  type StructType,
} from '../types/delta-type.js';
import { type ParquetCompression, writeParquet } from './write-parquet.js';

const MIN_DAY = civilToDays(1, 1, 1);
const MAX_DAY = civilToDays(9999, 12, 31);
const MICROS_PER_DAY = 86_400_000_000n;

const primitive: fc.Arbitrary<DeltaType> = fc.oneof(
  // variant reads back as its physical struct (Parquet does not say a struct is a variant): see round-trip.test.ts.
  fc.constantFrom(...PRIMITIVE_TYPE_NAMES.filter((name) => name !== 'variant')),
  fc
    .integer({ min: 1, max: 38 })
    .chain((precision) =>
      fc
        .integer({ min: 0, max: precision })
        .map((scale) => `decimal(${precision},${scale})` as DeltaType),
    ),
);

const fieldName = fc.string({ minLength: 1, maxLength: 6 });

function structOf(child: fc.Arbitrary<DeltaType>, maxFields: number): fc.Arbitrary<StructType> {
  return fc
    .uniqueArray(fc.tuple(fieldName, child, fc.boolean()), {
      minLength: 1,
      maxLength: maxFields,
      selector: ([name]) => name.toLowerCase(),
    })
    .map((fields) => ({
      type: 'struct' as const,
      fields: fields.map(
        ([name, type, nullable]): StructField => ({ name, type, nullable, metadata: {} }),
      ),
    }));
}

const { type: deltaType } = fc.letrec<{ type: DeltaType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    primitive,
    structOf(tie('type'), 3),
    fc.record({
      type: fc.constant('array' as const),
      elementType: tie('type'),
      containsNull: fc.boolean(),
    }),
    fc.record({
      type: fc.constant('map' as const),
      keyType: primitive,
      valueType: tie('type'),
      valueContainsNull: fc.boolean(),
    }),
  ),
}));

/** Values tableFromRows accepts for `type`, null only where `nullable`. */
function arbitraryValue(type: DeltaType, nullable: boolean): fc.Arbitrary<unknown> {
  const value = nonNullValueOf(type);
  return nullable ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function nonNullValueOf(type: DeltaType): fc.Arbitrary<unknown> {
  if (typeof type !== 'string') {
    switch (type.type) {
      case 'struct':
        return fc.record(
          Object.fromEntries(type.fields.map((f) => [f.name, arbitraryValue(f.type, f.nullable)])),
        );
      case 'array':
        return fc.array(arbitraryValue(type.elementType, type.containsNull), { maxLength: 4 });
      case 'map':
        return fc.array(
          fc.tuple(
            nonNullValueOf(type.keyType),
            arbitraryValue(type.valueType, type.valueContainsNull),
          ),
          {
            maxLength: 4,
          },
        );
    }
  }
  switch (type) {
    case 'boolean':
      return fc.boolean();
    case 'byte':
      return fc.integer({ min: -128, max: 127 });
    case 'short':
      return fc.integer({ min: -32768, max: 32767 });
    case 'integer':
      return fc.integer();
    case 'long':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'float':
      return fc.float();
    case 'double':
      return fc.double();
    case 'string':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'binary':
      return fc.uint8Array({ maxLength: 12 });
    case 'variant':
      return fc.record({
        metadata: fc.uint8Array({ maxLength: 6 }),
        value: fc.uint8Array({ maxLength: 6 }),
      });
    case 'date':
      return fc.integer({ min: MIN_DAY, max: MAX_DAY });
    case 'timestamp':
    case 'timestamp_ntz':
      return fc.bigInt({
        min: BigInt(MIN_DAY) * MICROS_PER_DAY,
        max: BigInt(MAX_DAY + 1) * MICROS_PER_DAY - 1n,
      });
    default: {
      const { precision } = decimalParts(type)!;
      const limit = 10n ** BigInt(precision) - 1n;
      return fc.bigInt({ min: -limit, max: limit });
    }
  }
}

const schemaAndRows = structOf(deltaType, 4).chain((schema) =>
  fc.record({
    schema: fc.constant(schema),
    rows: fc.array(nonNullValueOf(schema) as fc.Arbitrary<Record<string, unknown>>, {
      maxLength: 25,
    }),
    compression: fc.constantFrom<ParquetCompression>('snappy', 'zstd', 'uncompressed'),
    dictionary: fc.boolean(),
    rowGroupSize: fc.integer({ min: 1, max: 30 }),
  }),
);

describe('round trip property', () => {
  it('random schemas and random rows read back from Parquet exactly, with the same Delta schema', async () => {
    await fc.assert(
      fc.asyncProperty(
        schemaAndRows,
        async ({ schema, rows, compression, dictionary, rowGroupSize }) => {
          const table = tableFromRows(schema, rows);
          const output = await readParquet(
            await writeParquet(table, { compression, dictionary, rowGroupSize }),
          );
          expect(arrowSchemaToDelta(output.schema)).toEqual(schema);
          expect(output.numRows).toBe(rows.length);
          expect(jsonLines(output)).toEqual(jsonLines(table));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a random slice of a random table (Arrow data with offsets) reads back as those rows exactly', async () => {
    const sliced = schemaAndRows.chain((input) =>
      fc
        .tuple(fc.nat({ max: input.rows.length }), fc.nat({ max: input.rows.length }))
        .map(([a, b]) => ({ ...input, from: Math.min(a, b), to: Math.max(a, b) })),
    );
    await fc.assert(
      fc.asyncProperty(sliced, async ({ schema, rows, compression, from, to }) => {
        const table = tableFromRows(schema, rows);
        const output = await readParquet(
          await writeParquet(table.slice(from, to), { compression }),
        );
        expect(jsonLines(output)).toEqual(jsonLines(table).slice(from, to));
      }),
      { numRuns: 100 },
    );
  });
});
