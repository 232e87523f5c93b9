/**
 * Where table bytes live. The protocol logic of delta-log never touches a file system; it asks a
 * `Storage`. Paths are `/`-separated and relative to the storage root (a table root, usually).
 *
 * Invariants every implementation keeps (tested by one shared contract suite):
 * - `list(prefix)` is sorted by path (byte order), lists files only, recursively under `prefix`.
 * - `write(path, bytes, { ifAbsent: true })` is atomic put-if-absent: of two concurrent writers
 *   exactly one succeeds; the other gets {@link FileAlreadyExists}. Never check-then-write.
 * - A plain `write` replaces the file whole: a reader sees the old bytes or the new, never a mix.
 * - `delete` is idempotent: deleting a missing file is not an error.
 * - `read` and `stat` of a missing file throw {@link FileNotFound}.
 *
 * Lifecycle of a commit through storage:
 * ```
 * data files ──write──▶ storage        (any order, invisible until committed)
 * N.json     ──write(ifAbsent)──▶ ok   → version N is visible, atomically
 *                              └─▶ FileAlreadyExists → another writer won: rebase, retry N+1
 * ```
 */
export interface Storage {
  /**
   * Files under `prefix` (a path prefix, not only a folder), sorted by path. With
   * `options.startAt`, files sorting before it may be left out — a hint that saves work (a
   * log listed from its latest checkpoint): callers still filter what they get.
   */
  list(prefix: string, options?: ListOptions): AsyncIterable<FileInfo>;
  /**
   * The bytes of a file, or of `range` (`start` inclusive, `end` exclusive).
   * @throws {FileNotFound}
   */
  read(path: string, range?: ByteRange): Promise<Uint8Array>;
  /**
   * Writes a file, creating parent folders.
   * @throws {FileAlreadyExists} with `ifAbsent` when the file exists.
   */
  write(path: string, bytes: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  delete(path: string): Promise<void>;
  /**
   * Size and modification time of a file.
   * @throws {FileNotFound}
   */
  stat(path: string): Promise<FileInfo>;
}

/** A file in storage. */
export interface FileInfo {
  /** Path relative to the storage root, `/`-separated. */
  path: string;
  size: number;
  /** Modification time, milliseconds since the epoch. */
  modificationTime: number;
}

/** A byte range: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Options of {@link Storage.list}. */
export interface ListOptions {
  /** Only files whose path sorts at or after this one (byte order) are needed. */
  startAt?: string;
}

/** Options of {@link Storage.write}. */
export interface WriteOptions {
  /** Atomic put-if-absent (default false: replace). */
  ifAbsent?: boolean;
}
