import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { tableToJsonLines } from '../arrow/exact-values.js';
import { readParquet, readParquetMetadata, readParquetSchema } from '../read/read-parquet.js';
import { parseSchemaJson } from '../types/schema-json.js';
import { writeParquet } from '../write/write-parquet.js';
import { hasNanosecondTimestamps, readFooter, readKeyValues, withInt96Hint } from './int96-hint.js';
import { encodeKeyValueList, readStructFields, writeStructFields } from './thrift-compact.js';

const schema = parseSchemaJson(
  JSON.stringify({
    type: 'struct',
    fields: [
      { name: 'id', type: 'long', nullable: true, metadata: {} },
      {
        name: 's',
        type: {
          type: 'struct',
          fields: [{ name: 'name', type: 'string', nullable: true, metadata: {} }],
        },
        nullable: true,
        metadata: {},
      },
    ],
  }),
);

async function sampleFile(keyValueMetadata: Record<string, string>): Promise<Uint8Array> {
  return writeParquet(
    tableFromRows(schema, [
      { id: 1n, s: { name: 'a' } },
      { id: null, s: null },
    ]),
    { keyValueMetadata },
  );
}

async function withoutArrowSchema(bytes: Uint8Array): Promise<Blob> {
  const footer = (await readFooter(new Blob([bytes])))!;
  const fields = readStructFields(footer.bytes).map((field) =>
    field.id === 5
      ? {
          ...field,
          value: encodeKeyValueList(
            readKeyValues(field.value).filter(([key]) => key !== 'ARROW:schema'),
          ),
        }
      : field,
  );
  const encoded = writeStructFields(fields);
  const trailer = new Uint8Array(8);
  new DataView(trailer.buffer).setUint32(0, encoded.length, true);
  trailer.set(new TextEncoder().encode('PAR1'), 4);
  return new Blob([new Blob([bytes]).slice(0, footer.start), encoded, trailer]);
}

describe('the Parquet footer codec', () => {
  it('re-encodes a footer field by field into bytes that read the same', async () => {
    const bytes = await sampleFile({ a: '1' });
    const footer = (await readFooter(new Blob([bytes])))!;
    const encoded = writeStructFields(readStructFields(footer.bytes));
    const trailer = new Uint8Array(8);
    new DataView(trailer.buffer).setUint32(0, encoded.length, true);
    trailer.set(new TextEncoder().encode('PAR1'), 4);
    const rebuilt = new Blob([new Blob([bytes]).slice(0, footer.start), encoded, trailer]);
    expect([...tableToJsonLines(await readParquet(rebuilt))]).toEqual([
      ...tableToJsonLines(await readParquet(bytes)),
    ]);
  });

  it('leaves a file alone when it has no nanosecond timestamps', async () => {
    const bytes = await sampleFile({});
    expect(hasNanosecondTimestamps(await readParquetSchema(bytes))).toBe(false);
    expect(await withInt96Hint(new Blob([bytes]), await readParquetSchema(bytes))).toBeUndefined();
  });

  it('adds the hint while keeping every other key-value entry (more than 15 of them)', async () => {
    const entries = Object.fromEntries(
      Array.from({ length: 20 }, (_, k) => [`key${k}`, `value ${k}`]),
    );
    // parquet-wasm always writes ARROW:schema; drop it, as Spark's files lack it.
    const bytes = await withoutArrowSchema(await sampleFile(entries));
    // Pretend the file had nanosecond timestamps: the hint is built from the inferred schema given.
    const inferred = new arrow.Schema([...(await readParquetSchema(bytes)).fields]);
    const withNanos = new arrow.Schema([
      ...inferred.fields,
      new arrow.Field('t', new arrow.TimestampNanosecond(), true),
    ]);
    expect(hasNanosecondTimestamps(withNanos)).toBe(true);
    const hinted = (await withInt96Hint(bytes, withNanos))!;
    const footer = (await readFooter(hinted))!;
    const keyValues = new Map(
      readKeyValues(readStructFields(footer.bytes).find((f) => f.id === 5)!.value),
    );
    for (const [key, value] of Object.entries(entries)) expect(keyValues.get(key)).toBe(value);
    expect(keyValues.get('ARROW:schema')).toMatch(/^[A-Za-z0-9+/]+=*$/);
    // The data pages are untouched: the original footer's row groups come along unchanged.
    const original = readStructFields((await readFooter(bytes))!.bytes);
    const rewritten = readStructFields(footer.bytes);
    expect(rewritten.find((f) => f.id === 4)!.value).toEqual(
      original.find((f) => f.id === 4)!.value,
    );
    expect((await readParquetMetadata(bytes)).numRows).toBe(2);
  });
});
