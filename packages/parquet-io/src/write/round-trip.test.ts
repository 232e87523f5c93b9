import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { exactVectorValue } from '../arrow/exact-values.js';
import { readParquet, readParquetMetadata } from '../read/read-parquet.js';
import {
  allTypesRows,
  allTypesSchema,
  allTypesTable,
  jsonLines,
} from '../test-support/all-types.js';
import { arrowSchemaToDelta } from '../types/arrow-schema.js';
import { field, struct } from '../types/delta-type.js';
import { type ParquetCompression, writeParquet } from './write-parquet.js';

const compressions: ParquetCompression[] = [
  'snappy',
  'zstd',
  'uncompressed',
  'gzip',
  'lz4',
  'brotli',
];

describe('round trip of every Delta type through Parquet', () => {
  const input = allTypesTable();
  const expected = jsonLines(input);

  it('builds the canonical JSON of the edge values exactly (the oracle of the round trips)', () => {
    expect(expected).toHaveLength(allTypesRows().length);
    expect(expected[0]).toBe(
      '{"id":0,"bool":null,"byte":null,"short":null,"int":null,"long":null,"float":null,"double":null,' +
        '"dec_38_0":null,"dec_38_18":null,"dec_9_2":null,"dec_18_4":null,"string":null,"binary":null,' +
        '"date":null,"ts":null,"ts_ntz":null,"struct":null,"array":null,"array_nn":null,"map":null,' +
        '"array_of_struct":null,"map_of_array":null,"struct_of_map":null,"deep":null}',
    );
    const row1 = JSON.parse(expected[1]!.replace(/"long":(-?\d+)/, '"long":"$1"'));
    expect(row1).toMatchObject({
      long: '-9223372036854775808',
      float: 'NaN',
      dec_38_0: '-99999999999999999999999999999999999999',
      dec_38_18: '-99999999999999999999.999999999999999999',
      date: '0001-01-01',
      ts: '0001-01-01T00:00:00.000000Z',
      ts_ntz: '0001-01-01T00:00:00.000000',
      struct: { a: null, b: null, c: 0 },
      array: [],
      map: [],
      struct_of_map: { m: [], n: null },
    });
    expect(expected[2]).toContain('"long":9223372036854775807');
    expect(expected[2]).toContain('"float":"Infinity","double":"-Infinity"');
    expect(expected[2]).toContain(
      '"ts":"9999-12-31T23:59:59.999999Z","ts_ntz":"9999-12-31T23:59:59.999999"',
    );
    expect(expected[3]).toContain('"long":9007199254740993');
    expect(expected[3]).toContain('"ts":"1969-12-31T23:59:59.999999Z"');
    expect(expected[3]).toContain(
      '"dec_38_0":"0","dec_38_18":"-0.000000000000000001","dec_9_2":"-0.01"',
    );
    expect(expected[3]).toContain('"map":[["k",null]]');
    expect(expected[3]).toContain('"deep":[null,[],[[1,null]],[[2,[null,{"v":null,"w":null}]]]]');
    expect(expected[4]).toContain('"dec_9_2":"1.50","dec_18_4":"-1.0000"');
    expect(expected[5]).toContain('"ts":"2024-02-29T12:00:00.001000Z"');
  });

  it.each(compressions)(
    'reads back with %s compression every value and null exactly',
    async (compression) => {
      const bytes = await writeParquet(input, { compression });
      const output = await readParquet(bytes);
      expect(jsonLines(output)).toEqual(expected);
      expect(arrowSchemaToDelta(output.schema)).toEqual(allTypesSchema);
    },
  );

  it.each([true, false])(
    'reads back with dictionary encoding %s every value exactly',
    async (dictionary) => {
      const output = await readParquet(await writeParquet(input, { dictionary }));
      expect(jsonLines(output)).toEqual(expected);
    },
  );

  it('keeps the sign of negative zero and the bits of NaN-free doubles (which canonical JSON cannot show)', async () => {
    const schema = struct([field('d', 'double'), field('f', 'float')]);
    const values = [-0, 0, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1, 1 / 3];
    const table = tableFromRows(
      schema,
      values.map((d) => ({ d, f: d })),
    );
    const output = await readParquet(await writeParquet(table));
    const doubles = values.map((_, k) => exactVectorValue(output.getChild('d')!, k));
    const floats = values.map((_, k) => exactVectorValue(output.getChild('f')!, k));
    expect(Object.is(doubles[0], -0)).toBe(true);
    expect(Object.is(doubles[1], 0)).toBe(true);
    expect(doubles).toEqual(values);
    expect(Object.is(floats[0], -0)).toBe(true);
    expect(floats).toEqual(values.map((v) => Math.fround(v)));
  });

  it('keeps non-nullable fields non-nullable and nullable ones nullable in the file schema', async () => {
    const output = await readParquet(await writeParquet(input));
    expect(output.schema.fields.find((f) => f.name === 'id')!.nullable).toBe(false);
    const structType = output.schema.fields.find((f) => f.name === 'struct')!.type as arrow.Struct;
    expect(structType.children.map((c) => [c.name, c.nullable])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    const arrayNn = output.schema.fields.find((f) => f.name === 'array_nn')!.type as arrow.List;
    expect(arrayNn.children[0]!.nullable).toBe(false);
  });

  it('writes a table of several batches as one file whose rows keep their order', async () => {
    const rows = allTypesRows();
    const table = new arrow.Table([
      ...tableFromRows(allTypesSchema, rows.slice(0, 2)).batches,
      ...tableFromRows(allTypesSchema, rows.slice(2)).batches,
    ]);
    const bytes = await writeParquet(table);
    expect((await readParquetMetadata(bytes)).numRows).toBe(rows.length);
    expect(jsonLines(await readParquet(bytes))).toEqual(expected);
  });

  it('writes and reads a table with zero rows, keeping its schema', async () => {
    const empty = tableFromRows(allTypesSchema, []);
    const output = await readParquet(await writeParquet(empty));
    expect(output.numRows).toBe(0);
    expect(arrowSchemaToDelta(output.schema)).toEqual(allTypesSchema);
  });
});

describe('variant columns', () => {
  it('round-trip as their metadata and value binaries, and read back as that struct', async () => {
    const { parseSchemaJson } = await import('../types/schema-json.js');
    const { tableFromRows } = await import('../arrow/column-builder.js');
    const { tableToJsonLines } = await import('../arrow/exact-values.js');
    const { writeParquet } = await import('./write-parquet.js');
    const { readParquet } = await import('../read/read-parquet.js');
    const schema = parseSchemaJson(
      JSON.stringify({
        type: 'struct',
        fields: [{ name: 'v', type: 'variant', nullable: true, metadata: {} }],
      }),
    );
    const rows = [
      { v: { metadata: Uint8Array.of(1, 0, 0), value: Uint8Array.of(12, 1) } },
      { v: null },
    ];
    const table = tableFromRows(schema, rows);
    const back = await readParquet(await writeParquet(table));
    expect([...tableToJsonLines(back)]).toEqual([
      '{"v":{"metadata":"AQAA","value":"DAE="}}',
      '{"v":null}',
    ]);
  });
});
