import { tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { LocalStorage } from '../../storage/local-storage.js';
import { DeltaTable } from '../../table.js';

/**
 * A table Apache Spark 4.2 / Delta 4.4 wrote with shredding forced to 15 shapes, one append each
 * (test-support/spark-shredded-variant.py): objects (partially shredded, fields missing, null,
 * of the wrong type, nested objects and arrays), arrays of primitives, of objects and of arrays,
 * and every primitive Spark shreds, each over the same 31 values (version 1 is unshredded).
 * The expected rows are Spark's own read of it (canonical JSON lines, variants as base64
 * metadata and value): Silt must return the same bytes.
 */
const folder = decodeURIComponent(new URL('./test-support/', import.meta.url).pathname);
const tableDir = `${folder}spark-shredded-variant`;

async function expectedLines(name: string): Promise<string[]> {
  const text = new TextDecoder().decode(await new LocalStorage(folder).read(name));
  return text.split('\n').filter((line) => line !== '');
}

async function siltLines(version?: number): Promise<string[]> {
  const table = await DeltaTable.open(tableDir, version === undefined ? {} : { version });
  return [...tableToJsonLines(await table.scan().toArrow())].sort();
}

describe('shredded variants written by Spark', () => {
  it('reads every shredded shape as Spark does, byte for byte', async () => {
    const expected = (await expectedLines('spark-shredded-variant.rows.jsonl')).sort();
    const actual = await siltLines();
    expect(actual).toHaveLength(31 * 16);
    // Row by row first, for a readable failure.
    const byId = (lines: string[]) => new Map(lines.map((line) => [JSON.parse(line).id, line]));
    const want = byId(expected);
    for (const [id, line] of byId(actual)) expect(line, `row ${id}`).toBe(want.get(id));
    expect(actual).toEqual(expected);
  });

  it('reads the unshredded first append unchanged', async () => {
    expect(await siltLines(1)).toEqual(
      (await expectedLines('spark-shredded-variant.rows-v1.jsonl')).sort(),
    );
  });
});
