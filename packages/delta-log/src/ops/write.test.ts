import { SiltError, tableToJsonLines } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { col } from '../expr/builder.js';
import { parseExpression } from '../expr/parse-expression.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { DeltaTable } from '../table.js';
import { ConstraintViolation } from './errors/constraint-violation.js';
import { SchemaMismatch } from './errors/schema-mismatch.js';
import { TableAlreadyExists } from './errors/table-already-exists.js';
import { writeDeltaLake } from './write.js';

async function rows(storage: MemoryStorage, version?: number) {
  const table = await DeltaTable.open(storage, version === undefined ? {} : { version });
  const records = [...tableToJsonLines(await table.scan().toArrow())].map(
    (line) => JSON.parse(line) as Record<string, unknown>,
  );
  return records.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function commit(storage: MemoryStorage, version: number) {
  const path = `_delta_log/${String(version).padStart(20, '0')}.json`;
  return parseCommitFile(await storage.read(path), path);
}

describe('writeDeltaLake', () => {
  it('creates a table from rows and reads them back', async () => {
    const storage = new MemoryStorage();
    const result = await writeDeltaLake(storage, {
      rows: [
        { id: 1, name: 'a' },
        { id: 2, name: null },
      ],
      schema: 'id INT, name STRING',
    });
    expect(result).toMatchObject({ version: 0, committed: true });
    expect(result.metrics.numOutputRows).toBe(2);
    expect(await rows(storage)).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: null },
    ]);
    const actions = await commit(storage, 0);
    expect(Object.keys(actions[0]!)).toEqual(['commitInfo']);
    expect(actions.find((a) => 'protocol' in a)).toEqual({
      protocol: { minReaderVersion: 1, minWriterVersion: 2 },
    });
    const add = actions.find((a) => 'add' in a) as { add: { path: string; stats: string } };
    expect(add.add.path).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
    expect(JSON.parse(add.add.stats)).toEqual({
      numRecords: 2,
      minValues: { id: 1, name: 'a' },
      maxValues: { id: 2, name: 'a' },
      nullCount: { id: 0, name: 1 },
    });
  });

  it('refuses an existing table in mode error, and skips it in mode ignore', async () => {
    const storage = new MemoryStorage();
    const data = { rows: [{ id: 1 }], schema: 'id INT' };
    await writeDeltaLake(storage, data);
    await expect(writeDeltaLake(storage, data)).rejects.toThrow(TableAlreadyExists);
    expect(await writeDeltaLake(storage, data, { mode: 'ignore' })).toMatchObject({
      version: 0,
      committed: false,
    });
  });

  it('appends and overwrites, keeping every version readable', async () => {
    const storage = new MemoryStorage();
    await writeDeltaLake(storage, { rows: [{ id: 1 }], schema: 'id BIGINT' });
    await writeDeltaLake(storage, { rows: [{ id: 2 }], schema: 'id BIGINT' }, { mode: 'append' });
    const over = await writeDeltaLake(
      storage,
      { rows: [{ id: 3 }], schema: 'id BIGINT' },
      { mode: 'overwrite' },
    );
    expect(over.metrics.numRemovedFiles).toBe(2);
    expect(await rows(storage)).toEqual([{ id: 3 }]);
    expect(await rows(storage, 1)).toEqual([{ id: 1 }, { id: 2 }]);
    const info = (await commit(storage, 1))[0] as { commitInfo: Record<string, unknown> };
    expect(info.commitInfo).toMatchObject({
      operation: 'WRITE',
      operationParameters: { mode: 'Append', partitionBy: '[]' },
      readVersion: 0,
      isBlindAppend: true,
      operationMetrics: { numFiles: '1', numOutputRows: '1' },
    });
  });

  it('writes Hive-style partition folders with Spark escaping and null partitions', async () => {
    const storage = new MemoryStorage();
    const data = {
      rows: [
        { id: 1, city: 'New York', day: '2024-01-02' },
        { id: 2, city: 'a=b/c%d', day: null },
        { id: 3, city: null, day: '2024-01-02' },
        { id: 4, city: 'Zürich', day: '2024-01-03' },
      ],
      schema: 'id INT, city STRING, day DATE',
    };
    await writeDeltaLake(storage, data, { partitionBy: ['city', 'day'] });
    const snapshot = await loadSnapshot(storage);
    const paths = snapshot.files.map((file) => file.path).sort();
    expect(paths.map((path) => path.replace(/part-.*$/, ''))).toEqual([
      'city=New%20York/day=2024-01-02/',
      'city=Z\u00fcrich/day=2024-01-03/',
      'city=__HIVE_DEFAULT_PARTITION__/day=2024-01-02/',
      'city=a%253Db%252Fc%2525d/day=__HIVE_DEFAULT_PARTITION__/',
    ]);
    const files = [];
    for await (const file of storage.list('')) files.push(file);
    expect(
      files.map((file) => file.path).filter((path) => path.includes('a%3Db%2Fc%25d')),
    ).toHaveLength(1);
    expect(snapshot.files.map((file) => file.partitionValues)).toContainEqual({
      city: 'a=b/c%d',
      day: null,
    });
    expect(await rows(storage)).toEqual([
      { id: 1, city: 'New York', day: '2024-01-02' },
      { id: 2, city: 'a=b/c%d', day: null },
      { id: 3, city: null, day: '2024-01-02' },
      { id: 4, city: 'Zürich', day: '2024-01-03' },
    ]);
  });

  it('replaces only the partitions matching replaceWhere, and checks the new rows', async () => {
    const storage = new MemoryStorage();
    const schema = 'id INT, part STRING';
    await writeDeltaLake(
      storage,
      {
        rows: [
          { id: 1, part: 'a' },
          { id: 2, part: 'b' },
        ],
        schema,
      },
      { partitionBy: ['part'] },
    );
    await writeDeltaLake(
      storage,
      { rows: [{ id: 3, part: 'a' }], schema },
      { mode: 'overwrite', replaceWhere: col('part').eq('a') },
    );
    expect(await rows(storage)).toEqual([
      { id: 2, part: 'b' },
      { id: 3, part: 'a' },
    ]);
    await expect(
      writeDeltaLake(
        storage,
        { rows: [{ id: 4, part: 'b' }], schema },
        { mode: 'overwrite', replaceWhere: col('part').eq('a') },
      ),
    ).rejects.toThrow(ConstraintViolation);
  });

  it('replaceWhere on a data column rewrites the files, keeping the other rows', async () => {
    const storage = new MemoryStorage();
    const schema = 'id INT, value DOUBLE';
    await writeDeltaLake(storage, {
      rows: [
        { id: 1, value: 1 },
        { id: 2, value: 2 },
        { id: 3, value: null },
      ],
      schema,
    });
    await writeDeltaLake(
      storage,
      { rows: [{ id: 9, value: 1.5 }], schema },
      { mode: 'overwrite', replaceWhere: col('value').lt(1.75) },
    );
    expect(await rows(storage)).toEqual([
      { id: 2, value: 2 },
      { id: 3, value: null },
      { id: 9, value: 1.5 },
    ]);
  });

  it('refuses unknown columns and wrong types, and merges schemas when asked', async () => {
    const storage = new MemoryStorage();
    await writeDeltaLake(storage, { rows: [{ id: 1 }], schema: 'id INT' });
    const wider = { rows: [{ id: 2, extra: 'x' }], schema: 'id INT, extra STRING' };
    const error = await writeDeltaLake(storage, wider, { mode: 'append' }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaMismatch);
    expect(error.message).toContain('"extra"');
    expect(error.message).toContain('merge');
    await expect(
      writeDeltaLake(storage, { rows: [{ id: 'x' }], schema: 'id STRING' }, { mode: 'append' }),
    ).rejects.toThrow(SchemaMismatch);
    // A narrower integer widens on write.
    await writeDeltaLake(storage, { rows: [{ id: 5 }], schema: 'id SMALLINT' }, { mode: 'append' });
    const merged = await writeDeltaLake(storage, wider, { mode: 'append', schemaMode: 'merge' });
    expect(merged.version).toBe(2);
    expect(await rows(storage)).toEqual([
      { id: 1, extra: null },
      { id: 2, extra: 'x' },
      { id: 5, extra: null },
    ]);
  });

  it('enforces NOT NULL', async () => {
    const storage = new MemoryStorage();
    await DeltaTable.create(storage, { schema: 'id INT NOT NULL, name STRING' });
    const error = await writeDeltaLake(
      storage,
      { rows: [{ id: null, name: 'x' }], schema: 'id INT, name STRING' },
      { mode: 'append' },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConstraintViolation);
    expect(error.message).toContain('NOT NULL id');
    await expect(
      writeDeltaLake(storage, { rows: [{ name: 'x' }], schema: 'name STRING' }, { mode: 'append' }),
    ).rejects.toThrow(SchemaMismatch);
    expect((await loadSnapshot(storage)).version).toBe(0);
  });

  it('skips a repeated application transaction', async () => {
    const storage = new MemoryStorage();
    const data = { rows: [{ id: 1 }], schema: 'id INT' };
    const app = { appId: 'stream-1', version: 7 };
    await writeDeltaLake(storage, data, {
      mode: 'append',
      commitProperties: { appTransaction: app },
    });
    const again = await writeDeltaLake(storage, data, {
      mode: 'append',
      commitProperties: { appTransaction: app },
    });
    expect(again.committed).toBe(false);
    expect((await loadSnapshot(storage)).appTransaction('stream-1')?.version).toBe(7);
    expect(await rows(storage)).toEqual([{ id: 1 }]);
  });

  it('rolls files at the target size', async () => {
    const storage = new MemoryStorage();
    const many = Array.from({ length: 20_000 }, (_, id) => ({ id, text: `row ${id} `.repeat(5) }));
    await writeDeltaLake(
      storage,
      { rows: many, schema: 'id INT, text STRING' },
      { targetFileSize: 100_000 },
    );
    const snapshot = await loadSnapshot(storage);
    expect(snapshot.files.length).toBeGreaterThan(3);
    for (const file of snapshot.files) expect(file.size).toBeLessThan(400_000);
    expect((await rows(storage)).length).toBe(20_000);
  });

  it('upgrades the protocol when a property turns a feature on', async () => {
    const storage = new MemoryStorage();
    await writeDeltaLake(storage, { rows: [{ id: 1 }], schema: 'id INT' });
    await writeDeltaLake(
      storage,
      { rows: [{ id: 2 }], schema: 'id INT' },
      { mode: 'append', properties: { 'delta.enableDeletionVectors': 'true' } },
    );
    const snapshot = await loadSnapshot(storage);
    expect(snapshot.protocol).toEqual({
      minReaderVersion: 3,
      minWriterVersion: 7,
      readerFeatures: ['deletionVectors'],
      writerFeatures: ['appendOnly', 'invariants', 'deletionVectors'],
    });
  });

  it('fails with a typed error, never a stack trace, for an empty stream without a table', async () => {
    const error = await writeDeltaLake(new MemoryStorage(), [] as never).catch((e) => e);
    expect(SiltError.isInstance(error)).toBe(true);
  });
});

describe('scan filters', () => {
  it('take any predicate of the expression language, resolved against the schema', async () => {
    const storage = new MemoryStorage();
    await writeDeltaLake(storage, {
      rows: [
        { id: 1, name: 'Oslo' },
        { id: 2, name: 'Bergen' },
        { id: 3, name: null },
      ],
      schema: 'id INT, name STRING',
    });
    const table = await DeltaTable.open(storage);
    const ids = async (text: string) =>
      [...tableToJsonLines(await table.scan({ filter: parseExpression(text) }).toArrow())].map(
        (line) => (JSON.parse(line) as { id: number }).id,
      );
    expect(await ids("lower(NAME) = 'oslo'")).toEqual([1]);
    expect(await ids('id + 1 > 2')).toEqual([2, 3]);
    expect(await ids("coalesce(name, 'none') LIKE 'n%'")).toEqual([3]);
  });
});
