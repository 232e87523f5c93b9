/**
 * Checkpoints written by Silt, read by delta-rs and Apache Spark (one Spark session for the
 * whole file, see tooling/interop/python/checkpoint_interop.py). Each table gets a checkpoint
 * at version 2 and a commit 3 after it; a copy without commits 0 and 1 can only be read through
 * the checkpoint (the commit of the checkpoint's version is kept, as metadata cleanup keeps it:
 * Spark wants it for the version's timestamp), and both engines must read it at versions 2 and
 * 3 as Silt does: files, rows, and rows through a filter that file statistics prune.
 */
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { field, type StructType, struct, tableFromRows, writeParquet } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFilePath } from '../log/log-file-name.js';
import type { Action } from '../protocol/actions.js';
import { formatCommitFile } from '../protocol/commit-file.js';
import { loadSnapshot } from '../snapshot/load-snapshot.js';
import { LocalStorage } from '../storage/local-storage.js';
import type { Storage } from '../storage/storage.js';
import {
  commitInfoAction,
  metadataAction,
  protocolAction,
  removeAction,
  txnAction,
} from '../test-support/actions.js';
import { writeCheckpoint } from './checkpoint-writer.js';

interface EngineRead {
  engine: 'delta-rs' | 'spark';
  table: string;
  requested?: number;
  version?: number;
  files?: string[];
  ids?: number[];
  filteredIds?: number[];
  checkpointVersion?: number | null;
  lastCheckpoint?: {
    version?: number;
    size?: number;
    storedChecksum?: string | null;
    actualChecksum?: string;
    error: { type: string; message: string } | null;
  };
  error?: { type: string; message: string } | null;
}

/** How one test table is made: its protocol, schema (logical → physical names) and configuration. */
interface TableKind {
  name: string;
  protocol: Action;
  configuration: Record<string, string>;
  /** Physical names of id, name and part (the logical names without column mapping). */
  physical: { id: string; name: string; part: string };
}

const KINDS: TableKind[] = [
  {
    name: 'plain',
    protocol: protocolAction(),
    configuration: { 'delta.checkpoint.writeStatsAsStruct': 'true' },
    physical: { id: 'id', name: 'name', part: 'part' },
  },
  {
    name: 'column-mapping',
    protocol: protocolAction({ reader: 2, writer: 5 }),
    configuration: {
      'delta.columnMapping.mode': 'name',
      'delta.columnMapping.maxColumnId': '3',
      'delta.checkpoint.writeStatsAsStruct': 'true',
    },
    physical: { id: 'col-a1', name: 'col-b2', part: 'col-c3' },
  },
  {
    name: 'v2-checkpoint',
    protocol: protocolAction({
      readerFeatures: ['v2Checkpoint'],
      writerFeatures: ['v2Checkpoint'],
    }),
    configuration: { 'delta.checkpointPolicy': 'v2' },
    physical: { id: 'id', name: 'name', part: 'part' },
  },
];

function tableSchema(kind: TableKind): StructType {
  const mapped = kind.name === 'column-mapping';
  const meta = (id: number, physical: string) =>
    mapped ? { 'delta.columnMapping.id': id, 'delta.columnMapping.physicalName': physical } : {};
  return struct([
    field('id', 'long', true, meta(1, kind.physical.id)),
    field('name', 'string', true, meta(2, kind.physical.name)),
    field('part', 'string', true, meta(3, kind.physical.part)),
  ]);
}

/** Writes one data file of ids `[from, from + 10)` in partition `part`; resolves to its add action. */
async function dataFile(
  storage: Storage,
  kind: TableKind,
  path: string,
  part: string,
  from: number,
): Promise<Action> {
  const schema = struct([field(kind.physical.id, 'long'), field(kind.physical.name, 'string')]);
  const rows = Array.from({ length: 10 }, (_, index) => ({
    [kind.physical.id]: BigInt(from + index),
    [kind.physical.name]: `n${from + index}`,
  }));
  const table = tableFromRows(schema, rows);
  // Parquet field ids (the column mapping ids), by which delta-rs resolves mapped columns.
  const withIds = new arrow.Schema(
    table.schema.fields.map(
      (column, index) =>
        new arrow.Field(
          column.name,
          column.type,
          column.nullable,
          new Map([['PARQUET:field_id', String(index + 1)]]),
        ),
    ),
  );
  const bytes = await writeParquet(
    new arrow.Table(
      withIds,
      table.batches.map((batch) => new arrow.RecordBatch(withIds, batch.data)),
    ),
  );
  await storage.write(path, bytes);
  return {
    add: {
      path,
      partitionValues: { [kind.physical.part]: part },
      size: bytes.length,
      modificationTime: 1_700_000_000_000,
      dataChange: true,
      stats: JSON.stringify({
        numRecords: 10,
        minValues: { [kind.physical.id]: from, [kind.physical.name]: `n${from}` },
        maxValues: { [kind.physical.id]: from + 9, [kind.physical.name]: `n${from + 9}` },
        nullCount: { [kind.physical.id]: 0, [kind.physical.name]: 0 },
      }),
    },
  };
}

async function commit(storage: Storage, version: number, actions: Action[]): Promise<void> {
  await storage.write(
    commitFilePath(version),
    new TextEncoder().encode(formatCommitFile(actions)),
    {
      ifAbsent: true,
    },
  );
}

