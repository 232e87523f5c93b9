import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { allTypesRows, allTypesSchema } from '../test-support/all-types.js';
import { tableFromRows } from './column-builder.js';
import { tableToJsonLines } from './exact-values.js';
import { filterBatch, takeRows } from './take-rows.js';

describe('filterBatch', () => {
  it('keeps exactly the masked rows of every type, nulls included', () => {
    const table = tableFromRows(allTypesSchema, allTypesRows());
    const batch = table.batches[0]!;
    const mask = Uint8Array.from({ length: batch.numRows }, (_, k) => (k % 3 === 1 ? 0 : 1));
    const expected = [...tableToJsonLines(table)].filter((_, k) => k % 3 !== 1);
    expect([...tableToJsonLines(new arrow.Table([filterBatch(batch, mask)]))]).toEqual(expected);
  });

  it('returns the batch itself when every row is kept, and an empty batch when none is', () => {
    const batch = tableFromRows(allTypesSchema, allTypesRows()).batches[0]!;
    expect(filterBatch(batch, new Uint8Array(batch.numRows).fill(1))).toBe(batch);
    expect(filterBatch(batch, new Uint8Array(batch.numRows)).numRows).toBe(0);
  });

  it('takeRows repeats and reorders rows', () => {
    const table = tableFromRows(allTypesSchema, allTypesRows());
    const lines = [...tableToJsonLines(table)];
    const taken = takeRows(table.batches[0]!, Int32Array.of(2, 0, 2));
    expect([...tableToJsonLines(new arrow.Table([taken]))]).toEqual([lines[2], lines[0], lines[2]]);
  });

  it('takes rows of a sliced batch (offsets into shared buffers) exactly', () => {
    const table = tableFromRows(allTypesSchema, allTypesRows());
    const lines = [...tableToJsonLines(table)];
    const batch = table.batches[0]!;
    const sliced = batch.slice(1, batch.numRows);
    const taken = takeRows(sliced, Int32Array.of(0, 2, 1, 0));
    expect([...tableToJsonLines(new arrow.Table([taken]))]).toEqual([
      lines[1],
      lines[3],
      lines[2],
      lines[1],
    ]);
  });
});
