import { FileAlreadyExists, FileNotFound } from './errors.js';
import { normalizePath, normalizePrefix } from './paths.js';
import type { ByteRange, FileInfo, ListOptions, Storage, WriteOptions } from './storage.js';

interface Entry {
  bytes: Uint8Array;
  modificationTime: number;
}

/**
 * A `Storage` in memory, for tests and for tables that never touch a disk. Browser-safe.
 *
 * @example
 * ```ts
 * import { MemoryStorage } from '@silt/delta-log';
 * const storage = new MemoryStorage();
 * await storage.write('_delta_log/00000000000000000000.json', bytes, { ifAbsent: true });
 * ```
 */
export class MemoryStorage implements Storage {
  private readonly files = new Map<string, Entry>();

  /** @param clock milliseconds since the epoch for modification times (injectable for tests). */
  constructor(private readonly clock: () => number = Date.now) {}

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<FileInfo> {
    const normalized = normalizePrefix(prefix);
    const startAt = options.startAt;
    const paths = [...this.files.keys()]
      .filter(
        (path) =>
          path.startsWith(normalized) &&
          (startAt === undefined || compareBytes(path, startAt) >= 0),
      )
      .sort(compareBytes);
    for (const path of paths) {
      const entry = this.files.get(path);
      if (entry) yield { path, size: entry.bytes.length, modificationTime: entry.modificationTime };
    }
  }

  async read(path: string, range?: ByteRange): Promise<Uint8Array> {
    const entry = this.files.get(normalizePath(path));
    if (!entry) throw new FileNotFound({ path });
    return range ? entry.bytes.slice(range.start, range.end) : entry.bytes.slice();
  }

  async write(path: string, bytes: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const normalized = normalizePath(path);
    // Check and set happen in one synchronous step, so put-if-absent is atomic in one event loop.
    if (options.ifAbsent && this.files.has(normalized)) throw new FileAlreadyExists({ path });
    this.files.set(normalized, { bytes: bytes.slice(), modificationTime: this.clock() });
  }

  async delete(path: string): Promise<void> {
    this.files.delete(normalizePath(path));
  }

  async stat(path: string): Promise<FileInfo> {
    const normalized = normalizePath(path);
    const entry = this.files.get(normalized);
    if (!entry) throw new FileNotFound({ path });
    return { path: normalized, size: entry.bytes.length, modificationTime: entry.modificationTime };
  }
}

/** Byte-order comparison of strings (what object stores and Delta's log listing use). */
export function compareBytes(a: string, b: string): number {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  const length = Math.min(left.length, right.length);
  for (let k = 0; k < length; k++) if (left[k] !== right[k]) return left[k]! - right[k]!;
  return left.length - right.length;
}
