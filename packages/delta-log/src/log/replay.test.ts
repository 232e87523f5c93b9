import { describe, expect, it } from 'vitest';
import type { Action } from '../protocol/actions.js';
import {
  addAction,
  commitInfoAction,
  deletionVector,
  domainAction,
  metadataAction,
  protocolAction,
  removeAction,
  txnAction,
} from '../test-support/actions.js';
import { type LogBatch, replay } from './replay.js';

/** Commits given oldest first (as one reads a log), replayed newest first. */
function replayCommits(...commits: Action[][]) {
  const batches: LogBatch[] = commits.map((actions, version) => ({
    kind: 'commit',
    version,
    file: `${version}.json`,
    actions,
  }));
  return replay(batches.reverse());
}

const active = (state: ReturnType<typeof replay>) =>
  state.files.map(
    (file) =>
      file.path + (file.deletionVector ? `#${file.deletionVector.pathOrInlineDv.slice(2, 3)}` : ''),
  );
const removed = (state: ReturnType<typeof replay>) =>
  state.tombstones.map(
    (file) =>
      file.path + (file.deletionVector ? `#${file.deletionVector.pathOrInlineDv.slice(2, 3)}` : ''),
  );

describe('replay (action reconciliation)', () => {
  it.each([
    ['an added file is active', [[addAction('a')]], ['a'], []],
    ['a removed file becomes a tombstone', [[addAction('a')], [removeAction('a')]], [], ['a']],
    [
      'a re-added file is active again',
      [[addAction('a')], [removeAction('a')], [addAction('a')]],
      ['a'],
      [],
    ],
    ['a remove of a file never added is a tombstone', [[removeAction('x')]], [], ['x']],
    [
      'within a commit, a later remove wins over an earlier add',
      [[addAction('a'), removeAction('a')]],
      [],
      ['a'],
    ],
    [
      'within a commit, a later add wins over an earlier remove',
      [[removeAction('a'), addAction('a')]],
      ['a'],
      [],
    ],
    [
      'the same path with a new deletion vector replaces the old logical file',
      [
        [addAction('a')],
        [addAction('a', { deletionVector: deletionVector('1') }), removeAction('a')],
      ],
      ['a#1'],
      ['a'],
    ],
    [
      'removing one deletion vector of a path leaves the other logical file',
      [
        [addAction('a', { deletionVector: deletionVector('1') })],
        [
          addAction('a', { deletionVector: deletionVector('2') }),
          removeAction('a', { deletionVector: deletionVector('1') }),
        ],
      ],
      ['a#2'],
      ['a#1'],
    ],
    [
      'an absolute path and its file: URI are the same file',
      [[addAction('/data/t/a')], [removeAction('file:/data/t/a')]],
      [],
      ['file:/data/t/a'],
    ],
    [
      'paths are compared as written, not decoded',
      [[addAction('a%20b')], [removeAction('a b')]],
      ['a%20b'],
      ['a b'],
    ],
  ])('%s', (_case, commits, files, tombstones) => {
    const state = replayCommits(...(commits as Action[][]));
    expect(active(state)).toEqual(files);
    expect(removed(state)).toEqual(tombstones);
  });

  it('keeps the newest add of a file, with its newest statistics', () => {
    const state = replayCommits(
      [addAction('a', { stats: '{"numRecords":1}' })],
      [addAction('a', { stats: '{"numRecords":2}', dataChange: false })],
    );
    expect(state.files).toEqual([
      expect.objectContaining({ path: 'a', stats: '{"numRecords":2}' }),
    ]);
  });

  it('keeps files in log order', () => {
    expect(active(replayCommits([addAction('a'), addAction('b')], [addAction('c')]))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('takes the newest protocol and metaData, with the file and version they came from', () => {
    const state = replayCommits(
      [protocolAction(), metadataAction({ id: 'one' })],
      [addAction('a')],
      [protocolAction({ reader: 2, writer: 5 })],
      [metadataAction({ id: 'two' })],
    );
    expect(state.protocol).toEqual({
      action: { minReaderVersion: 2, minWriterVersion: 5 },
      version: 2,
      file: '2.json',
    });
    expect(state.metadata?.action.id).toBe('two');
    expect(state.metadata?.version).toBe(3);
  });

  it('leaves protocol and metaData undefined when the log has none', () => {
    const state = replayCommits([addAction('a')]);
    expect(state.protocol).toBeUndefined();
    expect(state.metadata).toBeUndefined();
  });

  it('keeps the newest txn per application, also when its version goes down', () => {
    const state = replayCommits([txnAction('a', 5), txnAction('b', 1)], [txnAction('a', 3)]);
    expect(state.transactions.get('a')?.version).toBe(3);
    expect(state.transactions.get('b')?.version).toBe(1);
  });

  it('keeps the newest domainMetadata per domain and drops removed domains', () => {
    const state = replayCommits(
      [domainAction('x', 'one'), domainAction('y', 'y1'), domainAction('z', 'z1')],
      [domainAction('x', 'two'), domainAction('y', 'y1', true)],
      [domainAction('z', 'z2', true)],
      [domainAction('z', 'z3')],
    );
    expect(
      Object.fromEntries(
        [...state.domains].map(([domain, action]) => [domain, action.configuration]),
      ),
    ).toEqual({ x: 'two', z: 'z3' });
  });

  it('keeps one commitInfo per commit, the first of the commit, and none from checkpoints', () => {
    const state = replay([
      {
        kind: 'commit',
        version: 5,
        file: '5.json',
        actions: [
          commitInfoAction({ operation: 'DELETE' }),
          commitInfoAction({ operation: 'EXTRA' }),
        ],
      },
      {
        kind: 'checkpoint',
        version: 4,
        file: '4.checkpoint.parquet',
        actions: [commitInfoAction({ operation: 'OLD' }), addAction('a')],
      },
    ]);
    expect([...state.commitInfos.keys()]).toEqual([5]);
    expect(state.commitInfos.get(5)?.operation).toBe('DELETE');
  });

  it('commits newer than the checkpoint win over it', () => {
    const state = replay([
      {
        kind: 'commit',
        version: 11,
        file: '11.json',
        actions: [removeAction('a'), addAction('c')],
      },
      {
        kind: 'checkpoint',
        version: 10,
        file: '10.checkpoint.parquet',
        actions: [
          protocolAction(),
          metadataAction(),
          addAction('a'),
          addAction('b'),
          removeAction('c'),
        ],
      },
    ]);
    expect(active(state)).toEqual(['b', 'c']);
    expect(removed(state)).toEqual(['a']);
  });

  it('ignores cdc, checkpointMetadata and sidecar actions', () => {
    const state = replayCommits([
      { cdc: { path: '_change_data/c.parquet', partitionValues: {}, size: 1, dataChange: false } },
      { checkpointMetadata: { version: 0 } },
      { sidecar: { path: 's.parquet', sizeInBytes: 1, modificationTime: 1 } },
    ]);
    expect(state.files).toEqual([]);
    expect(state.tombstones).toEqual([]);
  });
});
