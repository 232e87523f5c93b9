import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRawOrders } from './generate.js';

const folders: string[] = [];
afterAll(async () => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

async function generate(seed: number) {
  const folder = await mkdtemp(join(tmpdir(), 'silt-demo-'));
  folders.push(folder);
  const result = await generateRawOrders({ folder, files: 3, rowsPerFile: 400, seed });
  const texts = await Promise.all(result.files.map((f) => readFile(f, 'utf8')));
  return { result, texts };
}

describe('generateRawOrders', () => {
  it('writes the same bytes for the same seed', async () => {
    const a = await generate(7);
    const b = await generate(7);
    expect(a.texts).toEqual(b.texts);
  });

  it('includes exact duplicate rows and counts them', async () => {
    const { result, texts } = await generate(1);
    const rows = texts.flatMap((t) => t.trim().split('\n').slice(1));
    expect(rows).toHaveLength(result.rows);
    expect(result.duplicates).toBeGreaterThan(0);
    expect(rows.length - new Set(rows).size).toBe(result.duplicates);
    expect(result.distinctOrders + result.duplicates + result.malformed).toBe(result.rows);
  });

  it('includes malformed rows with an unparsable quantity or price', async () => {
    const { texts } = await generate(3);
    expect(texts.join('\n')).toMatch(/,three,/);
  });
});
