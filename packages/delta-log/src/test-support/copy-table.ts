import { MemoryStorage } from '../storage/memory-storage.js';
import type { Storage } from '../storage/storage.js';

/**
 * Copies every file of a table into memory, keeping modification times, so that a test can
 * damage a copy of a real table (the conformance tables themselves are never written).
 */
export async function copyToMemory(
  source: Storage,
  options: { prefix?: string } = {},
): Promise<MemoryStorage> {
  let now = 0;
  const copy = new MemoryStorage(() => now);
  for await (const file of source.list(options.prefix ?? '')) {
    now = file.modificationTime;
    await copy.write(file.path, await source.read(file.path));
  }
  return copy;
}
