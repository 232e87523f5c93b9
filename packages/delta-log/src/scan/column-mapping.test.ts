import { runPython } from '@silt/interop';
import {
  exactValue,
  type StructField,
  type StructType,
  tableFromRows,
  tableToJsonLines,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  columnMappingMode,
  createLogicalReader,
  PARQUET_FIELD_ID_KEY,
  physicalColumnPath,
  physicalName,
  physicalSchema,
} from './column-mapping.js';
import { InvalidColumnMapping } from './invalid-column-mapping.js';
import { conformanceDir, conformanceTable } from './test-support/conformance.js';
import { readTableLines } from './test-support/read-table.js';

/** Rows in parquet-io's canonical JSON form. */
const records = (table: arrow.Table) =>
  [...tableToJsonLines(table)].map((line) => JSON.parse(line));

const mapped = (name: string, id: number, type: StructField['type']): StructField => ({
  name,
  type,
  nullable: true,
  metadata: { 'delta.columnMapping.id': id, 'delta.columnMapping.physicalName': `col-${id}` },
});

/** A logical schema with a struct inside an array and a map of structs. */
const schema: StructType = {
  type: 'struct',
  fields: [
    mapped('id', 1, 'long'),
    mapped('address', 2, {
      type: 'struct',
      fields: [mapped('city', 3, 'string'), mapped('zip', 4, 'integer')],
    }),
    mapped('visits', 5, {
      type: 'array',
      elementType: { type: 'struct', fields: [mapped('at', 6, 'date')] },
      containsNull: true,
    }),
    mapped('scores', 7, {
      type: 'map',
      keyType: 'string',
      valueType: { type: 'struct', fields: [mapped('points', 8, 'double')] },
      valueContainsNull: true,
    }),
  ],
};

/** The rows as a file written with column mapping holds them: by physical names. */
const physicalRows = [
  {
    'col-1': 1n,
    'col-2': { 'col-3': 'Lyon', 'col-4': 69_001 },
    'col-5': [{ 'col-6': 10 }, { 'col-6': 11 }],
    'col-7': new Map([['a', { 'col-8': 1.5 }]]),
  },
  { 'col-1': 2n, 'col-2': null, 'col-5': null, 'col-7': null },
  {
    'col-1': 3n,
    'col-2': { 'col-3': null, 'col-4': 1 },
    'col-5': [],
    'col-7': new Map([['b', null]]),
  },
];
const expected = [
  {
    id: 1,
    address: { city: 'Lyon', zip: 69_001 },
    visits: [{ at: '1970-01-11' }, { at: '1970-01-12' }],
    scores: [['a', { points: 1.5 }]],
  },
  { id: 2, address: null, visits: null, scores: null },
  { id: 3, address: { city: null, zip: 1 }, visits: [], scores: [['b', null]] },
];

/** Arrow data as a file written with column mapping holds it: physical names, field ids. */
function physicalFile(options: { ids: boolean; renamed?: boolean }): arrow.Table {
  const table = tableFromRows(physicalSchema(schema, 'name'), physicalRows);
  const withIds = (field: arrow.Field): arrow.Field => {
    const id = /^col-(\d+)$/.exec(field.name)?.[1];
    const metadata = new Map<string, string>(options.ids && id ? [[PARQUET_FIELD_ID_KEY, id]] : []);
    // In id mode a file's names need not be the physical names: only the ids count.
    const name = options.renamed && id ? `other-${id}` : field.name;
    return new arrow.Field(name, retype(field.type), field.nullable, metadata);
  };
  const retype = (type: arrow.DataType): arrow.DataType => {
    if (arrow.DataType.isStruct(type)) return new arrow.Struct(type.children.map(withIds));
    if (arrow.DataType.isList(type))
      return new arrow.List(type.children[0]!.clone({ type: retype(type.children[0]!.type) }));
    if (arrow.DataType.isMap(type)) {
      const entries = type.children[0]!;
      return new arrow.Map_(
        entries.clone({ type: retype(entries.type) }) as never,
        type.keysSorted,
      );
    }
    return type;
  };
  const fileSchema = new arrow.Schema(table.schema.fields.map(withIds));
  const relabel = (data: arrow.Data, type: arrow.DataType): arrow.Data =>
    data.clone(
      type,
      data.offset,
      data.length,
      data.nullCount,
      undefined,
      data.children.map((child, k) => relabel(child, type.children[k]!.type)),
    );
  const batches = table.batches.map(
    (batch) =>
      new arrow.RecordBatch(
        fileSchema,
        relabel(batch.data, new arrow.Struct(fileSchema.fields)) as arrow.Data<arrow.Struct>,
      ),
  );
  return new arrow.Table(fileSchema, batches);
}

describe('columnMappingMode', () => {
  it.each([
    [undefined, 'none'],
    [{}, 'none'],
    [{ 'delta.columnMapping.mode': 'name' }, 'name'],
    [{ 'delta.columnMapping.mode': 'id' }, 'id'],
    [{ 'delta.columnMapping.mode': 'none' }, 'none'],
  ])('of %j is %s', (configuration, mode) => {
    expect(columnMappingMode(configuration)).toBe(mode);
  });

  it('refuses an unknown mode', () => {
    expect(() => columnMappingMode({ 'delta.columnMapping.mode': 'position' })).toThrow(
      InvalidColumnMapping,
    );
  });
});

