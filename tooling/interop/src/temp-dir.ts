import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Creates an empty temporary folder for a test that needs real files (tables that the reference
 * engines read), and resolves to its absolute path. Remove it with {@link removeTempDir}.
 */
export function makeTempDir(prefix = 'silt-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a folder made by {@link makeTempDir}, with everything in it. */
export async function removeTempDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
