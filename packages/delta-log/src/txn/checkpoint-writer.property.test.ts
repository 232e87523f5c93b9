import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, AddAction, RemoveAction } from '../protocol/actions.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { commitInfoAction, metadataAction, protocolAction } from '../test-support/actions.js';
import { TestTable } from '../test-support/test-table.js';
import { writeCheckpoint } from './checkpoint-writer.js';
import { tableState, withoutCommitsThrough } from './checkpoint-writer.test-support.js';

/**
 * Property: for random table states — adds with partition values (null included), statistics
 * (valid JSON or not), tags, deletion vectors and row tracking fields; removes; application
 * transactions; domains; metadata configuration — the snapshot loaded from a Silt checkpoint
 * alone equals the snapshot loaded from the commits.
 */

const NOW = 1_700_000_000_000;
const text = fc.string({ unit: 'grapheme', maxLength: 10 });
const key = text.filter((value) => value !== '__proto__' && value !== '');
const integer = fc.integer({ min: 0, max: 2 ** 40 });
const tags = fc.dictionary(key, text, { maxKeys: 3 });
const stats = fc.oneof(
  fc
    .record({
      numRecords: fc.nat(1000),
      minValues: fc.record({ id: fc.integer(), part: text }),
      maxValues: fc.record({ id: fc.integer(), part: text }),
      nullCount: fc.record({ id: fc.nat(10) }),
    })
    .map((value) => JSON.stringify(value)),
  text,
);
const deletionVector = fc.record(
  {
    storageType: fc.constantFrom('u' as const, 'i' as const, 'p' as const),
    pathOrInlineDv: fc.string({ minLength: 1, maxLength: 30 }),
    offset: fc.nat(10_000),
    sizeInBytes: fc.nat(10_000),
    cardinality: integer,
    maxRowIndex: integer,
  },
  { requiredKeys: ['storageType', 'pathOrInlineDv', 'sizeInBytes', 'cardinality'] },
);
const partitionValue = fc.option(text, { nil: null });

const fileFields = {
  stats,
  tags,
  deletionVector,
  baseRowId: integer,
  defaultRowCommitVersion: integer,
};

const addArbitrary = (path: string) =>
  fc
    .record(
      {
        part: partitionValue,
        size: integer,
        modificationTime: integer,
        dataChange: fc.boolean(),
        clusteringProvider: text,
        ...fileFields,
      },
      { requiredKeys: ['part', 'size', 'modificationTime', 'dataChange'] },
    )
    .map(({ part, ...rest }): AddAction => ({ path, partitionValues: { part }, ...rest }));

const removeArbitrary = (path: string) =>
  fc
    .record(
      {
        part: partitionValue,
        // Within the tombstone retention of NOW (a week): all are kept.
        age: fc.integer({ min: 0, max: 6 * 86_400_000 }),
        dataChange: fc.boolean(),
        extendedFileMetadata: fc.boolean(),
        size: integer,
        ...fileFields,
      },
      { requiredKeys: ['part', 'age', 'dataChange'] },
    )
    .map(
      ({ part, age, ...rest }): RemoveAction => ({
        path,
        deletionTimestamp: NOW - age,
        partitionValues: { part },
        ...rest,
      }),
    );

const tableArbitrary = fc
  .record({
    addPaths: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 12 }),
    removePaths: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 }),
    configuration: fc.dictionary(
      key.map((name) => `user.${name}`),
      text,
      { maxKeys: 4 },
    ),
    statsAsStruct: fc.boolean(),
    statsAsJson: fc.boolean(),
    transactions: fc.uniqueArray(
      fc.record(
        { appId: key, version: integer, lastUpdated: integer },
        { requiredKeys: ['appId', 'version'] },
      ),
      { selector: (txn) => txn.appId, maxLength: 4 },
    ),
    domains: fc.uniqueArray(
      fc.record({ domain: key, configuration: text, removed: fc.boolean() }),
      { selector: (domain) => domain.domain, maxLength: 3 },
    ),
  })
  .chain((shape) => {
    const removePaths = shape.removePaths.filter((path) => !shape.addPaths.includes(path));
    return fc.record({
      shape: fc.constant({ ...shape, removePaths }),
      adds: fc.tuple(...shape.addPaths.map(addArbitrary)),
      removes: fc.tuple(...removePaths.map(removeArbitrary)),
    });
  });

describe('writeCheckpoint (property)', () => {
  it('a checkpoint alone rebuilds the state the commits build', async () => {
    await fc.assert(
      fc.asyncProperty(tableArbitrary, async ({ shape, adds, removes }) => {
        const table = new TestTable();
        const configuration = {
          ...shape.configuration,
          'delta.checkpoint.writeStatsAsStruct': String(shape.statsAsStruct),
          'delta.checkpoint.writeStatsAsJson': String(shape.statsAsJson),
        };
        const first: Action[] = [
          commitInfoAction(),
          protocolAction({
            readerFeatures: ['deletionVectors'],
            writerFeatures: ['deletionVectors', 'domainMetadata', 'rowTracking'],
          }),
          metadataAction({ partitionColumns: ['part'], configuration }),
          ...adds.map((add) => ({ add })),
          ...shape.transactions.map((txn) => ({ txn })),
        ];
        await table.commit(0, first);
        await table.commit(1, [
          commitInfoAction(),
          ...removes.map((remove) => ({ remove })),
          ...shape.domains.map((domainMetadata) => ({ domainMetadata })),
        ]);
        const snapshot = await loadSnapshot(table.storage);
        const written = await writeCheckpoint(table.storage, snapshot, { now: NOW });
        expect(written.size).toBe(
          2 +
            adds.length +
            removes.length +
            snapshot.appIds().length +
            snapshot.domainNames().length,
        );
        const alone = await loadSnapshot(await withoutCommitsThrough(table.storage, 1));
        const expected = tableState(snapshot);
        if (!shape.statsAsJson)
          expected.files = expected.files.map(({ stats: _stats, ...file }) => file);
        expect(tableState(alone)).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
