import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import { formatCommitFile, parseCommitFile } from './commit-file.js';
import { CorruptLog } from './errors/corrupt-log.js';

const FILE = '_delta_log/00000000000000000003.json';

function corruptLogOf(run: () => unknown): CorruptLog {
  try {
    run();
  } catch (error) {
    if (SiltError.hasCode(error, CorruptLog.code)) return error as CorruptLog;
    throw error;
  }
  throw new Error('expected a CorruptLog error');
}

describe('parseCommitFile', () => {
  it('reads one action per line, in file order', () => {
    const text = [
      '{"commitInfo":{"timestamp":1,"operation":"WRITE"}}',
      '{"add":{"path":"a.parquet","partitionValues":{},"size":10,"modificationTime":5,"dataChange":true}}',
      '{"txn":{"appId":"app","version":7}}',
      '',
    ].join('\n');
    expect(parseCommitFile(text, FILE)).toEqual([
      { commitInfo: { timestamp: 1, operation: 'WRITE' } },
      {
        add: {
          path: 'a.parquet',
          partitionValues: {},
          size: 10,
          modificationTime: 5,
          dataChange: true,
        },
      },
      { txn: { appId: 'app', version: 7 } },
    ]);
  });

  it('reads bytes as UTF-8 and skips blank lines and CRLF endings', () => {
    const bytes = new TextEncoder().encode('\r\n{"txn":{"appId":"é","version":1}}\r\n\n   \n');
    expect(parseCommitFile(bytes, FILE)).toEqual([{ txn: { appId: 'é', version: 1 } }]);
  });

  it('ignores unknown action names and unknown fields', () => {
    const text = '{"futureAction":{"x":1}}\n{"txn":{"appId":"a","version":1,"newField":true}}\n';
    expect(parseCommitFile(text, FILE)).toEqual([{ txn: { appId: 'a', version: 1 } }]);
  });

  it.each([
    ['not JSON', '{"add":', 2],
    ['a JSON array', '[1,2]', 2],
    ['a JSON string', '"add"', 2],
    [
      'two actions on one line',
      '{"txn":{"appId":"a","version":1},"domainMetadata":{"domain":"d","configuration":"","removed":false}}',
      2,
    ],
    ['an action that is not an object', '{"add":"a.parquet"}', 2],
  ])('a line that is %s fails with CorruptLog naming the file and line', (_case, line, number) => {
    const error = corruptLogOf(() =>
      parseCommitFile(`{"txn":{"appId":"a","version":1}}\n${line}\n`, FILE),
    );
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(number);
    expect(error.message).toContain(`${FILE}:${number}`);
  });

  it('invalid UTF-8 fails with CorruptLog', () => {
    expect(() => parseCommitFile(Uint8Array.of(0x7b, 0xff, 0x7d), FILE)).toThrow(/not valid UTF-8/);
  });
});

describe('formatCommitFile', () => {
  it('writes one line per action that parseCommitFile reads back', () => {
    const actions: Action[] = [
      { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
      {
        add: {
          path: 'x=1/a%20b.parquet',
          partitionValues: { x: '1' },
          size: 1,
          modificationTime: 2,
          dataChange: true,
        },
      },
      { remove: { path: 'old.parquet', dataChange: true, deletionTimestamp: 3 } },
    ];
    const text = formatCommitFile(actions);
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseCommitFile(text, FILE)).toEqual(actions);
  });
});
