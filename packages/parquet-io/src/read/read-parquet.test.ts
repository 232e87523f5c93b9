import { beforeAll, describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { ParquetReadError, ParquetWriteError } from '../errors/parquet-error.js';
import { SiltError } from '../errors/silt-error.js';
import { allTypesSchema, allTypesTable, jsonLines } from '../test-support/all-types.js';
import { arrowSchemaToDelta } from '../types/arrow-schema.js';
import { field, struct } from '../types/delta-type.js';
import { type ParquetCompression, writeParquet } from '../write/write-parquet.js';
import {
  readParquet,
  readParquetBatches,
  readParquetMetadata,
  readParquetSchema,
} from './read-parquet.js';

const schema = struct([
  field('id', 'long', false),
  field('s', struct([field('a', 'integer'), field('b', 'string'), field('c', 'double')])),
  field('tags', { type: 'array', elementType: 'string', containsNull: true }),
]);

/** 95 rows: id k, s = {a: k, b: "b<k>", c: k / 2} (null every 7th), tags = ["t<k>"]. */
function rows(count = 95): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, k) => ({
    id: BigInt(k),
    s: k % 7 === 3 ? null : { a: k, b: `b${k}`, c: k / 2 },
    tags: [`t${k}`],
  }));
}

let file: Uint8Array;
const table = tableFromRows(schema, rows());
const all = jsonLines(table);

beforeAll(async () => {
  file = await writeParquet(table, {
    rowGroupSize: 10,
    keyValueMetadata: { 'silt.test': 'ünïcode value', empty: '', json: '{"a":[1,2]}' },
    createdBy: 'silt tests',
  });
});

describe('readParquetMetadata', () => {
  it('shows 10 row groups for 95 rows written with rowGroupSize 10, the last holding 5', async () => {
    const metadata = await readParquetMetadata(file);
    expect(metadata.numRows).toBe(95);
    expect(metadata.rowGroups).toHaveLength(10);
    expect(metadata.rowGroups.map((g) => g.numRows)).toEqual([
      10, 10, 10, 10, 10, 10, 10, 10, 10, 5,
    ]);
    for (const group of metadata.rowGroups) {
      expect(group.compressedBytes).toBeGreaterThan(0);
      expect(group.uncompressedBytes).toBeGreaterThan(0);
    }
  });

  it('keeps the key-value metadata and created_by written with the file', async () => {
    const metadata = await readParquetMetadata(file);
    expect(metadata.keyValueMetadata).toMatchObject({
      'silt.test': 'ünïcode value',
      empty: '',
      json: '{"a":[1,2]}',
    });
    expect(metadata.createdBy).toBe('silt tests');
  });

  it('defaults created_by to "silt parquet-io" and writes one row group for a small table', async () => {
    const metadata = await readParquetMetadata(await writeParquet(table));
    expect(metadata.createdBy).toBe('silt parquet-io');
    expect(metadata.rowGroups).toHaveLength(1);
  });

  it('reads metadata from a Blob as from bytes', async () => {
    const fromBlob = await readParquetMetadata(new Blob([file]));
    expect(fromBlob).toEqual(await readParquetMetadata(file));
  });
});

describe('readParquet options', () => {
  it('reads every row in order without options', async () => {
    expect(jsonLines(await readParquet(file))).toEqual(all);
  });

  it.each([
    { rowGroups: [0], expected: all.slice(0, 10) },
    { rowGroups: [9], expected: all.slice(90, 95) },
    { rowGroups: [2, 5], expected: [...all.slice(20, 30), ...all.slice(50, 60)] },
    { rowGroups: [], expected: [] },
  ])('reads only row groups $rowGroups', async ({ rowGroups, expected }) => {
    expect(jsonLines(await readParquet(file, { rowGroups }))).toEqual(expected);
  });

  it('reads only the projected top-level columns, in file order', async () => {
    const output = await readParquet(file, { columns: ['tags', 'id'] });
    expect(output.schema.fields.map((f) => f.name).sort()).toEqual(['id', 'tags']);
    expect(output.numRows).toBe(95);
    const byName = (line: string) => JSON.parse(line) as Record<string, unknown>;
    expect(jsonLines(output).map(byName)).toEqual(
      all.map(byName).map(({ id, tags }) => ({ id, tags }) as Record<string, unknown>),
    );
  });

  it('reads a nested path "s.b" as the struct with only that child, keeping null structs null', async () => {
    const output = await readParquet(file, { columns: ['s.b'] });
    expect(arrowSchemaToDelta(output.schema)).toEqual(
      struct([field('s', struct([field('b', 'string')]))]),
    );
    expect(jsonLines(output).slice(0, 5)).toEqual([
      '{"s":{"b":"b0"}}',
      '{"s":{"b":"b1"}}',
      '{"s":{"b":"b2"}}',
      '{"s":null}',
      '{"s":{"b":"b4"}}',
    ]);
  });

  it('reads two children of one struct by their paths', async () => {
    const output = await readParquet(file, { columns: ['s.a', 's.c'], rowGroups: [1] });
    expect(arrowSchemaToDelta(output.schema)).toEqual(
      struct([field('s', struct([field('a', 'integer'), field('c', 'double')]))]),
    );
    // Rows 10 and 17 hold a null struct (k % 7 === 3).
    expect(jsonLines(output).slice(0, 3)).toEqual([
      '{"s":null}',
      '{"s":{"a":11,"c":5.5}}',
      '{"s":{"a":12,"c":6}}',
    ]);
    expect(jsonLines(output)[7]).toBe('{"s":null}');
  });

  it.each([
    { limit: 5, offset: undefined, expected: all.slice(0, 5) },
    { limit: undefined, offset: 90, expected: all.slice(90) },
    { limit: 7, offset: 8, expected: all.slice(8, 15) },
    { limit: 0, offset: 0, expected: [] },
    { limit: 1000, offset: 94, expected: all.slice(94) },
    { limit: 3, offset: 200, expected: [] },
  ])(
    'reads limit $limit from offset $offset across row groups',
    async ({ limit, offset, expected }) => {
      const options = {
        ...(limit === undefined ? {} : { limit }),
        ...(offset === undefined ? {} : { offset }),
      };
      expect(jsonLines(await readParquet(file, options))).toEqual(expected);
    },
  );

  it('streams batches of batchSize rows that together hold every row', async () => {
    const sizes: number[] = [];
    const lines: string[] = [];
    for await (const batch of readParquetBatches(file, { batchSize: 4, rowGroups: [0, 1] })) {
      sizes.push(batch.numRows);
      lines.push(...jsonLines(new (await import('apache-arrow')).Table([batch])));
    }
    expect(sizes.every((n) => n <= 4)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20);
    expect(lines).toEqual(all.slice(0, 20));
  });
});

