import { describe, expect, it } from 'vitest';
import type { ProtocolAction } from './actions.js';
import { ProtocolNotSupported } from './errors/protocol-not-supported.js';
import {
  checkReadSupport,
  hasReaderFeature,
  hasWriterFeature,
  readerFeatures,
  writerFeatures,
} from './table-features.js';

const v3 = (...features: string[]): ProtocolAction => ({
  minReaderVersion: 3,
  minWriterVersion: 7,
  readerFeatures: features,
  writerFeatures: features,
});

function refusal(protocol: ProtocolAction): ProtocolNotSupported {
  try {
    checkReadSupport(protocol);
  } catch (error) {
    if (error instanceof ProtocolNotSupported) return error;
    throw error;
  }
  throw new Error('expected ProtocolNotSupported');
}

describe('checkReadSupport', () => {
  it.each([
    [{ minReaderVersion: 1, minWriterVersion: 2 }],
    [{ minReaderVersion: 2, minWriterVersion: 5 }],
    [v3()],
    [
      v3(
        'columnMapping',
        'deletionVectors',
        'timestampNtz',
        'typeWidening',
        'typeWidening-preview',
        'v2Checkpoint',
        'vacuumProtocolCheck',
        'variantType',
        'variantType-preview',
        'variantShredding',
        'variantShredding-preview',
      ),
    ],
  ])('accepts %j', (protocol) => {
    expect(() => checkReadSupport(protocol)).not.toThrow();
  });

  it.each(['catalogManaged', 'someFutureFeature'])(
    'refuses the reader feature %s with ProtocolNotSupported naming it',
    (feature) => {
      const error = refusal(v3('deletionVectors', feature));
      expect(error.features).toEqual([feature]);
      expect(error.message).toContain(`"${feature}"`);
    },
  );

  it('names every unsupported feature at once', () => {
    expect(refusal(v3('catalogManaged', 'columnMapping', 'blah')).features).toEqual([
      'catalogManaged',
      'blah',
    ]);
  });

  it.each([0, 4, 5, 99])('refuses reader version %i', (version) => {
    const error = refusal({ minReaderVersion: version, minWriterVersion: 7 });
    expect(error.readerVersion).toBe(version);
    expect(error.message).toContain(`reader protocol version ${version}`);
  });

  it('ignores reader features listed below reader version 3 (they carry no meaning there)', () => {
    expect(() =>
      checkReadSupport({ minReaderVersion: 1, minWriterVersion: 7, readerFeatures: ['anything'] }),
    ).not.toThrow();
  });
});

describe('readerFeatures and writerFeatures', () => {
  it('reader version 2 stands for column mapping', () => {
    expect(readerFeatures({ minReaderVersion: 2, minWriterVersion: 5 })).toEqual(['columnMapping']);
    expect(hasReaderFeature({ minReaderVersion: 2, minWriterVersion: 5 }, 'columnMapping')).toBe(
      true,
    );
    expect(hasReaderFeature({ minReaderVersion: 1, minWriterVersion: 2 }, 'columnMapping')).toBe(
      false,
    );
    expect(hasReaderFeature(v3('deletionVectors'), 'columnMapping')).toBe(false);
  });

  it.each([
    [2, ['appendOnly', 'invariants']],
    [4, ['appendOnly', 'invariants', 'checkConstraints', 'changeDataFeed', 'generatedColumns']],
    [
      6,
      [
        'appendOnly',
        'invariants',
        'checkConstraints',
        'changeDataFeed',
        'generatedColumns',
        'columnMapping',
        'identityColumns',
      ],
    ],
  ])('legacy writer version %i implies %j', (version, features) => {
    expect(writerFeatures({ minReaderVersion: 1, minWriterVersion: version })).toEqual(features);
  });

  it('writer version 7 lists its features', () => {
    expect(
      hasWriterFeature(
        { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['inCommitTimestamp'] },
        'inCommitTimestamp',
      ),
    ).toBe(true);
    expect(
      hasWriterFeature(
        { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: [] },
        'appendOnly',
      ),
    ).toBe(false);
  });
});
