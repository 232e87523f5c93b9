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
 * error: the caller falls back to listing. The optional `checksum` is verified as Apache Spark
 * verifies it (see {@link lastCheckpointChecksum}): a hint whose checksum does not match is
 * `corrupt` (a torn read of a file being replaced), and the caller falls back to listing.
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
  if (value.checksum !== undefined) {
    const expected = lastCheckpointChecksum(value);
    if (value.checksum !== expected)
      return {
        status: 'corrupt',
        reason: `its checksum ${JSON.stringify(value.checksum)} does not match its content (${expected})`,
      };
  }
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

/**
 * The `checksum` of a `_last_checkpoint` JSON object, exactly as Apache Spark computes it
 * (`LastCheckpointInfo.treeNodeToChecksum`; PROTOCOL.md, "JSON checksum"): every leaf becomes
 * `path=value`, where the path joins the object keys (each percent-encoded and quoted) and array
 * indexes with `+`, and a string value is percent-encoded and quoted while other values are
 * written as JSON writes them; the top-level `checksum` entry is left out; the entries are
 * sorted, joined with `,`, and hashed with MD5 (lowercase hex). Empty objects and arrays add
 * nothing.
 *
 * @example
 * ```ts
 * lastCheckpointChecksum({ version: 1, size: 3 }); // md5('"size"=3,"version"=1')
 * ```
 */
export function lastCheckpointChecksum(value: Record<string, unknown>): string {
  const entries: string[] = [];
  const visit = (node: unknown, path: string[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...path, String(index)]);
      });
    } else if (isObject(node)) {
      for (const [key, item] of Object.entries(node))
        visit(item, [...path, encodeChecksumString(key)]);
    } else {
      const text =
        typeof node === 'string'
          ? encodeChecksumString(node)
          : node === null || node === undefined
            ? 'null'
            : String(node);
      entries.push(`${path.join('+')}=${text}`);
    }
  };
  visit(value, []);
  const checksumKey = `${encodeChecksumString('checksum')}=`;
  const canonical = entries
    .filter((entry) => !entry.startsWith(checksumKey))
    .sort()
    .join(',');
  return md5Hex(new TextEncoder().encode(canonical));
}

/**
 * Serializes `_last_checkpoint` content as Spark writes it: the fields in the given order
 * (version, size and parts first, so that old readers find them in the first bytes), then the
 * `checksum` of {@link lastCheckpointChecksum}.
 */
export function formatLastCheckpoint(content: Record<string, unknown>): string {
  const { checksum: _ignored, ...fields } = content;
  return JSON.stringify({ ...fields, checksum: lastCheckpointChecksum(fields) });
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Percent-encodes every UTF-8 byte but the unreserved ones (uppercase hex), and quotes the result. */
function encodeChecksumString(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const character = String.fromCharCode(byte);
    out += UNRESERVED.test(character)
      ? character
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `"${out}"`;
}

const MD5_SHIFTS = [
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14,
  20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6,
  10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];
const MD5_CONSTANTS = Array.from(
  { length: 64 },
  (_, index) => Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32) >>> 0,
);

/** MD5 (RFC 1321) as lowercase hex. Web Crypto has no MD5, and delta-log stays free of `node:` modules. */
export function md5Hex(bytes: Uint8Array): string {
  const length = bytes.length;
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64);
  padded.set(bytes);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, (length * 8) >>> 0, true);
  view.setUint32(padded.length - 4, Math.floor(length / 0x20000000), true);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const words = new Uint32Array(16);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let index = 0; index < 16; index++)
      words[index] = view.getUint32(offset + index * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let step = 0; step < 64; step++) {
      let f: number;
      let g: number;
      if (step < 16) {
        f = (b & c) | (~b & d);
        g = step;
      } else if (step < 32) {
        f = (d & b) | (~d & c);
        g = (5 * step + 1) % 16;
      } else if (step < 48) {
        f = b ^ c ^ d;
        g = (3 * step + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * step) % 16;
      }
      const sum = (a + f + MD5_CONSTANTS[step]! + words[g]!) >>> 0;
      const shift = MD5_SHIFTS[step]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0;
    }
    a0 = (a0 + a) >>> 0;
    b0 = (b0 + b) >>> 0;
    c0 = (c0 + c) >>> 0;
    d0 = (d0 + d) >>> 0;
  }
  let hex = '';
  for (const word of [a0, b0, c0, d0])
    for (let index = 0; index < 4; index++)
      hex += ((word >>> (index * 8)) & 0xff).toString(16).padStart(2, '0');
  return hex;
}