describe('readParquetSchema', () => {
  it('reads the Arrow schema of every Delta type from the footer', async () => {
    const schemaOf = await readParquetSchema(await writeParquet(allTypesTable()));
    expect(arrowSchemaToDelta(schemaOf)).toEqual(allTypesSchema);
  });

  it('reads the schema of a file with zero rows', async () => {
    const schemaOf = await readParquetSchema(await writeParquet(tableFromRows(schema, [])));
    expect(arrowSchemaToDelta(schemaOf)).toEqual(schema);
  });
});

function parquetReadError(path?: string): unknown {
  return expect.objectContaining({
    code: 'SILT_ParquetRead',
    name: 'SILT_ParquetRead',
    ...(path ? { path } : {}),
  });
}

describe('read errors are typed SiltErrors with codes', () => {
  const garbage = new TextEncoder().encode('this is not a parquet file, just some text bytes');

  it.each([
    { name: 'empty bytes', bytes: () => new Uint8Array(0) },
    { name: 'text bytes', bytes: () => garbage },
    { name: 'a PAR1 header and footer around garbage', bytes: () => frame(garbage) },
    { name: 'a truncated file (footer cut off)', bytes: () => file.subarray(0, file.length - 20) },
    { name: 'a file missing its first half', bytes: () => file.subarray(file.length >> 1) },
  ])('readParquet of $name throws ParquetReadError', async ({ bytes }) => {
    const error = await readParquet(bytes()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetReadError);
    expect(SiltError.isInstance(error)).toBe(true);
    expect(SiltError.hasCode(error, ParquetReadError.code)).toBe(true);
    expect(error).toEqual(parquetReadError());
    expect((error as Error).message).toMatch(/^Cannot read Parquet file/);
  });

  it.each([
    { name: 'readParquetSchema', read: (b: Uint8Array) => readParquetSchema(b, 'x.parquet') },
    { name: 'readParquetMetadata', read: (b: Uint8Array) => readParquetMetadata(b, 'x.parquet') },
    { name: 'readParquet', read: (b: Uint8Array) => readParquet(b, {}, 'x.parquet') },
  ])('$name of bad bytes throws ParquetReadError naming the path', async ({ read }) => {
    const error = await read(garbage).catch((e: unknown) => e);
    expect(error).toEqual(parquetReadError('x.parquet'));
    expect((error as Error).message).toContain('x.parquet');
  });

  it('readParquetBatches of bad bytes throws ParquetReadError on the first pull', async () => {
    const error = await readParquetBatches(garbage)
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetReadError);
  });

  it.each([['nope'], ['s.nope'], ['id.x'], ['tags.element.x'], ['']])(
    'reading the missing column "%s" throws ParquetReadError listing the columns',
    async (column) => {
      const error = await readParquet(file, { columns: [column] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetReadError);
      expect((error as Error).message).toContain(`no column "${column}"`);
      expect((error as Error).message).toContain('id, s, tags');
    },
  );

  it.each([[10], [-1], [1.5], [Number.NaN]])(
    'reading the row group %s of 10 throws ParquetReadError',
    async (group) => {
      const error = await readParquet(file, { rowGroups: [0, group] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetReadError);
      expect((error as Error).message).toContain(`row group ${group} does not exist`);
      expect((error as Error).message).toContain('The file has 10 row groups');
    },
  );

  it('streaming a missing row group throws ParquetReadError', async () => {
    const error = await readParquetBatches(file, { rowGroups: [11] })
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParquetReadError);
  });
});

describe('write errors are typed SiltErrors with codes', () => {
  it.each(['lzo', 'SNAPPY', '', 'none'])(
    'an unknown compression "%s" throws ParquetWriteError',
    async (compression) => {
      const error = await writeParquet(table, {
        compression: compression as ParquetCompression,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetWriteError);
      expect(SiltError.hasCode(error, 'SILT_ParquetWrite')).toBe(true);
      expect((error as Error).message).toContain(`unknown compression "${compression}"`);
    },
  );

  it.each([0, -1, 2.5, Number.NaN])(
    'rowGroupSize %s throws ParquetWriteError',
    async (rowGroupSize) => {
      const error = await writeParquet(table, { rowGroupSize }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParquetWriteError);
      expect((error as Error).message).toContain('rowGroupSize must be a positive integer');
    },
  );
});

/** Bytes framed as Parquet: magic, body, a footer length that points at garbage, magic. */
function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 12);
  out.set([0x50, 0x41, 0x52, 0x31], 0);
  out.set(body, 4);
  new DataView(out.buffer).setUint32(body.length + 4, body.length, true);
  out.set([0x50, 0x41, 0x52, 0x31], body.length + 8);
  return out;
}