describe('physical names', () => {
  it('renames every nested field, in structs, arrays and maps', () => {
    const physical = physicalSchema(schema, 'name');
    expect(JSON.stringify(physical)).not.toMatch(
      /"name":"(id|address|city|zip|visits|at|scores|points)"/,
    );
    expect(physical.fields.map((field) => field.name)).toEqual([
      'col-1',
      'col-2',
      'col-5',
      'col-7',
    ]);
    expect(physicalSchema(schema, 'none')).toBe(schema);
  });

  it('maps a nested column path', () => {
    expect(physicalColumnPath(schema, ['address', 'city'], 'id')).toEqual(['col-2', 'col-3']);
    expect(physicalColumnPath(schema, ['address', 'city'], 'none')).toEqual(['address', 'city']);
    expect(physicalColumnPath(schema, ['address', 'country'], 'name')).toBeUndefined();
    expect(physicalColumnPath(schema, ['visits', 'at'], 'name')).toBeUndefined();
  });

  it('refuses a field without a physical name in name mode', () => {
    const field: StructField = { name: 'x', type: 'long', nullable: true, metadata: {} };
    expect(physicalName(field, 'none')).toBe('x');
    expect(() => physicalName(field, 'name')).toThrow(/no delta.columnMapping.physicalName/);
  });
});

describe('createLogicalReader', () => {
  it.each([
    ['name', { ids: false }],
    ['id', { ids: true }],
    ['id (file names differ from the physical names)', { ids: true, renamed: true }],
  ] as const)('relabels nested data in %s mode', (label, file) => {
    const mode = label.startsWith('id') ? 'id' : 'name';
    const data = physicalFile(file);
    const reader = createLogicalReader(data.schema, schema, mode);
    expect(reader.fileColumns).toEqual(data.schema.fields.map((field) => field.name));
    const logical = reader.toLogicalTable(data);
    expect(logical.schema.fields.map((field) => field.name)).toEqual([
      'id',
      'address',
      'visits',
      'scores',
    ]);
    expect(String(logical.schema.fields[1]!.type)).toBe('Struct<{city:Utf8, zip:Int32}>');
    expect(records(logical)).toEqual(expected);
  });

  it('returns nulls for columns a file does not have, nested ones included', () => {
    const extended: StructType = {
      type: 'struct',
      fields: [
        ...schema.fields.slice(0, 1),
        mapped('address', 2, {
          type: 'struct',
          fields: [
            mapped('city', 3, 'string'),
            mapped('zip', 4, 'integer'),
            mapped('country', 9, 'string'),
          ],
        }),
        mapped('added', 10, { type: 'array', elementType: 'long', containsNull: true }),
      ],
    };
    const reader = createLogicalReader(physicalFile({ ids: true }).schema, extended, 'id');
    expect(reader.fileColumns).toEqual(['col-1', 'col-2']);
    const logical = reader.toLogicalTable(physicalFile({ ids: true }).select(['col-1', 'col-2']));
    expect(records(logical)).toEqual(
      [
        { id: 1, address: { city: 'Lyon', zip: 69_001, country: null }, added: null },
        { id: 2, address: null, added: null },
        { id: 3, address: { city: null, zip: 1, country: null }, added: null },
      ].map((row) => (row.address === null ? { ...row, address: null } : row)),
    );
  });

  it('keeps the rows of a sliced batch', () => {
    const data = physicalFile({ ids: false });
    const reader = createLogicalReader(data.schema, schema, 'name');
    const slice = data.batches[0]!.slice(1, 3);
    const logical = reader.toLogicalBatch(slice);
    expect(logical.numRows).toBe(2);
    expect(records(new arrow.Table(logical))).toEqual(expected.slice(1));
    expect(exactValue(logical.data.children[1]!.children[0]!, 1)).toBeNull();
  });

  it('reads by display names in none mode', () => {
    const plain = tableFromRows(
      { type: 'struct', fields: [{ name: 'id', type: 'long', nullable: true, metadata: {} }] },
      [{ id: 5n }],
    );
    const reader = createLogicalReader(
      plain.schema,
      { type: 'struct', fields: [schema.fields[0]!] },
      'none',
    );
    expect(records(reader.toLogicalTable(plain))).toEqual([{ id: 5 }]);
  });

  it('refuses a file without field ids in id mode', () => {
    expect(() => createLogicalReader(physicalFile({ ids: false }).schema, schema, 'id')).toThrow(
      /no Parquet field ids/,
    );
  });

  it('refuses a file whose column has another shape', () => {
    const file = new arrow.Schema([new arrow.Field('col-2', new arrow.Int32())]);
    expect(() => createLogicalReader(file, schema, 'name')).toThrow(
      /holds Int32 where the schema has a struct/,
    );
  });
});

describe('column-mapped tables read like delta-rs reads them', () => {
  // Each also exercises partition values (physical keys) and, for dv-with-columnmapping, deletion vectors.
  it.each([
    'golden/table-with-columnmapping-mode-id',
    'golden/data-skipping-basic-stats-all-types-columnmapping-id',
    'golden/data-skipping-basic-stats-all-types-columnmapping-name',
    'golden/data-reader-timestamp_ntz-id-mode',
    'golden/data-reader-timestamp_ntz-name-mode',
    'golden/dv-with-columnmapping',
    'delta-rs/table_with_column_mapping',
    'delta-rs/table_with_partitioning_mapping',
  ])('%s', async (table) => {
    const ours = await readTableLines(conformanceTable(table));
    const output = await runPython('conformance_deltars.py', [`${conformanceDir}/${table}`], {
      timeoutMs: 120_000,
    });
    const reference = JSON.parse(output.trim().split('\n')[0]!) as {
      rows: string[];
      error: unknown;
    };
    expect(reference.error).toBeNull();
    expect(ours).toEqual(reference.rows);
  });
});
