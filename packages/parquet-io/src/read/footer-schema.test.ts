import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../arrow/column-builder.js';
import { field, struct } from '../types/delta-type.js';
import { takeSchema, wasm } from '../wasm/parquet-wasm.js';
import { writeParquet } from '../write/write-parquet.js';
import { bytesBlob } from './bytes-blob.js';
import { schemaOfBytes } from './footer-schema.js';

const schema = struct([
  field('id', 'long', false),
  field('s', struct([field('a', 'integer'), field('b', 'string')])),
  field('m', { type: 'map', keyType: 'string', valueType: 'string', valueContainsNull: true }),
]);

async function parquet(): Promise<Uint8Array> {
  return writeParquet(
    tableFromRows(schema, [{ id: 1n, s: { a: 1, b: 'x' }, m: new Map([['k', 'v']]) }]),
  );
}

describe('schemaOfBytes', () => {
  it('reads from the footer alone the schema the whole file gives', async () => {
    const bytes = await parquet();
    expect(String(schemaOfBytes(bytes))).toBe(String(takeSchema(wasm.readSchema(bytes))));
  });

  it('fails as parquet-wasm fails on the whole file when the tail is not a footer', () => {
    const bytes = new TextEncoder().encode('not parquet at all');
    const expected = (() => {
      try {
        wasm.readSchema(bytes);
      } catch (error) {
        return String(error);
      }
    })();
    expect(() => schemaOfBytes(bytes)).toThrow();
    try {
      schemaOfBytes(bytes);
    } catch (error) {
      expect(String(error)).toBe(expected);
    }
  });
});

describe('bytesBlob', () => {
  it('serves the sizes and ranges a Blob of the same bytes serves', async () => {
    const bytes = new Uint8Array(Array.from({ length: 100 }, (_, k) => k));
    const blob = bytesBlob(bytes.subarray(10, 90));
    const reference = new Blob([bytes.subarray(10, 90)]);
    expect(blob.size).toBe(reference.size);
    for (const [from, to] of [
      [0, 80],
      [5, 20],
      [-8, undefined],
      [70, 200],
      [30, 10],
    ] as const) {
      const ours = new Uint8Array(await blob.slice(from, to).arrayBuffer());
      const theirs = new Uint8Array(await reference.slice(from, to).arrayBuffer());
      expect(ours).toEqual(theirs);
    }
    expect(new Uint8Array(await blob.slice(5, 20).slice(2, 4).arrayBuffer())).toEqual(
      new Uint8Array([17, 18]),
    );
  });
});
