import { type StructType, tableFromRows, writeParquet } from '@silt/parquet-io';
import { type Action, actionName, type SidecarAction } from '../protocol/actions.js';
import { formatCommitFile } from '../protocol/commit-file.js';
import { MemoryStorage } from '../storage/memory-storage.js';
import { CHECKPOINT_SCHEMA } from './checkpoint-schema.js';

/** Options of {@link TestTable.checkpoint}. */
export interface TestCheckpointOptions {
  /** The checkpoint naming. Default `classic`. */
  naming?: 'classic' | 'multi-part' | 'uuid';
  /** Number of parts of a multi-part checkpoint. Default 2. */
  parts?: number;
  /** Parts (1-based) not to write, to imitate a checkpoint writer that died. */
  skipParts?: number[];
  /** The format of a UUID-named checkpoint. Default `json`. */
  format?: 'json' | 'parquet';
  /** The UUID of a UUID-named checkpoint. */
  uuid?: string;
  /** The Parquet schema; default {@link CHECKPOINT_SCHEMA}. */
  schema?: StructType;
}

/** Keys whose values are `map<string,string>` in checkpoints (objects in JSON). */
const MAP_KEYS = new Set(['partitionValues', 'tags', 'options', 'configuration']);

/**
 * A Delta table in memory whose log tests write by hand: commits, classic, multi-part and
 * UUID-named checkpoints, sidecars, `_last_checkpoint`. The modification time of each file is
 * the table's clock, which tests set with {@link TestTable.at}.
 *
 * @example
 * ```ts
 * const table = new TestTable();
 * await table.commit(0, createTableActions(addAction('a.parquet')));
 * await table.at(1_700_000_060_000).commit(1, [removeAction('a.parquet')]);
 * const snapshot = await loadSnapshot(table.storage);
 * ```
 */
export class TestTable {
  readonly storage: MemoryStorage;
  private now = 1_700_000_000_000;

  constructor() {
    this.storage = new MemoryStorage(() => this.now);
  }

  /** Sets the modification time, in milliseconds since the epoch, of the files written next. */
  at(time: number): this {
    this.now = time;
    return this;
  }

  /** Writes the commit file of `version`. */
  async commit(version: number, actions: Action[]): Promise<string> {
    const path = `_delta_log/${pad(version, 20)}.json`;
    await this.storage.write(path, encode(formatCommitFile(actions)));
    return path;
  }

  /** Writes any file of the table (a damaged commit, a stray file). */
  async writeText(path: string, text: string): Promise<void> {
    await this.storage.write(path, encode(text));
  }

  /** Writes `_delta_log/_last_checkpoint` (an object is written as JSON, a string as is). */
  async lastCheckpoint(content: Record<string, unknown> | string): Promise<void> {
    await this.writeText(
      '_delta_log/_last_checkpoint',
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }

  /** Writes a checkpoint of `version` holding `actions`; resolves to the paths written. */
  async checkpoint(
    version: number,
    actions: Action[],
    options: TestCheckpointOptions = {},
  ): Promise<string[]> {
    const prefix = `_delta_log/${pad(version, 20)}.checkpoint`;
    const schema = options.schema ?? CHECKPOINT_SCHEMA;
    switch (options.naming ?? 'classic') {
      case 'classic':
        await this.storage.write(`${prefix}.parquet`, await checkpointParquet(actions, schema));
        return [`${prefix}.parquet`];
      case 'uuid': {
        const format = options.format ?? 'json';
        const path = `${prefix}.${options.uuid ?? '3a0d65cd-4056-49b8-937b-95f9e3ee90e5'}.${format}`;
        const all: Action[] = [{ checkpointMetadata: { version } }, ...actions];
        await this.storage.write(
          path,
          format === 'json' ? encode(formatCommitFile(all)) : await checkpointParquet(all, schema),
        );
        return [path];
      }
      case 'multi-part': {
        const parts = options.parts ?? 2;
        const written: string[] = [];
        for (let part = 1; part <= parts; part++) {
          if (options.skipParts?.includes(part)) continue;
          const path = `${prefix}.${pad(part, 10)}.${pad(parts, 10)}.parquet`;
          const share = actions.filter((_, index) => index % parts === part - 1);
          await this.storage.write(path, await checkpointParquet(share, schema));
          written.push(path);
        }
        return written;
      }
    }
  }

  /** Writes a sidecar file in `_delta_log/_sidecars/`; resolves to the sidecar action naming it. */
  async sidecar(name: string, actions: Action[]): Promise<Action> {
    const bytes = await checkpointParquet(actions, CHECKPOINT_SCHEMA);
    await this.storage.write(`_delta_log/_sidecars/${name}`, bytes);
    const sidecar: SidecarAction = {
      path: encodeURIComponent(name),
      sizeInBytes: bytes.length,
      modificationTime: this.now,
    };
    return { sidecar };
  }
}

/** Parquet bytes of a checkpoint holding `actions`, one per row. */
export async function checkpointParquet(
  actions: Action[],
  schema: StructType = CHECKPOINT_SCHEMA,
): Promise<Uint8Array> {
  const rows = actions.map((action) => {
    const name = actionName(action);
    return { [name]: toColumnValue((action as Record<string, unknown>)[name]) };
  });
  return writeParquet(tableFromRows(schema, rows));
}

/** JSON-shaped action values as the column builders take them: maps as `Map`. */
function toColumnValue(value: unknown, key = ''): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => toColumnValue(item));
  const entries = Object.entries(value as Record<string, unknown>);
  if (MAP_KEYS.has(key)) return new Map(entries);
  return Object.fromEntries(entries.map(([name, item]) => [name, toColumnValue(item, name)]));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
