import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceTable } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository's root folder (tooling/interop/src/conformance → four levels up). */
export const repositoryRoot = resolve(here, '..', '..', '..', '..');

/**
 * The folder of the conformance tables: `SILT_CONFORMANCE_ROOT`, else `shared/conformance`
 * beside the repository (where CI and the developers' machines have it).
 */
export function conformanceRoot(): string {
  const fromEnv = process.env.SILT_CONFORMANCE_ROOT;
  if (fromEnv) return resolve(fromEnv);
  return resolve(repositoryRoot, '..', 'shared', 'conformance');
}

/**
 * Every table under `root`: a folder with a `_delta_log/` child. The walk does not go into a
 * table (its partition folders are not tables) but does go through folders that only group
 * tables (`delta-rs/golden/` holds one). Sorted by name.
 */
export function listConformanceTables(root: string = conformanceRoot()): ConformanceTable[] {
  if (!existsSync(root)) {
    throw new Error(
      `The conformance tables are missing: ${root} does not exist (set SILT_CONFORMANCE_ROOT).`,
    );
  }
  const found: ConformanceTable[] = [];
  const walk = (folder: string): void => {
    const entries = readdirSync(folder, { withFileTypes: true });
    if (entries.some((entry) => entry.isDirectory() && entry.name === '_delta_log')) {
      found.push({ name: relative(root, folder).split(sep).join('/'), dir: folder });
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
    }
  };
  walk(root);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * A digest of a table's files (every path under it, `_delta_log/` included, with its size), so
 * that a cached reference answer is used only for the very table it was computed from.
 */
export function tableListingDigest(dir: string): string {
  const hash = createHash('sha256');
  const lines: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else lines.push(`${relative(dir, path).split(sep).join('/')}\t${statSync(path).size}`);
    }
  };
  walk(dir);
  for (const line of lines.sort()) hash.update(`${line}\n`);
  return hash.digest('hex');
}
