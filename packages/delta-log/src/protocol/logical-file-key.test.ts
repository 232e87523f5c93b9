import { describe, expect, it } from 'vitest';
import { canonicalFilePath, deletionVectorUniqueId, logicalFileKey } from './logical-file-key.js';

describe('deletionVectorUniqueId', () => {
  it('is storage type and path, with @offset when there is an offset', () => {
    expect(
      deletionVectorUniqueId({
        storageType: 'u',
        pathOrInlineDv: 'abc',
        offset: 4,
        sizeInBytes: 1,
        cardinality: 1,
      }),
    ).toBe('uabc@4');
    expect(
      deletionVectorUniqueId({
        storageType: 'i',
        pathOrInlineDv: 'wi5b=',
        sizeInBytes: 1,
        cardinality: 1,
      }),
    ).toBe('iwi5b=');
  });
});

describe('logicalFileKey', () => {
  const dv = {
    storageType: 'u' as const,
    pathOrInlineDv: 'abc',
    offset: 1,
    sizeInBytes: 1,
    cardinality: 1,
  };

  it('tells the same file with different deletion vectors apart', () => {
    expect(logicalFileKey({ path: 'a' })).not.toBe(
      logicalFileKey({ path: 'a', deletionVector: dv }),
    );
    expect(logicalFileKey({ path: 'a', deletionVector: dv })).not.toBe(
      logicalFileKey({ path: 'a', deletionVector: { ...dv, offset: 2 } }),
    );
    expect(logicalFileKey({ path: 'a', deletionVector: dv })).toBe(
      logicalFileKey({ path: 'a', deletionVector: { ...dv } }),
    );
  });

  it.each([
    ['/some/path', 'file:/some/path'],
    ['file:///some/path', 'file:/some/path'],
    ['file:/some/path', 'file:/some/path'],
    ['relative/p%20q', 'relative/p%20q'],
    ['s3://b/t/x', 's3://b/t/x'],
  ])('compares %j as %j (Spark canonicalization)', (path, canonical) => {
    expect(canonicalFilePath(path)).toBe(canonical);
  });
});
