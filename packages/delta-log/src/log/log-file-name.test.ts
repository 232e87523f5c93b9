import { describe, expect, it } from 'vitest';
import { commitFilePath, parseLogFile } from './log-file-name.js';

const file = (name: string) => ({ path: `_delta_log/${name}`, size: 1, modificationTime: 1000.75 });

describe('parseLogFile', () => {
  it.each([
    ['00000000000000000007.json', { kind: 'commit', version: 7 }],
    [
      '00000000000000000010.checkpoint.parquet',
      { kind: 'checkpoint', version: 10, naming: 'classic', format: 'parquet' },
    ],
    [
      '00000000000000000010.checkpoint.0000000002.0000000003.parquet',
      { kind: 'checkpoint', version: 10, naming: 'multi-part', part: 2, parts: 3 },
    ],
    [
      '00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json',
      { kind: 'checkpoint', version: 10, naming: 'uuid', format: 'json' },
    ],
    [
      '00000000000000000010.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.parquet',
      { kind: 'checkpoint', version: 10, naming: 'uuid', format: 'parquet' },
    ],
    [
      '00000000000000000004.00000000000000000006.compacted.json',
      { kind: 'compaction', version: 4, endVersion: 6 },
    ],
  ])('recognises %s', (name, expected) => {
    expect(parseLogFile(file(name))).toMatchObject({
      ...expected,
      path: `_delta_log/${name}`,
      modificationTime: 1000,
    });
  });

  it.each([
    '00000000000000000007.crc',
    '_last_checkpoint',
    '.00000000000000000010.checkpoint.parquet.crc',
    '7.json',
    '00000000000000000007.json.tmp',
    '00000000000000000010.checkpoint.0000000004.0000000003.parquet',
    '00000000000000000006.00000000000000000004.compacted.json',
    '_sidecars/00000000000000000006.checkpoint.0000000001.0000000001.1a1516f4-8a39-48f0-9ccd-cc3790d824c7.parquet',
    '_staged_commits/00000000000000000001.7d17ac10-5cc3-401b-bd1a-9c82dd2ea032.json',
  ])('does not take %s for a file of the table history', (name) => {
    expect(parseLogFile(file(name))).toBeUndefined();
  });

  it('ignores files outside _delta_log/', () => {
    expect(
      parseLogFile({ path: 'data/00000000000000000000.json', size: 1, modificationTime: 1 }),
    ).toBeUndefined();
  });
});

describe('commitFilePath', () => {
  it('zero-pads the version to 20 digits', () => {
    expect(commitFilePath(42)).toBe('_delta_log/00000000000000000042.json');
  });
});
