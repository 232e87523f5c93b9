import type { CheckpointFile } from './log-file-name.js';

/** A usable checkpoint: all the files that together hold the table state at `version`. */
export interface Checkpoint {
  version: number;
  naming: CheckpointFile['naming'];
  /** The checkpoint's files; the parts of a multi-part checkpoint in part order. */
  files: CheckpointFile[];
}

/** When several complete checkpoints exist for one version, the first naming here wins. */
const PREFERENCE: readonly CheckpointFile['naming'][] = ['classic', 'uuid', 'multi-part'];

/**
 * The complete checkpoints among listed checkpoint files, one per version, ascending. A
 * multi-part checkpoint counts only with every one of its parts (PROTOCOL.md: readers must
 * ignore multi-part checkpoints with missing parts — they are not written atomically). Of
 * several checkpoints for one version (writers racing, or a V2 table's classic companion of a
 * UUID-named checkpoint), any holds the same state; the classic one is preferred.
 */
export function completeCheckpoints(files: readonly CheckpointFile[]): Checkpoint[] {
  const candidates = new Map<number, Checkpoint[]>();
  const multiPart = new Map<string, CheckpointFile[]>();
  for (const file of files) {
    if (file.naming === 'multi-part') {
      const key = `${file.version}/${file.parts}`;
      multiPart.set(key, [...(multiPart.get(key) ?? []), file]);
    } else add(candidates, { version: file.version, naming: file.naming, files: [file] });
  }
  for (const parts of multiPart.values()) {
    const expected = parts[0]!.parts!;
    const byPart = new Map(parts.map((part) => [part.part!, part]));
    if (byPart.size !== expected) continue;
    const ordered = Array.from({ length: expected }, (_, index) => byPart.get(index + 1)!);
    add(candidates, { version: parts[0]!.version, naming: 'multi-part', files: ordered });
  }
  return [...candidates.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([, found]) =>
        found.sort((a, b) => PREFERENCE.indexOf(a.naming) - PREFERENCE.indexOf(b.naming))[0]!,
    );
}

function add(candidates: Map<number, Checkpoint[]>, checkpoint: Checkpoint): void {
  candidates.set(checkpoint.version, [...(candidates.get(checkpoint.version) ?? []), checkpoint]);
}
