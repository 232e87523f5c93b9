import { SiltError } from '@silt/parquet-io';
import { describe, expect, it } from 'vitest';
import * as api from '../../index.js';
import { RestoreFilesMissing } from './restore-files-missing.js';
import { RetentionTooShort } from './retention-too-short.js';
import { UnresolvableFilePath } from './unresolvable-file-path.js';

const errors: [{ code: string }, () => SiltError][] = [
  [
    RetentionTooShort,
    () => new RetentionTooShort({ retentionMillis: 0, minimumMillis: 604_800_000 }),
  ],
  [RestoreFilesMissing, () => new RestoreFilesMissing({ version: 3, paths: ['a.parquet'] })],
  [UnresolvableFilePath, () => new UnresolvableFilePath({ path: 's3://b/t/a.parquet' })],
];

describe('vacuum and restore errors', () => {
  it.each(errors.map(([type, make]) => [type.code, type, make] as const))(
    '%s is exported, recognised by its code, and says what to do',
    (code, type, make) => {
      const error = make();
      expect(code).toMatch(/^SILT_[A-Z][A-Za-z]+$/);
      expect(error.code).toBe(code);
      expect(SiltError.hasCode(error, code)).toBe(true);
      expect(Object.values(api)).toContain(type);
      expect(error.message.length).toBeGreaterThan(60);
      expect(error.message.trim()).toMatch(/\.$/);
    },
  );

  it('codes do not clash with other exported errors', () => {
    const codes = Object.values(api)
      .filter(
        (value): value is { code: string } & typeof SiltError =>
          typeof value === 'function' && value.prototype instanceof SiltError,
      )
      .map((type) => type.code);
    for (const [type] of errors) expect(codes.filter((code) => code === type.code)).toHaveLength(1);
  });

  it('names at most five missing files and counts the rest', () => {
    const paths = Array.from({ length: 7 }, (_, k) => `part-${k}.parquet`);
    const message = new RestoreFilesMissing({ version: 1, paths }).message;
    expect(message).toContain('part-4.parquet and 2 more');
    expect(message).not.toContain('part-5.parquet');
    expect(
      new RetentionTooShort({ retentionMillis: 5_400_000, minimumMillis: 7_200_000 }).message,
    ).toMatch(/1\.5 hours .* 2 hours/);
  });
});
