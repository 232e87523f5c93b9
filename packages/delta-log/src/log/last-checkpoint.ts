import { SiltError } from '@silt/parquet-io';
import { isObject } from '../protocol/action-fields.js';
import { FileNotFound } from '../storage/errors.js';
import type { Storage } from '../storage/storage.js';
import { LAST_CHECKPOINT_FILE } from './log-file-name.js';

/** The fields of `_delta_log/_last_checkpoint` Silt uses ("Last Checkpoint File Schema"). */
export interface LastCheckpointHint {
  /** The version of the checkpoint. */
  version: number;
  /** Number of actions in it. */
  size?: number;
  /** Number of parts of a multi-part checkpoint. */
  parts?: number;
}

/** What reading `_last_checkpoint` gave: a hint, no file, or a file that is not a valid hint. */
export type LastCheckpointRead =
  | { status: 'found'; hint: LastCheckpointHint }
  | { status: 'missing' }
  | { status: 'corrupt'; reason: string };

/**
 * Reads the `_last_checkpoint` hint. It is only a hint — written after the checkpoint, not
 * atomically with it, possibly by an older writer — so a missing or unreadable file is not an
 * error: the caller falls back to listing. (The optional MD5 `checksum` is not checked: the
 * hint is verified against the listing instead.)
 */
export async function readLastCheckpoint(storage: Storage): Promise<LastCheckpointRead> {
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(LAST_CHECKPOINT_FILE);
  } catch (error) {
    if (SiltError.hasCode(error, FileNotFound.code)) return { status: 'missing' };
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { status: 'corrupt', reason: 'it is not valid JSON' };
  }
  if (!isObject(value)) return { status: 'corrupt', reason: 'it is not a JSON object' };
  const { version, size, parts } = value;
  if (!isCount(version))
    return { status: 'corrupt', reason: '"version" is not a non-negative integer' };
  const hint: LastCheckpointHint = { version };
  if (isCount(size)) hint.size = size;
  if (isCount(parts)) hint.parts = parts;
  return { status: 'found', hint };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
