import { type Action, type ActionName, actionName } from '../protocol/actions.js';
import { parseCommitFile } from '../protocol/commit-file.js';
import type { Storage } from '../storage/storage.js';
import { readCheckpointParquet } from './checkpoint-parquet.js';
import type { Checkpoint } from './checkpoints.js';
import { sidecarPath } from './sidecar-path.js';

/** The actions a sidecar file may hold. */
const SIDECAR_ACTIONS: readonly ActionName[] = ['add', 'remove'];

/**
 * Reads the actions of a checkpoint: every part of a multi-part checkpoint, and for a V2
 * checkpoint (UUID-named, or classic-named with a `checkpointMetadata` action) the add and
 * remove actions of its sidecar files as well. `sidecar` actions are resolved, not returned.
 *
 * @param options.actions the action names wanted; default all.
 * @throws {CorruptLog} when a file is unreadable or holds invalid actions.
 * @throws {FileNotFound} when a checkpoint file or a sidecar is missing.
 */
export async function readCheckpoint(
  storage: Storage,
  checkpoint: Checkpoint,
  options: { actions?: readonly ActionName[] } = {},
): Promise<Action[]> {
  const wanted = options.actions;
  const read =
    wanted === undefined || wanted.some((name) => SIDECAR_ACTIONS.includes(name))
      ? withSidecar(wanted)
      : wanted;
  const parts = await Promise.all(
    checkpoint.files.map(async (file) => {
      const bytes = await storage.read(file.path);
      return {
        file: file.path,
        actions:
          file.format === 'json'
            ? keep(parseCommitFile(bytes, file.path), read)
            : await readCheckpointParquet(bytes, file.path, read ? { actions: read } : {}),
      };
    }),
  );
  const sidecars: Promise<Action[]>[] = [];
  const kept = parts.map((part) => {
    // The usual case — a classic checkpoint, all actions wanted — keeps the part's array as is.
    if (wanted === undefined && !part.actions.some((action) => 'sidecar' in action))
      return part.actions;
    const actions: Action[] = [];
    for (const action of part.actions) {
      if ('sidecar' in action)
        sidecars.push(readSidecar(storage, sidecarPath(action.sidecar, part.file), wanted));
      else if (wanted === undefined || wanted.includes(actionName(action))) actions.push(action);
    }
    return actions;
  });
  const actions = kept.length === 1 ? kept[0]! : kept.flat();
  for (const found of await Promise.all(sidecars)) for (const action of found) actions.push(action);
  return actions;
}

async function readSidecar(
  storage: Storage,
  path: string,
  wanted: readonly ActionName[] | undefined,
): Promise<Action[]> {
  const actions = SIDECAR_ACTIONS.filter((name) => wanted === undefined || wanted.includes(name));
  return readCheckpointParquet(await storage.read(path), path, { actions });
}

function withSidecar(wanted: readonly ActionName[] | undefined): readonly ActionName[] | undefined {
  return wanted === undefined ? undefined : [...wanted, 'sidecar'];
}

function keep(actions: Action[], wanted: readonly ActionName[] | undefined): Action[] {
  return wanted === undefined
    ? actions
    : actions.filter((action) => wanted.includes(actionName(action)));
}