/** Builds a table of four versions with a Silt checkpoint at version 2. */
async function buildTable(root: string, kind: TableKind): Promise<void> {
  const storage = new LocalStorage(root);
  const now = Date.now();
  await commit(storage, 0, [
    commitInfoAction({ operation: 'CREATE TABLE', timestamp: now }),
    kind.protocol,
    metadataAction({
      schema: tableSchema(kind),
      partitionColumns: ['part'],
      configuration: kind.configuration,
    }),
    await dataFile(storage, kind, `${kind.physical.part}=a/f0.parquet`, 'a', 0),
  ]);
  await commit(storage, 1, [
    commitInfoAction({ timestamp: now }),
    await dataFile(storage, kind, `${kind.physical.part}=b/f1.parquet`, 'b', 10),
    txnAction('app', 1),
  ]);
  await commit(storage, 2, [
    commitInfoAction({ operation: 'DELETE', timestamp: now }),
    removeAction(`${kind.physical.part}=a/f0.parquet`, {
      deletionTimestamp: now,
      partitionValues: { [kind.physical.part]: 'a' },
      extendedFileMetadata: true,
      size: 1,
    }),
    await dataFile(storage, kind, `${kind.physical.part}=a/f2.parquet`, 'a', 20),
  ]);
  const written = await writeCheckpoint(storage, await loadSnapshot(storage));
  expect(written.kind).toBe(kind.name === 'v2-checkpoint' ? 'v2' : 'classic');
  await commit(storage, 3, [
    commitInfoAction({ timestamp: now }),
    await dataFile(storage, kind, `${kind.physical.part}=c/f3.parquet`, 'c', 30),
  ]);
}

/** Copies a table folder, leaving out the commits through `version`. */
async function copyWithoutCommits(from: string, to: string, version: number): Promise<void> {
  const source = new LocalStorage(from);
  const target = new LocalStorage(to);
  const skipped = new Set(Array.from({ length: version + 1 }, (_, index) => commitFilePath(index)));
  for await (const file of source.list('')) {
    if (!skipped.has(file.path)) await target.write(file.path, await source.read(file.path));
  }
}

const EXPECTED_IDS: Record<number, number[]> = {
  2: [...range(10, 30)],
  3: [...range(10, 40)],
};

function* range(from: number, to: number): Generator<number> {
  for (let value = from; value < to; value++) yield value;
}

describe('checkpoints written by Silt, read by delta-rs and Spark', () => {
  let root: string;
  const tables: Record<string, { full: string; pruned: string }> = {};
  let reads: EngineRead[] = [];

  beforeAll(async () => {
    root = await makeTempDir('silt-checkpoint-interop-');
    for (const kind of KINDS) {
      const full = `${root}/${kind.name}`;
      const pruned = `${root}/${kind.name}-pruned`;
      await buildTable(full, kind);
      await copyWithoutCommits(full, pruned, 1);
      tables[kind.name] = { full, pruned };
    }
    const requests = KINDS.flatMap((kind) =>
      [2, 3].map((version) => ({ table: tables[kind.name]!.pruned, version })),
    );
    // One JSON object per line, per request and engine.
    const out = await runPython('checkpoint_interop.py', [], {
      input: JSON.stringify(requests),
      timeoutMs: 600_000,
    });
    reads = out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EngineRead);
  }, 900_000);

  afterAll(async () => {
    if (root && !process.env.SILT_KEEP_TEMP) await removeTempDir(root);
    else if (root) console.log(`kept ${root}`);
  });

  it.each(KINDS.map((kind) => kind.name))(
    '%s: Silt reads the pruned copy at versions 2 and 3 like the full table',
    async (name) => {
      for (const version of [2, 3]) {
        const full = await loadSnapshot(new LocalStorage(tables[name]!.full), { version });
        const pruned = await loadSnapshot(new LocalStorage(tables[name]!.pruned), { version });
        expect(pruned.logSegment.checkpoint?.version).toBe(2);
        expect(pruned.files.map((file) => file.path).sort()).toEqual(
          full.files.map((file) => file.path).sort(),
        );
        expect(pruned.appTransaction('app')?.version).toBe(1);
      }
    },
  );

  it.each(KINDS.flatMap((kind) => [2, 3].map((version) => [kind.name, version] as const)))(
    '%s@%i: delta-rs and Spark read the files and rows Silt reads, through the checkpoint',
    async (name, version) => {
      const table = tables[name]!.pruned;
      const silt = await loadSnapshot(new LocalStorage(tables[name]!.full), { version });
      const files = silt.files.map((file) => file.path).sort();
      for (const engine of ['delta-rs', 'spark'] as const) {
        const read = reads.find(
          (entry) =>
            entry.engine === engine && entry.table === table && entry.requested === version,
        );
        expect(read, `${engine} answered`).toBeDefined();
        expect(read!.error, `${engine}: ${JSON.stringify(read!.error)}`).toBeNull();
        expect(read!.version).toBe(version);
        expect(read!.files).toEqual(files);
        expect(read!.ids).toEqual(EXPECTED_IDS[version]);
        expect(read!.filteredIds).toEqual(EXPECTED_IDS[version]!.filter((id) => id >= 25));
        if (engine === 'spark') expect(read!.checkpointVersion).toBe(2);
      }
    },
  );

  it.each(KINDS.map((kind) => kind.name))(
    '%s: Spark validates the _last_checkpoint checksum Silt wrote',
    (name) => {
      const read = reads.find(
        (entry) => entry.table === tables[name]!.pruned && entry.lastCheckpoint !== undefined,
      );
      expect(read?.lastCheckpoint).toMatchObject({ version: 2, error: null });
      expect(read!.lastCheckpoint!.storedChecksum).toBe(read!.lastCheckpoint!.actualChecksum);
    },
  );
});
