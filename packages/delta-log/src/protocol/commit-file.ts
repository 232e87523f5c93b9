import type { Action } from './actions.js';
import { decodeAction } from './decode-action.js';
import { CorruptLog } from './errors/corrupt-log.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a commit file (`_delta_log/NNNNNNNNNNNNNNNNNNNN.json`, or a V2 checkpoint in JSON):
 * newline-delimited JSON, one action per line. Blank lines are skipped; lines holding only
 * unknown actions are ignored.
 *
 * @example
 * ```ts
 * import { parseCommitFile } from '@silt/delta-log';
 * parseCommitFile('{"txn":{"appId":"a","version":3}}\n', '_delta_log/00000000000000000001.json');
 * // [{ txn: { appId: 'a', version: 3 } }]
 * ```
 * @param content the file's bytes (UTF-8) or text.
 * @param file the file's path, named in errors.
 * @throws {CorruptLog} naming the file and line of the first line that is not valid JSON or not a
 * valid action.
 */
export function parseCommitFile(content: Uint8Array | string, file: string): Action[] {
  let text: string;
  try {
    text = typeof content === 'string' ? content : decoder.decode(content);
  } catch (cause) {
    throw new CorruptLog({ file, reason: 'the file is not valid UTF-8', cause });
  }
  const actions: Action[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new CorruptLog({
        file,
        line: index + 1,
        reason: `the line is not valid JSON (${(cause as Error).message})`,
        cause,
      });
    }
    const action = decodeAction(value, { file, line: index + 1 });
    if (action) actions.push(action);
  }
  return actions;
}

/**
 * Serializes actions as a commit file: one compact JSON action per line, each line ending in a
 * newline.
 */
export function formatCommitFile(actions: readonly Action[]): string {
  return actions.map((action) => `${JSON.stringify(action)}\n`).join('');
}
