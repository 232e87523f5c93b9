import type { FileInfo } from '../storage/storage.js';

/** The folder of the transaction log, relative to the table root. */
export const LOG_FOLDER = '_delta_log/';
/** The folder of V2 checkpoint sidecar files. */
export const SIDECAR_FOLDER = `${LOG_FOLDER}_sidecars/`;
/** The `_last_checkpoint` hint file. */
export const LAST_CHECKPOINT_FILE = `${LOG_FOLDER}_last_checkpoint`;

/** A file of `_delta_log/` recognised by its name; other files (`.crc`, `_last_checkpoint`, junk) are not. */
export type LogFile = CommitFile | CheckpointFile | CompactionFile;

interface Listed {
  /** Path relative to the table root. */
  path: string;
  size: number;
  modificationTime: number;
  version: number;
}

/** `NNNNNNNNNNNNNNNNNNNN.json`: the commit of one version. */
export interface CommitFile extends Listed {
  kind: 'commit';
}

/**
 * A checkpoint file: classic (`N.checkpoint.parquet`), one part of a multi-part checkpoint
 * (`N.checkpoint.PPPPPPPPPP.NNNNNNNNNN.parquet`), or UUID-named V2 (`N.checkpoint.<uuid>.json|parquet`).
 */
export interface CheckpointFile extends Listed {
  kind: 'checkpoint';
  naming: 'classic' | 'multi-part' | 'uuid';
  format: 'parquet' | 'json';
  /** 1-based part number (multi-part). */
  part?: number;
  /** Number of parts (multi-part). */
  parts?: number;
}

/** `X.Y.compacted.json`: the reconciled actions of commits X to Y. */
export interface CompactionFile extends Listed {
  kind: 'compaction';
  endVersion: number;
}

const COMMIT = /^(\d{20})\.json$/;
const CLASSIC_CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/;
const MULTI_PART_CHECKPOINT = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;
const UUID_CHECKPOINT = /^(\d{20})\.checkpoint\.([0-9A-Za-z-]+)\.(json|parquet)$/;
const COMPACTION = /^(\d{20})\.(\d{20})\.compacted\.json$/;

/**
 * Recognises a listed file of `_delta_log/` by its name. Files in subfolders (`_sidecars/`,
 * `_staged_commits/`, `_autostats/`) are not log files of the table's history and are not
 * recognised, even when their names look like checkpoints.
 */
export function parseLogFile(info: FileInfo): LogFile | undefined {
  if (!info.path.startsWith(LOG_FOLDER)) return undefined;
  const name = info.path.slice(LOG_FOLDER.length);
  if (name.includes('/')) return undefined;
  // Whole milliseconds, as Delta engines report commit times (file systems give fractions).
  const base = {
    path: info.path,
    size: info.size,
    modificationTime: Math.floor(info.modificationTime),
  };
  let match = COMMIT.exec(name);
  if (match) return { ...base, kind: 'commit', version: version(match[1]!) };
  match = CLASSIC_CHECKPOINT.exec(name);
  if (match)
    return {
      ...base,
      kind: 'checkpoint',
      version: version(match[1]!),
      naming: 'classic',
      format: 'parquet',
    };
  match = MULTI_PART_CHECKPOINT.exec(name);
  if (match) {
    const part = Number(match[2]);
    const parts = Number(match[3]);
    // A "multi-part" name with one part or a part number out of range is no checkpoint at all.
    if (parts < 1 || part < 1 || part > parts) return undefined;
    return {
      ...base,
      kind: 'checkpoint',
      version: version(match[1]!),
      naming: 'multi-part',
      format: 'parquet',
      part,
      parts,
    };
  }
  match = UUID_CHECKPOINT.exec(name);
  if (match)
    return {
      ...base,
      kind: 'checkpoint',
      version: version(match[1]!),
      naming: 'uuid',
      format: match[3] as 'json' | 'parquet',
    };
  match = COMPACTION.exec(name);
  if (match) {
    const start = version(match[1]!);
    const end = version(match[2]!);
    return end > start
      ? { ...base, kind: 'compaction', version: start, endVersion: end }
      : undefined;
  }
  return undefined;
}

/** The path of the commit file of `version`: `_delta_log/00000000000000000042.json`. */
export function commitFilePath(version: number): string {
  return `${LOG_FOLDER}${String(version).padStart(20, '0')}.json`;
}

function version(digits: string): number {
  return Number(digits);
}
