import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SiltError } from '@silt/parquet-io';
import { afterAll, describe, expect, it } from 'vitest';
import { FileAlreadyExists, FileNotFound, InvalidPath } from './errors.js';
import { LocalStorage } from './local-storage.js';
import { MemoryStorage } from './memory-storage.js';
import type { Storage } from './storage.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

const implementations: [string, () => Promise<Storage>][] = [
  ['MemoryStorage', async () => new MemoryStorage()],
  [
    'LocalStorage',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'silt-storage-'));
      folders.push(folder);
      return new LocalStorage(folder);
    },
  ],
];

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function listed(storage: Storage, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const file of storage.list(prefix)) out.push(file.path);
  return out;
}

describe.each(implementations)('%s (the Storage contract)', (_name, make) => {
  it('reads back what was written, whole and by byte range', async () => {
    const storage = await make();
    await storage.write('a/b.txt', bytes('hello world'));
    expect(text(await storage.read('a/b.txt'))).toBe('hello world');
    expect(text(await storage.read('a/b.txt', { start: 6, end: 11 }))).toBe('world');
    expect((await storage.stat('a/b.txt')).size).toBe(11);
  });

  it('lists files under a prefix recursively, sorted by path', async () => {
    const storage = await make();
    for (const path of [
      '_delta_log/00000000000000000010.json',
      '_delta_log/00000000000000000002.json',
      'x=1/part-0.parquet',
      'x=1/deep/part-1.parquet',
      '_delta_log/_last_checkpoint',
    ]) {
      await storage.write(path, bytes(path));
    }
    expect(await listed(storage, '_delta_log/')).toEqual([
      '_delta_log/00000000000000000002.json',
      '_delta_log/00000000000000000010.json',
      '_delta_log/_last_checkpoint',
    ]);
    expect(await listed(storage, '_delta_log/0000000000000000001')).toEqual([
      '_delta_log/00000000000000000010.json',
    ]);
    expect(await listed(storage, '')).toHaveLength(5);
    expect(await listed(storage, 'missing/')).toEqual([]);
  });

  it('lists from startAt on when asked (files sorting before it left out), still sorted', async () => {
    const storage = await make();
    for (const name of [
      '00.json',
      '01.json',
      '02.checkpoint.parquet',
      '02.json',
      '03.json',
      '_last',
    ])
      await storage.write(`log/${name}`, bytes(name));
    const out: string[] = [];
    for await (const file of storage.list('log/', { startAt: 'log/02' })) out.push(file.path);
    expect(out).toEqual(['log/02.checkpoint.parquet', 'log/02.json', 'log/03.json', 'log/_last']);
  });

  it('put-if-absent fails with FileAlreadyExists when the file exists and keeps the first bytes', async () => {
    const storage = await make();
    await storage.write('_delta_log/0.json', bytes('first'), { ifAbsent: true });
    const error = await storage
      .write('_delta_log/0.json', bytes('second'), { ifAbsent: true })
      .catch((e: unknown) => e);
    expect(SiltError.hasCode(error, FileAlreadyExists.code)).toBe(true);
    expect(text(await storage.read('_delta_log/0.json'))).toBe('first');
  });

  it('of many concurrent put-if-absent writers exactly one wins', async () => {
    const storage = await make();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, k) =>
        storage.write('race.json', bytes(`writer ${k}`), { ifAbsent: true }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) =>
          SiltError.hasCode((r as PromiseRejectedResult).reason, FileAlreadyExists.code),
        ),
    ).toBe(true);
    expect(await listed(storage, '')).toEqual(['race.json']);
  });

  it('a plain write replaces the file', async () => {
    const storage = await make();
    await storage.write('f', bytes('one'));
    await storage.write('f', bytes('two'));
    expect(text(await storage.read('f'))).toBe('two');
  });

  it('delete is idempotent and read of a missing file throws FileNotFound', async () => {
    const storage = await make();
    await storage.write('f', bytes('x'));
    await storage.delete('f');
    await storage.delete('f');
    await expect(storage.read('f')).rejects.toSatisfy((e: unknown) =>
      SiltError.hasCode(e, FileNotFound.code),
    );
    await expect(storage.stat('f')).rejects.toSatisfy((e: unknown) =>
      SiltError.hasCode(e, FileNotFound.code),
    );
  });

  it.each(['../escape', 'a/../../b', '/etc/passwd', 'a\\b'])(
    'refuses the path %j with InvalidPath',
    async (path) => {
      const storage = await make();
      await expect(storage.write(path, bytes('x'))).rejects.toSatisfy((e: unknown) =>
        SiltError.hasCode(e, InvalidPath.code),
      );
      await expect(storage.read(path)).rejects.toSatisfy((e: unknown) =>
        SiltError.hasCode(e, InvalidPath.code),
      );
    },
  );
});
