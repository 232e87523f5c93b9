import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { SiltError } from '../errors/silt-error.js';
import { allTypesSchema } from '../test-support/all-types.js';
import {
  arrowSchemaToDelta,
  arrowTypeToDelta,
  DELTA_METADATA_KEY,
  deltaSchemaToArrow,
} from './arrow-schema.js';
import { type DeltaType, field, struct } from './delta-type.js';
import { parseSchemaJson, schemaToJson } from './schema-json.js';

describe('Delta schema <-> Arrow schema', () => {
  it('maps every Delta type to Arrow and back to the same Delta schema', () => {
    expect(arrowSchemaToDelta(deltaSchemaToArrow(allTypesSchema))).toEqual(allTypesSchema);
  });

  it('carries Delta field metadata through Arrow field metadata as JSON', () => {
    const schema = struct([
      field('id', 'long', false, { 'delta.columnMapping.id': 5, comment: 'the key' }),
    ]);
    const arrowSchema = deltaSchemaToArrow(schema);
    expect(JSON.parse(arrowSchema.fields[0]!.metadata.get(DELTA_METADATA_KEY)!)).toEqual({
      'delta.columnMapping.id': 5,
      comment: 'the key',
    });
    expect(arrowSchemaToDelta(arrowSchema)).toEqual(schema);
  });

  it('serializes every Delta type as schema JSON that parses back to the same schema', () => {
    expect(parseSchemaJson(schemaToJson(allTypesSchema))).toEqual(allTypesSchema);
  });

  it.each<[string, arrow.DataType, DeltaType]>([
    ['large strings', new arrow.LargeUtf8(), 'string'],
    [
      'dictionary-encoded strings',
      new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32()),
      'string',
    ],
    ['large binary', new arrow.LargeBinary(), 'binary'],
    ['fixed-size binary', new arrow.FixedSizeBinary(16), 'binary'],
    [
      'INT96 timestamps as parquet-wasm reads them (ns, no zone)',
      new arrow.TimestampNanosecond(),
      'timestamp_ntz',
    ],
    [
      'millisecond timestamps with a zone',
      new arrow.TimestampMillisecond('America/New_York'),
      'timestamp',
    ],
    ['millisecond dates', new arrow.DateMillisecond(), 'date'],
    ['half floats', new arrow.Float16(), 'float'],
    ['decimals', new arrow.Decimal(18, 38, 128), 'decimal(38,18)'],
  ])('reads Arrow %s as Delta %j', (_, type, expected) => {
    expect(arrowTypeToDelta(type)).toEqual(expected);
  });

  it.each<[string, arrow.DataType]>([
    ['unsigned integers', new arrow.Uint32()],
    ['durations', new arrow.Duration(arrow.TimeUnit.SECOND)],
    ['nulls', new arrow.Null()],
  ])('refuses Arrow %s with SILT_UnsupportedType', (_, type) => {
    let error: unknown;
    try {
      arrowTypeToDelta(type);
    } catch (caught) {
      error = caught;
    }
    expect(SiltError.hasCode(error, 'SILT_UnsupportedType')).toBe(true);
  });
});
