import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import { formatCommitFile, parseCommitFile } from './commit-file.js';

/**
 * Property: formatting actions as a commit file and parsing it back gives the same actions, for
 * every action the protocol defines, with optional fields present or absent, any strings
 * (quotes, newlines, non-ASCII, lone surrogates excluded: JSON cannot carry them through UTF-8)
 * and integers up to 2^53.
 */

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const key = text.filter((value) => value !== '__proto__');
const integer = fc.maxSafeNat();
const stringMap = fc.dictionary(key, text, { maxKeys: 4 });
const nullableStringMap = fc.dictionary(key, fc.option(text, { nil: null }), { maxKeys: 4 });

const deletionVector = fc.record(
  {
    storageType: fc.constantFrom('u' as const, 'i' as const, 'p' as const),
    pathOrInlineDv: text,
    offset: integer,
    sizeInBytes: integer,
    cardinality: integer,
    maxRowIndex: integer,
  },
  { requiredKeys: ['storageType', 'pathOrInlineDv', 'sizeInBytes', 'cardinality'] },
);

const fileExtras = {
  stats: text,
  tags: stringMap,
  deletionVector,
  baseRowId: integer,
  defaultRowCommitVersion: integer,
};

const add = fc.record(
  {
    path: text,
    partitionValues: nullableStringMap,
    size: integer,
    modificationTime: integer,
    dataChange: fc.boolean(),
    ...fileExtras,
    clusteringProvider: text,
  },
  { requiredKeys: ['path', 'partitionValues', 'size', 'modificationTime', 'dataChange'] },
);

const remove = fc.record(
  {
    path: text,
    dataChange: fc.boolean(),
    deletionTimestamp: integer,
    extendedFileMetadata: fc.boolean(),
    partitionValues: nullableStringMap,
    size: integer,
    ...fileExtras,
  },
  { requiredKeys: ['path', 'dataChange'] },
);

const features = fc.uniqueArray(text, { maxLength: 4 });

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  fc
    .record(
      {
        minReaderVersion: fc.integer({ min: 1, max: 3 }),
        minWriterVersion: fc.integer({ min: 1, max: 7 }),
        readerFeatures: features,
        writerFeatures: features,
      },
      { requiredKeys: ['minReaderVersion', 'minWriterVersion'] },
    )
    .map((protocol) => ({ protocol })),
  fc
    .record(
      {
        id: text,
        name: text,
        description: text,
        format: fc.record({ provider: text, options: stringMap }),
        schemaString: text,
        partitionColumns: fc.array(text, { maxLength: 3 }),
        createdTime: integer,
        configuration: stringMap,
      },
      { requiredKeys: ['id', 'format', 'schemaString', 'partitionColumns', 'configuration'] },
    )
    .map((metaData) => ({ metaData })),
  add.map((value) => ({ add: value })),
  remove.map((value) => ({ remove: value })),
  fc
    .record(
      {
        path: text,
        partitionValues: nullableStringMap,
        size: integer,
        dataChange: fc.boolean(),
        tags: stringMap,
      },
      { requiredKeys: ['path', 'partitionValues', 'size', 'dataChange'] },
    )
    .map((cdc) => ({ cdc })),
  fc
    .record(
      { appId: text, version: integer, lastUpdated: integer },
      { requiredKeys: ['appId', 'version'] },
    )
    .map((txn) => ({ txn })),
  fc
    .record({
      timestamp: integer,
      operation: text,
      // Values as JSON carries them (JSON has no -0).
      operationParameters: fc
        .dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
        .map((value) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>),
      isBlindAppend: fc.boolean(),
    })
    .map((commitInfo) => ({ commitInfo })),
  fc
    .record({ domain: text, configuration: text, removed: fc.boolean() })
    .map((domainMetadata) => ({ domainMetadata })),
  fc
    .record({ version: integer, tags: stringMap }, { requiredKeys: ['version'] })
    .map((checkpointMetadata) => ({ checkpointMetadata })),
  fc
    .record(
      { path: text, sizeInBytes: integer, modificationTime: integer, tags: stringMap },
      { requiredKeys: ['path', 'sizeInBytes', 'modificationTime'] },
    )
    .map((sidecar) => ({ sidecar })),
);

describe('action JSON codec', () => {
  it('parseCommitFile(formatCommitFile(actions)) returns the actions', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { maxLength: 8 }), (actions) => {
        const file = formatCommitFile(actions);
        expect(parseCommitFile(file, '_delta_log/00000000000000000000.json')).toEqual(actions);
        // One action per line, each line ending in a newline.
        expect(file.split('\n').length - 1).toBe(actions.length);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips through the bytes of the file (UTF-8)', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { maxLength: 4 }), (actions) => {
        const bytes = new TextEncoder().encode(formatCommitFile(actions));
        expect(parseCommitFile(bytes, 'commit.json')).toEqual(actions);
      }),
      { numRuns: 100 },
    );
  });
});
