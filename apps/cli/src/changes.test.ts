import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const conformance = new URL('../../../../shared/conformance/delta-rs/', import.meta.url).pathname;
const table = (name: string) => `${conformance}${name}`;

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

describe('silt changes', () => {
  it('prints the change data feed of a range as JSON lines', async () => {
    const all = await run('changes', table('cdf-table'), '--from', '0', '--format', 'jsonl');
    expect(all.code).toBe(0);
    const rows = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(23);
    expect(Object.keys(rows[0]!)).toEqual([
      'id',
      'name',
      'birthday',
      '_change_type',
      '_commit_version',
      '_commit_timestamp',
    ]);
    expect(rows.filter((row) => row._change_type === 'delete')).toEqual([
      expect.objectContaining({
        id: 7,
        name: 'Dennis',
        birthday: '2023-12-29',
        _commit_version: 3,
      }),
    ]);
    const some = await run(
      'changes',
      table('cdf-table'),
      '--from',
      '1',
      '--to',
      '2',
      '--format',
      'jsonl',
    );
    const versions = some.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { _commit_version: number })._commit_version);
    expect(versions).toHaveLength(12);
    expect(new Set(versions)).toEqual(new Set([1, 2]));
  });

  it('prints a table or CSV, and --limit bounds the rows', async () => {
    const text = await run('changes', table('simple_table_with_cdc'), '--from', '0');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('update_postimage');
    expect(text.stdout).toContain('(3 rows)');
    const csv = await run(
      'changes',
      table('simple_table_with_cdc'),
      '--from',
      '0',
      '--format',
      'csv',
      '--limit',
      '1',
    );
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('id,name,_change_type,_commit_version,_commit_timestamp');
    expect(lines).toHaveLength(2);
  });

  it('exits 1 with one line when the feed was not recorded, 2 without --from', async () => {
    const off = await run('changes', table('simple_table'), '--from', '0');
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/^error: .*change data was not recorded for version \[0\]/);
    expect(off.stderr.trim().split('\n')).toHaveLength(1);
    const usage = await run('changes', table('cdf-table'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--from <n>' not specified");
  });
});
