import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import { CheckpointNotSupported } from './checkpoint-not-supported.js';

describe('CheckpointNotSupported', () => {
  it('carries its stable code, the version and the features, and says what to do', () => {
    const error = new CheckpointNotSupported({ version: 7, features: ['catalogManaged'] });
    expect(CheckpointNotSupported.code).toBe('SILT_CheckpointNotSupported');
    expect(SiltError.isInstance(error)).toBe(true);
    expect(SiltError.hasCode(error, CheckpointNotSupported.code)).toBe(true);
    expect(error.version).toBe(7);
    expect(error.features).toEqual(['catalogManaged']);
    expect(error.message).toContain('"catalogManaged"');
    expect(error.message.trim()).toMatch(/\.$/);
  });
});
