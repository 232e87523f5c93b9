import { readParquet, SiltError, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { col } from '../expr/builder.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { WriteNotSupported } from '../protocol/errors/write-not-supported.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { deleteRows } from './delete.js';
import { writeDeltaLake } from './write.js';

const schema = 'id INT, name STRING, value DOUBLE, part STRING';
const data = [
  { id: 1, name: 'alpha', value: 1.5, part: 'a' },
  { id: 2, name: 'beta', value: null, part: 'a' },
  { id: 3, name: null, value: 3, part: 'b' },
  { id: 4, name: 'delta', value: 4.5, part: 'b' },
  { id: 5, name: 'alphabet', value: -1, part: null },
];

async function table(properties: Record<string, string> = {}) {
  const storage = new MemoryStorage();
  await writeDeltaLake(storage, { rows: data, schema }, { partitionBy: ['part'], properties });
  return storage;
}

async function ids(storage: MemoryStorage, version?: number): Promise<number[]> {
  const t = await DeltaTable.open(storage, version === undefined ? {} : { version });
  return [...tableToJsonLines(await t.scan().toArrow())]
    .map((line) => (JSON.parse(line) as { id: number }).id)
    .sort((a, b) => a - b);
}

async function commitInfo(storage: MemoryStorage, version: number) {
  const path = `_delta_log/${String(version).padStart(20, '0')}.json`;
  const actions = parseCommitFile(await storage.read(path), path);
  return actions;
}

describe('deleteRows', () => {
  it.each([
    ['id = 2', [1, 3, 4, 5]],
    ["part = 'a'", [3, 4, 5]],
    ['part IS NULL', [1, 2, 3, 4]],
    ['value IS NULL', [1, 3, 4, 5]],
    ["name LIKE 'alpha%'", [2, 3, 4]],
    ['id * 2 > 6', [1, 2, 3]],
    ["part = 'b' OR value < 2", [2]],
    ['NOT (id BETWEEN 2 AND 4)', [2, 3, 4]],
  ])(
    'DELETE WHERE %s leaves %j (copy-on-write and deletion vectors alike)',
    async (predicate, left) => {
      for (const properties of [{}, { 'delta.enableDeletionVectors': 'true' }] as Record<
        string,
        string
      >[]) {
        const storage = await table(properties);
        await deleteRows(storage, predicate);
        expect(await ids(storage)).toEqual(left);
        expect(await ids(storage, 0)).toEqual([1, 2, 3, 4, 5]);
      }
    },
  );

  it('deletes whole partitions without reading them, with Spark metrics', async () => {
    const storage = await table();
    const result = await deleteRows(storage, col('part').eq('a'));
    expect(result.metrics).toMatchObject({
      numRemovedFiles: 1,
      numAddedFiles: 0,
      numDeletedRows: 2,
      numCopiedRows: 0,
    });
    const actions = await commitInfo(storage, 1);
    expect(actions[0]).toMatchObject({
      commitInfo: {
        operation: 'DELETE',
        operationParameters: { predicate: '["part = \'a\'"]' },
        operationMetrics: { numRemovedFiles: '1', numDeletedRows: '2' },
      },
    });
    expect(actions.filter((a) => 'add' in a)).toHaveLength(0);
  });

  it('rewrites only the files holding a matching row', async () => {
    const storage = await table();
    const result = await deleteRows(storage, 'id = 3');
    expect(result.metrics).toMatchObject({
      numRemovedFiles: 1,
      numAddedFiles: 1,
      numDeletedRows: 1,
      numCopiedRows: 1,
    });
    const nothing = await deleteRows(storage, 'id = 99');
    expect(nothing.version).toBe(result.version);
  });

  it('writes and then updates deletion vectors, keeping the data file', async () => {
    const storage = await table({ 'delta.enableDeletionVectors': 'true' });
    const first = await deleteRows(storage, 'id = 1');
    expect(first.metrics).toMatchObject({ numDeletionVectorsAdded: 1, numDeletedRows: 1 });
    const second = await deleteRows(storage, 'id = 2');
    expect(second.metrics).toMatchObject({ numDeletionVectorsRemoved: 1, numRemovedFiles: 1 });
    await deleteRows(storage, 'id = 3');
    const fourth = await deleteRows(storage, "name = 'nothing' OR id = 4");
    expect(fourth.metrics).toMatchObject({ numDeletionVectorsRemoved: 1 });
    expect(await ids(storage)).toEqual([5]);
    const snapshot = await loadSnapshot(storage);
    expect(snapshot.protocol.readerFeatures).toContain('deletionVectors');
  });

  it('updates an existing deletion vector when more rows of the file go', async () => {
    const storage = new MemoryStorage();
    const rows = Array.from({ length: 10 }, (_, id) => ({
      id,
      name: `n${id}`,
      value: id,
      part: 'x',
    }));
    await writeDeltaLake(
      storage,
      { rows, schema },
      { properties: { 'delta.enableDeletionVectors': 'true' } },
    );
    await deleteRows(storage, 'id < 3');
    const result = await deleteRows(storage, 'id > 7');
    expect(result.metrics).toMatchObject({ numDeletionVectorsUpdated: 1, numDeletedRows: 2 });
    expect(await ids(storage)).toEqual([3, 4, 5, 6, 7]);
    const [file] = (await loadSnapshot(storage)).files;
    expect(file?.deletionVector?.cardinality).toBe(5);
    expect(JSON.parse(file!.stats!).tightBounds).toBe(false);
  });

  it('deletes everything without a predicate', async () => {
    const storage = await table();
    const result = await deleteRows(storage);
    expect(result.metrics.numDeletedRows).toBe(5);
    expect(await ids(storage)).toEqual([]);
  });

  it('writes the deleted rows as change data when the feed is on', async () => {
    const storage = await table({ 'delta.enableChangeDataFeed': 'true' });
    await deleteRows(storage, 'id = 3');
    const actions = await commitInfo(storage, 1);
    const cdc = actions.find((a) => 'cdc' in a) as { cdc: { path: string; dataChange: boolean } };
    expect(cdc.cdc.path).toMatch(/^_change_data\/part=b\/cdc-00000-.*\.snappy\.parquet$/);
    expect(cdc.cdc.dataChange).toBe(false);
    const rows = [...tableToJsonLines(await readParquet(await storage.read(cdc.cdc.path)))];
    expect(rows.map((line) => JSON.parse(line))).toEqual([
      { id: 3, name: null, value: 3, _change_type: 'delete' },
    ]);
  });

  it('refuses append-only tables and bad predicates with typed errors', async () => {
    const storage = await table({ 'delta.appendOnly': 'true' });
    await expect(deleteRows(storage, 'id = 1')).rejects.toThrow(WriteNotSupported);
    const other = await table();
    const error = await deleteRows(other, 'id = ').catch((e) => e);
    expect(error).toBeInstanceOf(InvalidPredicate);
    await expect(deleteRows(other, 'nope = 1')).rejects.toThrow(InvalidPredicate);
    expect(SiltError.isInstance(error)).toBe(true);
    expect(await ids(other)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('change data under column mapping', () => {
  it('DELETE, UPDATE and MERGE write change files on a column-mapped table', async () => {
    const storage = new MemoryStorage();
    await writeDeltaLake(
      storage,
      { rows: data, schema },
      {
        partitionBy: ['part'],
        properties: { 'delta.enableChangeDataFeed': 'true', 'delta.columnMapping.mode': 'name' },
      },
    );
    const table = await DeltaTable.open(storage);
    await table.delete('id = 1');
    await (await DeltaTable.open(storage)).update({ set: { value: '0' }, where: 'id = 2' });
    const changes = await (await DeltaTable.open(storage))
      .changes({ startingVersion: 1 })
      .toArrow();
    const kinds = [...tableToJsonLines(changes)].map((line) => {
      const row = JSON.parse(line) as { id: number; _change_type: string };
      return `${row.id}:${row._change_type}`;
    });
    expect(kinds.sort()).toEqual(['1:delete', '2:update_postimage', '2:update_preimage']);
  });
});
