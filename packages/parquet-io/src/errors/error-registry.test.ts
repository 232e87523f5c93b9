import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../index.js';
import { SiltError } from './silt-error.js';

type ErrorClass = (abstract new (...args: never[]) => SiltError) & { code?: unknown };

/** Every SiltError subclass the package exports, by export name. */
const errorClasses: [string, ErrorClass][] = (Object.entries(api) as [string, unknown][]).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === 'function' &&
    entry[1] !== SiltError &&
    entry[1].prototype instanceof SiltError,
);

/** Options that satisfy every error constructor of the package (each takes one options object). */
const anyOptions = {
  reason: 'a reason',
  hint: 'A hint',
  type: 'a type',
  context: 'in a context',
  line: 1,
  column: 'a column',
  from: 'a type',
  to: 'another type',
  path: 'a/path',
};

describe('error registry', () => {
  it('exports the SiltError base and at least the Parquet, schema and record errors', () => {
    expect(api.SiltError).toBe(SiltError);
    expect(errorClasses.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'ParquetReadError',
        'ParquetWriteError',
        'InvalidSchema',
        'UnsupportedType',
        'MalformedRecord',
      ]),
    );
  });

  it.each(errorClasses)('%s has a static code SILT_<Name>', (_, errorClass) => {
    expect(typeof errorClass.code).toBe('string');
    expect(errorClass.code).toMatch(/^SILT_[A-Z][A-Za-z0-9]*$/);
  });

  it('gives every exported error class its own code', () => {
    const codes = errorClasses.map(([, errorClass]) => errorClass.code);
    const duplicates = codes.filter((code, k) => codes.indexOf(code) !== k);
    expect(duplicates).toEqual([]);
  });

  it.each(errorClasses)(
    '%s instances carry the class code as code and name, and are recognised by SiltError.isInstance',
    (_, errorClass) => {
      const error = new (errorClass as unknown as new (options: typeof anyOptions) => SiltError)(
        anyOptions,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error.code).toBe(errorClass.code);
      expect(error.name).toBe(errorClass.code);
      expect(error.message.length).toBeGreaterThan(0);
      expect(SiltError.isInstance(error)).toBe(true);
      expect(SiltError.hasCode(error, errorClass.code as string)).toBe(true);
      expect(SiltError.hasCode(error, 'SILT_Other')).toBe(false);
    },
  );

  it('recognises Silt errors of another package copy by their marker, and nothing else', () => {
    const foreign = Object.assign(new Error('x'), {
      code: 'SILT_ParquetRead',
      [Symbol.for('silt.error')]: true,
    });
    expect(SiltError.isInstance(foreign)).toBe(true);
    expect(SiltError.hasCode(foreign, 'SILT_ParquetRead')).toBe(true);
    expect(SiltError.isInstance(new Error('plain'))).toBe(false);
    expect(SiltError.isInstance(Object.assign(new Error('x'), { code: 'SILT_ParquetRead' }))).toBe(
      false,
    );
    expect(SiltError.isInstance(null)).toBe(false);
    expect(SiltError.isInstance('SILT_ParquetRead')).toBe(false);
  });

  it('exports every SiltError subclass defined in the package sources', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const defined: string[] = [];
    const visit = async (folder: string): Promise<void> => {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'test-support') await visit(path);
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const text = await readFile(path, 'utf8');
          for (const match of text.matchAll(/export class (\w+) extends SiltError\b/g))
            defined.push(match[1]!);
        }
      }
    };
    await visit(root);
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !errorClasses.some(([exported]) => exported === name))).toEqual(
      [],
    );
  });
});
