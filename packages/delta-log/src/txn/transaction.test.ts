import { describe, expect, it } from 'vitest';
import { col, toExpression } from '../expr/builder.js';
import { writeDeltaLake } from '../ops/write.js';
import type { AddAction } from '../protocol/actions.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { FileAlreadyExists } from '../storage/errors.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import type { Storage } from '../storage/storage.js';
import { CommitAttemptsExhausted } from './errors/commit-attempts-exhausted.js';
import {
  ConcurrentAppend,
  ConcurrentDeleteDelete,
  ConcurrentDeleteRead,
  ConcurrentTransaction,
  MetadataChanged,
  ProtocolChanged,
} from './errors/concurrent-modification.js';
import { type IsolationLevel, Transaction } from './transaction.js';

const schema = 'id INT, part STRING';

async function table() {
  const storage = new MemoryStorage();
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
  return storage;
}

function file(path: string, part: string): AddAction {
  return {
    path,
    partitionValues: { part },
    size: 1,
    modificationTime: 0,
    dataChange: true,
    stats: '{"numRecords":1}',
  };
}

async function begin(storage: Storage, isolationLevel?: IsolationLevel) {
  return new Transaction(
    storage,
    await loadSnapshot(storage),
    isolationLevel ? { isolationLevel } : {},
  );
}

const op = { operation: 'TEST' };

describe('Transaction', () => {
  it('rebases blind appends over each other', async () => {
    const storage = await table();
    const first = (await begin(storage)).add(file('x.parquet', 'a'));
    const second = (await begin(storage)).add(file('y.parquet', 'a'));
    expect(await first.commit(op)).toMatchObject({ version: 1, retries: 0 });
    expect(await second.commit(op)).toMatchObject({ version: 2, retries: 1 });
    expect((await loadSnapshot(storage)).files).toHaveLength(4);
  });

  it('lets a blind append through an overwrite under WriteSerializable, not under Serializable', async () => {
    for (const level of ['WriteSerializable', 'Serializable'] as const) {
      const storage = await table();
      const snapshot = await loadSnapshot(storage);
      const overwrite = (await begin(storage, level))
        .readWholeTable()
        .remove(...snapshot.files.map((f) => ({ path: f.path, dataChange: true })));
      await (await begin(storage)).add(file('x.parquet', 'a')).commit(op);
      if (level === 'WriteSerializable')
        await expect(overwrite.commit(op)).resolves.toMatchObject({ version: 2 });
      else await expect(overwrite.commit(op)).rejects.toThrow(ConcurrentAppend);
    }
  });

  it('fails with ConcurrentAppend only when the new file might match what was read', async () => {
    const storage = await table();
    const reader = (await begin(storage, 'Serializable')).readPredicate(
      toExpression(col('part').eq('a')),
    );
    reader.add(file('mine.parquet', 'a'));
    await (await begin(storage)).add(file('other-b.parquet', 'b')).commit(op);
    await expect(reader.commit(op)).resolves.toMatchObject({ version: 2 });

    const second = (await begin(storage, 'Serializable')).readPredicate(
      toExpression(col('part').eq('a')),
    );
    second.add(file('mine2.parquet', 'a'));
    await (await begin(storage)).add(file('other-a.parquet', 'a')).commit(op);
    const error = await second.commit(op).catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrentAppend);
    expect(error.code).toBe('SILT_ConcurrentAppend');
    expect(error.message).toContain('other-a.parquet');
  });

  it('fails with ConcurrentDeleteRead when a file it read was removed', async () => {
    const storage = await table();
    const snapshot = await loadSnapshot(storage);
    const target = snapshot.files[0]!;
    const reader = (await begin(storage)).readFiles([target]).add(file('rewritten.parquet', 'a'));
    await (await begin(storage)).remove({ path: target.path, dataChange: true }).commit(op);
    await expect(reader.commit(op)).rejects.toThrow(ConcurrentDeleteRead);
  });

  it('fails with ConcurrentDeleteDelete when both remove one file', async () => {
    const storage = await table();
    const target = (await loadSnapshot(storage)).files[0]!;
    const mine = (await begin(storage)).remove({ path: target.path, dataChange: true });
    await (await begin(storage)).remove({ path: target.path, dataChange: true }).commit(op);
    await expect(mine.commit(op)).rejects.toThrow(ConcurrentDeleteDelete);
  });

  it('fails with MetadataChanged and ProtocolChanged', async () => {
    const storage = await table();
    const snapshot = await loadSnapshot(storage);
    const mine = (await begin(storage)).add(file('x.parquet', 'a'));
    await (await begin(storage))
      .setMetadata({ ...snapshot.metadata, configuration: { 'delta.appendOnly': 'true' } })
      .commit(op);
    await expect(mine.commit(op)).rejects.toThrow(MetadataChanged);

    const again = (await begin(storage)).add(file('y.parquet', 'a'));
    await (await begin(storage))
      .setProtocol({ minReaderVersion: 1, minWriterVersion: 3 })
      .commit(op);
    await expect(again.commit(op)).rejects.toThrow(ProtocolChanged);
  });

  it('fails with ProtocolChanged when another writer creates the table first', async () => {
    const storage = new MemoryStorage();
    const create = () =>
      writeDeltaLake(storage, { rows: [{ id: 1, part: 'a' }], schema }, { mode: 'append' });
    const results = await Promise.allSettled([create(), create()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ProtocolChanged);
  });

  it('fails with ConcurrentTransaction when the same application committed', async () => {
    const storage = await table();
    const mine = (await begin(storage)).setAppTransaction('app', 2).add(file('x.parquet', 'a'));
    await (await begin(storage)).setAppTransaction('app', 1).commit(op);
    await expect(mine.commit(op)).rejects.toThrow(ConcurrentTransaction);
  });

  it('gives up after maxRetries lost races', async () => {
    const storage = await table();
    const snapshot = await loadSnapshot(storage);
    const alwaysTaken: Storage = {
      list: (prefix) => storage.list(prefix),
      read: (path, range) => storage.read(path, range),
      stat: (path) => storage.stat(path),
      delete: (path) => storage.delete(path),
      write: async (path) => {
        throw new FileAlreadyExists({ path });
      },
    };
    const txn = new Transaction(alwaysTaken, snapshot, { maxRetries: 3 });
    await expect(txn.add(file('x.parquet', 'a')).commit(op)).rejects.toThrow(
      CommitAttemptsExhausted,
    );
  });

  it('writes commitInfo first, with in-commit timestamps that increase when enabled', async () => {
    const storage = new MemoryStorage();
    let clock = 5_000;
    const now = () => clock;
    await writeDeltaLake(
      storage,
      { rows: [{ id: 1, part: 'a' }], schema },
      { properties: { 'delta.enableInCommitTimestamps': 'true' }, now },
    );
    clock = 1_000; // a clock that went backwards
    await writeDeltaLake(
      storage,
      { rows: [{ id: 2, part: 'a' }], schema },
      { mode: 'append', now },
    );
    const snapshot = await loadSnapshot(storage);
    expect(snapshot.protocol.writerFeatures).toContain('inCommitTimestamp');
    expect(snapshot.commitInfo?.inCommitTimestamp).toBe(5_001);
    expect(snapshot.timestamp).toBe(5_001);
  });
});
