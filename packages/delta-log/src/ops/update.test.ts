import { readParquet, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { col, lit } from '../expr/builder.js';
import { EvaluationFailed } from '../expr/evaluation-failed.js';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { ConstraintViolation } from './errors/constraint-violation.js';
import { updateRows } from './update.js';
import { writeDeltaLake } from './write.js';

const schema = 'id INT, name STRING, value DOUBLE, part STRING';
const data = [
  { id: 1, name: 'alpha', value: 1.5, part: 'a' },
  { id: 2, name: 'beta', value: null, part: 'a' },
  { id: 3, name: null, value: 3, part: 'b' },
];

async function table(properties: Record<string, string> = {}) {
  const storage = new MemoryStorage();
  await writeDeltaLake(storage, { rows: data, schema }, { partitionBy: ['part'], properties });
  return storage;
}

async function rows(storage: MemoryStorage) {
  const t = await DeltaTable.open(storage);
  return [...tableToJsonLines(await t.scan().toArrow())]
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .sort((a, b) => (a.id as number) - (b.id as number));
}

describe('updateRows', () => {
  it('sets columns of the matching rows with SQL expressions, casting to the column type', async () => {
    const storage = await table();
    const result = await updateRows(storage, {
      set: { value: 'coalesce(value, 0) * 2 + 1', name: 'upper(name)' },
      where: "part = 'a'",
    });
    expect(result.metrics).toMatchObject({
      numUpdatedRows: 2,
      numRemovedFiles: 1,
      numAddedFiles: 1,
    });
    expect(await rows(storage)).toEqual([
      { id: 1, name: 'ALPHA', value: 4, part: 'a' },
      { id: 2, name: 'BETA', value: 1, part: 'a' },
      { id: 3, name: null, value: 3, part: 'b' },
    ]);
  });

  it('moves rows between partitions, and copies the rows it does not match', async () => {
    const storage = await table();
    const result = await updateRows(storage, { set: { part: lit('c') }, where: col('id').eq(1) });
    expect(result.metrics).toMatchObject({ numUpdatedRows: 1, numCopiedRows: 1 });
    expect((await rows(storage)).map((row) => row.part)).toEqual(['c', 'a', 'b']);
  });

  it('updates every row without a condition, and commits nothing when no row matches', async () => {
    const storage = await table();
    await updateRows(storage, { set: { id: 'id + 10' } });
    expect((await rows(storage)).map((row) => row.id)).toEqual([11, 12, 13]);
    const none = await updateRows(storage, { set: { id: '0' }, where: 'id > 100' });
    expect(none.version).toBe(1);
    const path = '_delta_log/00000000000000000001.json';
    expect(parseCommitFile(await storage.read(path), path)[0]).toMatchObject({
      commitInfo: { operation: 'UPDATE', operationParameters: { predicate: '[]' } },
    });
  });

  it('enforces NOT NULL and CHECK constraints on the new rows', async () => {
    const storage = new MemoryStorage();
    await DeltaTable.create(storage, {
      schema: 'id INT NOT NULL, value DOUBLE',
      properties: { 'delta.constraints.positive': 'value > 0' },
    });
    await writeDeltaLake(
      storage,
      { rows: [{ id: 1, value: 1 }], schema: 'id INT, value DOUBLE' },
      { mode: 'append' },
    );
    await expect(updateRows(storage, { set: { id: 'NULL' } })).rejects.toThrow(ConstraintViolation);
    const error = await updateRows(storage, { set: { value: '-1' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ConstraintViolation);
    expect(error.message).toContain('positive');
  });

  it('records pre- and post-images as change data', async () => {
    const storage = await table({ 'delta.enableChangeDataFeed': 'true' });
    await updateRows(storage, { set: { value: '9' }, where: 'id = 3' });
    const path = '_delta_log/00000000000000000001.json';
    const cdc = parseCommitFile(await storage.read(path), path).find((a) => 'cdc' in a) as {
      cdc: { path: string };
    };
    const changes = [...tableToJsonLines(await readParquet(await storage.read(cdc.cdc.path)))];
    expect(changes.map((line) => JSON.parse(line))).toEqual([
      { id: 3, name: null, value: 3, _change_type: 'update_preimage' },
      { id: 3, name: null, value: 9, _change_type: 'update_postimage' },
    ]);
  });

  it('refuses unknown columns and bad values with typed errors', async () => {
    const storage = await table();
    await expect(updateRows(storage, { set: { nope: '1' } })).rejects.toThrow(InvalidPredicate);
    await expect(updateRows(storage, { set: { value: 'nope + 1' } })).rejects.toThrow(
      InvalidPredicate,
    );
    await expect(updateRows(storage, { set: { id: "'x'" } })).rejects.toThrow(EvaluationFailed);
    expect(await rows(storage)).toHaveLength(3);
  });
});
