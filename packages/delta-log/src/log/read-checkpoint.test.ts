import { describe, expect, it } from 'vitest';
import type { Action } from '../protocol/actions.js';
import { CorruptLog } from '../protocol/errors/corrupt-log.js';
import {
  addAction,
  metadataAction,
  protocolAction,
  removeAction,
  txnAction,
} from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { completeCheckpoints } from './checkpoints.js';
import { listLog } from './list-log.js';
import { readCheckpoint } from './read-checkpoint.js';

async function onlyCheckpoint(table: TestTable) {
  await table.commit(0, [protocolAction(), metadataAction()]);
  const [checkpoint] = completeCheckpoints((await listLog(table.storage)).checkpoints);
  return checkpoint!;
}

const names = (actions: Action[]) => actions.map((action) => Object.keys(action)[0]);
const paths = (actions: Action[]) =>
  actions
    .flatMap((action) =>
      'add' in action
        ? [`+${action.add.path}`]
        : 'remove' in action
          ? [`-${action.remove.path}`]
          : [],
    )
    .sort();

describe('readCheckpoint', () => {
  const state: Action[] = [
    protocolAction({ readerFeatures: ['v2Checkpoint'] }),
    metadataAction(),
    txnAction('app', 3),
    addAction('a'),
    addAction('b'),
    removeAction('c'),
    addAction('d'),
  ];

  it('reads every part of a multi-part checkpoint', async () => {
    const table = new TestTable();
    await table.checkpoint(0, state, { naming: 'multi-part', parts: 3 });
    const actions = await readCheckpoint(table.storage, await onlyCheckpoint(table));
    expect(paths(actions)).toEqual(['+a', '+b', '+d', '-c']);
    expect(names(actions)).toContain('protocol');
  });

  it.each([
    ['a UUID-named JSON checkpoint', { naming: 'uuid', format: 'json' }],
    ['a UUID-named Parquet checkpoint', { naming: 'uuid', format: 'parquet' }],
    ['a classic-named V2 checkpoint', { naming: 'classic' }],
  ] as const)('reads the add and remove actions of the sidecars of %s', async (_case, options) => {
    const table = new TestTable();
    const sidecarOne = await table.sidecar('016ae953-37a9-438e-8683-9a9a4a79a395.parquet', [
      addAction('a'),
      removeAction('c'),
    ]);
    const sidecarTwo = await table.sidecar('7d17ac10 5cc3.parquet', [
      addAction('b'),
      addAction('d'),
    ]);
    const metadataOnly = state.filter((action) => !('add' in action || 'remove' in action));
    const v2 =
      options.naming === 'classic'
        ? [{ checkpointMetadata: { version: 0 } }, ...metadataOnly]
        : metadataOnly;
    await table.checkpoint(0, [...v2, sidecarOne, sidecarTwo], options);
    const actions = await readCheckpoint(table.storage, await onlyCheckpoint(table));
    expect(paths(actions)).toEqual(['+a', '+b', '+d', '-c']);
    expect(names(actions)).not.toContain('sidecar');
  });

  it('reads only the actions asked for, and skips sidecars when no file actions are wanted', async () => {
    const table = new TestTable();
    const sidecar = await table.sidecar('s.parquet', [addAction('a')]);
    await table.checkpoint(0, [protocolAction(), metadataAction(), sidecar], { naming: 'uuid' });
    await table.storage.delete('_delta_log/_sidecars/s.parquet');
    const actions = await readCheckpoint(table.storage, await onlyCheckpoint(table), {
      actions: ['protocol', 'metaData'],
    });
    expect(names(actions)).toEqual(['protocol', 'metaData']);
  });

  it('refuses a sidecar path outside _delta_log/_sidecars/', async () => {
    const table = new TestTable();
    await table.checkpoint(
      0,
      [
        protocolAction(),
        metadataAction(),
        { sidecar: { path: '../../secret.parquet', sizeInBytes: 1, modificationTime: 1 } },
      ],
      { naming: 'uuid' },
    );
    await expect(readCheckpoint(table.storage, await onlyCheckpoint(table))).rejects.toThrow(
      CorruptLog,
    );
  });
});
