import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeltaLake } from '@silt/delta-log';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'silt-cli-maintenance-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

let counter = 0;
/** A table with versions 0 ([1, 2]), 1 (+ [3]) and 2 (overwritten by [9]). */
async function table(): Promise<string> {
  const path = join(folder, `table-${++counter}`);
  const schema = 'id INT';
  await writeDeltaLake(path, { rows: [{ id: 1 }, { id: 2 }], schema });
  await writeDeltaLake(path, { rows: [{ id: 3 }], schema }, { mode: 'append' });
  await writeDeltaLake(path, { rows: [{ id: 9 }], schema }, { mode: 'overwrite' });
  await new Promise((resolve) => setTimeout(resolve, 10));
  return path;
}

async function ids(path: string): Promise<number[]> {
  const result = await run('cat', path, '--format', 'jsonl');
  expect(result.code).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { id: number }).id)
    .sort();
}

const parquetFiles = async (path: string) =>
  (await readdir(path)).filter((name) => name.endsWith('.parquet')).sort();

describe('silt vacuum', () => {
  it('refuses a short retention with a hint naming the flags, deleting nothing', async () => {
    const path = await table();
    const before = await parquetFiles(path);
    const result = await run('vacuum', path, '--retain-hours', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*--retain-hours 168 or more.*--no-retention-check/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await parquetFiles(path)).toEqual(before);
  });

  it('lists with --dry-run, then deletes, in text and json', async () => {
    const path = await table();
    const before = await parquetFiles(path);
    const dry = await run(
      'vacuum',
      path,
      '--retain-hours',
      '0',
      '--no-retention-check',
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^would delete 2 files \(.*\) from .*retention 0 hours \(dry run/);
    expect(await parquetFiles(path)).toEqual(before);

    const json = await run(
      'vacuum',
      path,
      '--retain-hours',
      '0',
      '--no-retention-check',
      '--dry-run',
      '--format',
      'json',
    );
    const plan = JSON.parse(json.stdout) as {
      dryRun: boolean;
      numFiles: number;
      files: { path: string; size: number }[];
    };
    expect(plan).toMatchObject({ dryRun: true, numFiles: 2, retentionHours: 0, version: 2 });

    const done = await run(
      'vacuum',
      path,
      '--retain-hours',
      '0',
      '--no-retention-check',
      '--format',
      'json',
    );
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ dryRun: false, numFiles: 2, version: 4 });
    expect(await parquetFiles(path)).toEqual(
      before.filter((name) => !plan.files.some((file) => file.path === name)),
    );
    expect(await ids(path)).toEqual([9]);
  });

  it('is a usage error for a bad --retain-hours', async () => {
    const result = await run('vacuum', join(folder, 'none'), '--retain-hours', '-1');
    expect(result.code).toBe(2);
  });
});

describe('silt restore', () => {
  it('restores by --version and prints a summary', async () => {
    const path = await table();
    const result = await run('restore', path, '--version', '1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^restored .* to version 1 as version 3: 2 files restored \(.*\), 1 removed \(.*\); now 2 files/,
    );
    expect(await ids(path)).toEqual([1, 2, 3]);
  });

  it('restores by --timestamp with --format json', async () => {
    const path = await table();
    const history = JSON.parse((await run('history', path, '--format', 'json')).stdout) as {
      version: number;
      timestamp: string;
    }[];
    const v0 = history.find((entry) => entry.version === 0)!;
    const result = await run('restore', path, '--timestamp', v0.timestamp, '--format', 'json');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      version: number;
      restoredVersion: number;
      metrics: Record<string, number>;
    };
    expect(summary.restoredVersion).toBe(0);
    expect(summary.metrics).toMatchObject({ numRestoredFiles: 1, numOfFilesAfterRestore: 1 });
    expect(await ids(path)).toEqual([1, 2]);
  });

  it('fails with one line naming the vacuumed file', async () => {
    const path = await table();
    await run('vacuum', path, '--retain-hours', '0', '--no-retention-check');
    const result = await run('restore', path, '--version', '0');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Cannot restore version 0: 1 file it needs is missing from storage \(part-/,
    );
  });

  it.each([
    [[]],
    [['--version', '1', '--timestamp', '2024-01-01T00:00:00Z']],
    [['--timestamp', 'yesterday']],
  ])('is a usage error with %j', async (flags) => {
    const path = await table();
    const result = await run('restore', path, ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: /);
  });
});
