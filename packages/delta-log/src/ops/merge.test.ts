import { readParquet, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { InvalidPredicate } from '../expr/invalid-predicate.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { MergeCardinalityViolation } from './errors/merge-cardinality-violation.js';
import { writeDeltaLake } from './write.js';

const schema = 'id INT, value STRING, part STRING';
const target = [
  { id: 1, value: 'a', part: 'x' },
  { id: 2, value: 'b', part: 'x' },
  { id: 3, value: 'c', part: 'y' },
];
const source = {
  rows: [
    { id: 2, value: 'B', part: 'x' },
    { id: 4, value: 'D', part: 'y' },
  ],
  schema,
};
const aliases = { sourceAlias: 's', targetAlias: 't' };

async function table(properties: Record<string, string> = {}) {
  const storage = new MemoryStorage();
  await writeDeltaLake(storage, { rows: target, schema }, { partitionBy: ['part'], properties });
  return storage;
}

async function rows(storage: MemoryStorage) {
  const t = await DeltaTable.open(storage);
  return [...tableToJsonLines(await t.scan().toArrow())]
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .sort((a, b) => (a.id as number) - (b.id as number));
}

const open = (storage: MemoryStorage) => DeltaTable.open(storage);

describe('MERGE', () => {
  it('upserts: updates matches, inserts the rest, rewriting only touched files', async () => {
    const storage = await table();
    const result = await (await open(storage))
      .merge(source, 't.id = s.id', aliases)
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute();
    expect(await rows(storage)).toEqual([
      { id: 1, value: 'a', part: 'x' },
      { id: 2, value: 'B', part: 'x' },
      { id: 3, value: 'c', part: 'y' },
      { id: 4, value: 'D', part: 'y' },
    ]);
    expect(result.metrics).toMatchObject({
      numSourceRows: 2,
      numTargetRowsInserted: 1,
      numTargetRowsUpdated: 1,
      numTargetRowsCopied: 1,
      numTargetFilesRemoved: 1,
    });
    const path = `_delta_log/${String(result.version).padStart(20, '0')}.json`;
    const info = parseCommitFile(await storage.read(path), path)[0] as {
      commitInfo: { operation: string; operationParameters: Record<string, string> };
    };
    expect(info.commitInfo.operation).toBe('MERGE');
    expect(JSON.parse(info.commitInfo.operationParameters.matchedPredicates!)).toEqual([
      { actionType: 'update' },
    ]);
  });

  it('inserts only new (id, value) pairs in one line (the demo’s silver step)', async () => {
    const storage = await table();
    const incoming = {
      rows: [
        { id: 1, value: 'a', part: 'x' },
        { id: 1, value: 'z', part: 'x' },
        { id: 5, value: 'e', part: 'y' },
      ],
      schema,
    };
    const result = await (await open(storage))
      .merge(incoming, 't.id = s.id AND t.value = s.value', aliases)
      .whenNotMatchedInsertAll()
      .execute();
    expect(result.metrics).toMatchObject({ numTargetRowsInserted: 2, numTargetFilesRemoved: 0 });
    expect((await rows(storage)).map((row) => `${row.id}${row.value}`)).toEqual([
      '1a',
      '1z',
      '2b',
      '3c',
      '5e',
    ]);
  });

  it('applies clauses in order with conditions, deletes and expressions', async () => {
    const storage = await table();
    const updates = {
      rows: [
        { id: 1, value: 'drop', part: 'x' },
        { id: 2, value: 'keep', part: 'x' },
        { id: 9, value: 'skip', part: 'y' },
        { id: 10, value: 'new', part: 'y' },
      ],
      schema,
    };
    await (await open(storage))
      .merge(updates, 't.id = s.id', aliases)
      .whenMatchedDelete("s.value = 'drop'")
      .whenMatchedUpdate({ value: 'upper(t.value)' })
      .whenNotMatchedInsert(
        { id: 's.id * 10', value: 'upper(s.value)', part: 's.part' },
        "s.value <> 'skip'",
      )
      .execute();
    const after = await rows(storage);
    expect(after.map((row) => row.id)).toEqual([2, 3, 100]);
    expect(after.find((row) => row.id === 100)).toEqual({ id: 100, value: 'NEW', part: 'y' });
    expect(after.find((row) => row.id === 2)?.value).toBe('B');
  });

  it('updates and deletes target rows the source does not match', async () => {
    const storage = await table();
    await (await open(storage))
      .merge({ rows: [{ id: 1, value: 'A', part: 'x' }], schema }, 't.id = s.id', aliases)
      .whenMatchedUpdateAll()
      .whenNotMatchedBySourceDelete("t.part = 'y'")
      .whenNotMatchedBySourceUpdate({ value: "'orphan'" })
      .execute();
    expect(await rows(storage)).toEqual([
      { id: 1, value: 'A', part: 'x' },
      { id: 2, value: 'orphan', part: 'x' },
    ]);
  });

  it('fails when two source rows match one target row, committing nothing', async () => {
    const storage = await table();
    const duplicated = {
      rows: [
        { id: 1, value: 'p', part: 'x' },
        { id: 1, value: 'q', part: 'x' },
      ],
      schema,
    };
    const error = await (await open(storage))
      .merge(duplicated, 't.id = s.id', aliases)
      .whenMatchedUpdateAll()
      .execute()
      .catch((e) => e);
    expect(error).toBeInstanceOf(MergeCardinalityViolation);
    expect((await loadSnapshot(storage)).version).toBe(0);
  });

  it('evolves the schema when asked, and refuses ambiguous or unknown columns', async () => {
    const storage = await table();
    const wider = {
      rows: [{ id: 7, value: 'g', part: 'x', extra: 1.5 }],
      schema: `${schema}, extra DOUBLE`,
    };
    await (await open(storage))
      .merge(wider, 't.id = s.id', { ...aliases, schemaEvolution: true })
      .whenNotMatchedInsertAll()
      .execute();
    const after = await rows(storage);
    expect(after.find((row) => row.id === 7)).toEqual({ id: 7, value: 'g', part: 'x', extra: 1.5 });
    expect(after.find((row) => row.id === 1)?.extra).toBeNull();
    const table2 = await open(storage);
    await expect(
      table2.merge(source, 'id = s.id', aliases).whenMatchedDelete().execute(),
    ).rejects.toThrow(InvalidPredicate);
    await expect(
      table2.merge(source, 't.nope = s.id', aliases).whenMatchedDelete().execute(),
    ).rejects.toThrow(InvalidPredicate);
  });

  it('joins without an equality too (every pair is tested)', async () => {
    const storage = await table();
    await (await open(storage))
      .merge({ rows: [{ id: 2, value: 'v', part: 'x' }], schema }, 't.id < s.id', aliases)
      .whenMatchedDelete()
      .execute();
    expect((await rows(storage)).map((row) => row.id)).toEqual([2, 3]);
  });

  it('writes insert, delete and update change data', async () => {
    const storage = await table({ 'delta.enableChangeDataFeed': 'true' });
    const result = await (await open(storage))
      .merge(source, 't.id = s.id', aliases)
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute();
    expect(result.metrics.numTargetChangeFilesAdded).toBeGreaterThan(0);
    const path = `_delta_log/${String(result.version).padStart(20, '0')}.json`;
    const changes: Record<string, unknown>[] = [];
    for (const action of parseCommitFile(await storage.read(path), path)) {
      if (!('cdc' in action)) continue;
      const file = await readParquet(await storage.read(decodeURIComponent(action.cdc.path)));
      for (const line of tableToJsonLines(file)) changes.push(JSON.parse(line));
    }
    expect(changes.map((row) => `${row.id}${row.value}:${row._change_type}`).sort()).toEqual([
      '2B:update_postimage',
      '2b:update_preimage',
      '4D:insert',
    ]);
  });
});
