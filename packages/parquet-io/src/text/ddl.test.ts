import { describe, expect, it } from 'vitest';
import { InvalidSchema } from '../errors/schema-error.js';
import { type DeltaType, field, schemaToDdl, struct } from '../types/delta-type.js';
import { schemaToJson } from '../types/schema-json.js';
import { parseDdl, parseSchema } from './ddl.js';

function typeOf(ddlType: string): DeltaType {
  return parseDdl(`c ${ddlType}`).fields[0]!.type;
}

function errorOf(run: () => unknown): InvalidSchema {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSchema);
    return error as InvalidSchema;
  }
  throw new Error('expected an InvalidSchema');
}

describe('parseDdl', () => {
  it('reads the column list of the brief into the Delta schema shape', () => {
    const schema = parseDdl(
      'id INT, value DOUBLE, time TIMESTAMP, name STRING NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING>, attrs MAP<STRING, BIGINT>, addr STRUCT<city: STRING, zip: INT>',
    );
    expect(schema).toEqual(
      struct([
        field('id', 'integer'),
        field('value', 'double'),
        field('time', 'timestamp'),
        field('name', 'string', false),
        field('price', 'decimal(10,2)'),
        field('tags', { type: 'array', elementType: 'string', containsNull: true }),
        field('attrs', {
          type: 'map',
          keyType: 'string',
          valueType: 'long',
          valueContainsNull: true,
        }),
        field('addr', struct([field('city', 'string'), field('zip', 'integer')])),
      ]),
    );
  });

  it.each<[string, DeltaType]>([
    ['TINYINT', 'byte'],
    ['byte', 'byte'],
    ['SMALLINT', 'short'],
    ['Short', 'short'],
    ['INT', 'integer'],
    ['integer', 'integer'],
    ['BIGINT', 'long'],
    ['long', 'long'],
    ['FLOAT', 'float'],
    ['real', 'float'],
    ['DOUBLE', 'double'],
    ['DECIMAL', 'decimal(10,0)'],
    ['dec(5)', 'decimal(5,0)'],
    ['NUMERIC(38, 6)', 'decimal(38,6)'],
    ['decimal( 7 , 7 )', 'decimal(7,7)'],
    ['STRING', 'string'],
    ['VARCHAR(20)', 'string'],
    ['char(3)', 'string'],
    ['BINARY', 'binary'],
    ['boolean', 'boolean'],
    ['DATE', 'date'],
    ['TIMESTAMP', 'timestamp'],
    ['timestamp_ltz', 'timestamp'],
    ['TIMESTAMP_NTZ', 'timestamp_ntz'],
  ])('reads the type %s as %j', (ddlType, expected) => {
    expect(typeOf(ddlType)).toEqual(expected);
  });

  it('reads nested types, closing >> as two brackets', () => {
    expect(typeOf('ARRAY<MAP<INT, ARRAY<STRUCT<a BIGINT NOT NULL, b: DATE>>>>')).toEqual({
      type: 'array',
      elementType: {
        type: 'map',
        keyType: 'integer',
        valueType: {
          type: 'array',
          elementType: struct([field('a', 'long', false), field('b', 'date')]),
          containsNull: true,
        },
        valueContainsNull: true,
      },
      containsNull: true,
    });
  });

  it('reads an empty STRUCT<>', () => {
    expect(typeOf('STRUCT<>')).toEqual(struct([]));
  });

  it('reads backtick-quoted names with doubled backticks and spaces', () => {
    const schema = parseDdl('`my col` INT, `a``b` STRING, s STRUCT<`x y`: INT>');
    expect(schema.fields.map((f) => f.name)).toEqual(['my col', 'a`b', 's']);
    expect((schema.fields[2]!.type as { fields: { name: string }[] }).fields[0]!.name).toBe('x y');
  });

  it('keeps COMMENT text in the field metadata, with escapes, before or after NOT NULL', () => {
    const schema = parseDdl(
      "a INT COMMENT 'the id' NOT NULL, b STRING NOT NULL COMMENT \"say \\\"hi\\\"\", c INT COMMENT 'it\\'s\\n'",
    );
    expect(schema.fields.map((f) => [f.nullable, f.metadata])).toEqual([
      [false, { comment: 'the id' }],
      [false, { comment: 'say "hi"' }],
      [true, { comment: "it's\n" }],
    ]);
  });

  it('keeps COMMENT and NOT NULL on struct fields', () => {
    const type = typeOf("STRUCT<a: INT NOT NULL COMMENT 'x'>");
    expect(type).toEqual(struct([field('a', 'integer', false, { comment: 'x' })]));
  });

  it('accepts a whole STRUCT<…> as the schema, as Spark DataType.fromDDL does', () => {
    expect(parseDdl('struct<a:int,b:string>')).toEqual(
      struct([field('a', 'integer'), field('b', 'string')]),
    );
  });

  it('accepts names that are type keywords', () => {
    expect(
      parseDdl('date DATE, int INT, struct STRING').fields.map((f) => [f.name, f.type]),
    ).toEqual([
      ['date', 'date'],
      ['int', 'integer'],
      ['struct', 'string'],
    ]);
  });

  it('round-trips through schemaToDdl', () => {
    const text =
      'id BIGINT NOT NULL, `odd name` DECIMAL(38,6), tags ARRAY<STRUCT<a: INT, b: TIMESTAMP_NTZ>>, m MAP<STRING, BINARY>';
    const schema = parseDdl(text);
    expect(parseDdl(schemaToDdl(schema))).toEqual(schema);
  });

  it.each<[string, string, number]>([
    ['', 'expected a column name, found the end of the text', 0],
    ['id', 'expected a type (INT, STRING, DECIMAL(10,2), ARRAY<…>…), found the end of the text', 2],
    ['id INT,', 'expected a column name, found the end of the text', 7],
    ['id INT name STRING', 'expected "," or the end of the schema, found "name"', 7],
    ['id FOO', 'unknown type "FOO"', 3],
    ['id INTERVAL', 'the type INTERVAL is not supported by Delta tables in Silt', 3],
    ['tags ARRAY<STRING', 'expected ">" to close ARRAY<, found the end of the text', 17],
    ['m MAP<STRING>', 'expected "," between the key and value types of MAP<, found ">"', 12],
    ['s STRUCT<a INT b INT>', 'expected "," or ">" to close STRUCT<, found "b"', 15],
    ['s STRUCT<: INT>', 'expected a field name, found ":"', 9],
    ['p DECIMAL(39,2)', 'decimal precision 39 is outside 1..38', 10],
    ['p DECIMAL(0)', 'decimal precision 0 is outside 1..38', 10],
    ['p DECIMAL(5,6)', 'decimal scale 6 is larger than the precision 5', 12],
    ['p DECIMAL(5,)', 'expected a scale, found ")"', 12],
    ['p DECIMAL(5;', 'unexpected character ";"', 11],
    ['v VARCHAR', 'expected "(", found the end of the text', 9],
    ['a INT NOT', 'expected NULL, found the end of the text', 9],
    ['a INT COMMENT x', 'expected a comment string (\'text\'), found "x"', 14],
    ["a INT COMMENT 'open", 'a string literal is not closed', 14],
    ['`open INT', 'a `quoted name` is not closed', 0],
    ['a INT, A STRING', 'duplicate field "A" (names are case-insensitive)', 7],
    ['s STRUCT<x: INT, X: INT>', 'duplicate field "X" (names are case-insensitive)', 17],
    ['struct<a: INT> extra', 'expected the end of the schema, found "extra"', 15],
  ])('rejects %j: %s at position %i', (text, reason, position) => {
    const error = errorOf(() => parseDdl(text));
    expect(error.position).toBe(position);
    expect(error.message).toContain(reason);
  });
});

describe('parseSchema', () => {
  it('reads DDL', () => {
    expect(parseSchema('id INT')).toEqual(struct([field('id', 'integer')]));
  });

  it('reads Delta schema JSON when the text starts with {', () => {
    const schema = struct([field('id', 'long', false), field('at', 'timestamp_ntz')]);
    expect(parseSchema(`  ${schemaToJson(schema)}`)).toEqual(schema);
  });

  it('reports invalid JSON as InvalidSchema', () => {
    expect(() => parseSchema('{"type":')).toThrow(InvalidSchema);
  });
});
