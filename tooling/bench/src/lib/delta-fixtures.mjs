// Delta tables the Delta benchmarks read, built once and cached under tooling/bench/.bench-out/
// (git-ignored) in a folder named by their parameters, so later runs skip the build. A fixture
// is built in a scratch folder and renamed into place when complete: an interrupted build never
// leaves a half-made table to be mistaken for a cached one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as arrow from 'apache-arrow';
import { primitivesTable, seededRandom, tableChecksums } from './datasets.mjs';
import { columnsToTable } from './merge-data.mjs';

/** Bump when a fixture's layout changes, so that stale caches are not reused. */
const FIXTURE_FORMAT = 1;

export const defaultCacheDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '.bench-out',
);

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** `path` relative to the repository root when inside it (for committed reports), else as is. */
export function displayPath(path) {
  const inside = relative(repositoryRoot, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The fixture's description (`fixture.json`) when `dir` holds a complete one made with `params`. */
function cached(dir, params) {
  try {
    const fixture = JSON.parse(readFileSync(join(dir, 'fixture.json'), 'utf8'));
    return JSON.stringify(fixture.params) === JSON.stringify(params) ? fixture : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns the fixture in `dir` made with `params`, building it with `build(scratch)` (which
 * returns facts to record) first when it is missing or `rebuild` is set.
 */
async function cachedFixture(dir, params, rebuild, build) {
  if (!rebuild) {
    const fixture = cached(dir, params);
    if (fixture) return { ...fixture, path: join(dir, 'table'), reused: true };
  }
  const scratch = `${dir}.building-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(scratch, 'table'), { recursive: true });
  const start = performance.now();
  try {
    const facts = await build(scratch, join(scratch, 'table'));
    const fixture = {
      params,
      ...facts,
      build_seconds: (performance.now() - start) / 1000,
      built_at: new Date().toISOString(),
    };
    writeFileSync(join(scratch, 'fixture.json'), `${JSON.stringify(fixture, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(scratch, dir);
    return { ...fixture, path: join(dir, 'table'), reused: false };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** A version 4 UUID drawn from `random` (a {@link seededRandom}): reproducible file names. */
function uuid(random) {
  const hex = Array.from({ length: 4 }, () => random.uint32().toString(16).padStart(8, '0')).join(
    '',
  );
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const commitName = (version) => `${String(version).padStart(20, '0')}.json`;

/** The small schema of the snapshot fixture: the data files are never read, only listed. */
const SNAPSHOT_SCHEMA = {
  type: 'struct',
  fields: [
    { name: 'id', type: 'long', nullable: true, metadata: {} },
    { name: 'value', type: 'double', nullable: true, metadata: {} },
    { name: 'part', type: 'string', nullable: true, metadata: {} },
  ],
};

const EPOCH_2024_MS = 1_704_067_200_000;

/** One realistic add action (as a delta-rs or Spark append writes it) with JSON statistics. */
function addAction(random, version, rowBase) {
  const numRecords = 50_000 + random.below(50_000);
  const minValue = random.double() * 10;
  const action = {
    add: {
      path: `part-00000-${uuid(random)}-c000.snappy.parquet`,
      partitionValues: {},
      size: 400_000 + random.below(400_000),
      modificationTime: EPOCH_2024_MS + version * 60_000 + random.below(1000),
      dataChange: true,
      stats: JSON.stringify({
        numRecords,
        minValues: {
          id: rowBase,
          value: minValue,
          part: `p${String(random.below(10)).padStart(2, '0')}`,
        },
        maxValues: {
          id: rowBase + numRecords - 1,
          value: minValue + 990 + random.double() * 10,
          part: `p${String(90 + random.below(10)).padStart(2, '0')}`,
        },
        nullCount: { id: 0, value: random.below(3), part: 0 },
      }),
      tags: null,
      deletionVector: null,
      baseRowId: null,
      defaultRowCommitVersion: null,
      clusteringProvider: null,
    },
  };
  return { action, numRecords };
}

function commitInfo(version, adds) {
  return {
    commitInfo: {
      timestamp: EPOCH_2024_MS + version * 60_000 + 999,
      operation: version === 0 ? 'CREATE TABLE' : 'WRITE',
      operationParameters: version === 0 ? { mode: 'ErrorIfExists' } : { mode: 'Append' },
      isBlindAppend: true,
      operationMetrics: { numFiles: String(adds), numOutputRows: String(adds * 75_000) },
      clientVersion: 'silt-bench',
    },
  };
}

/**
 * The `snapshot` fixture: a `_delta_log` only (no data files) of `commits` commits, versions
 * 0 to commits - 1, each with `addsPerCommit` add actions (commit 0 also holds the protocol and
 * metaData), and a classic Parquet checkpoint, written by delta-rs, at every multiple of
 * `checkpointInterval` below the last version. Checks that `_last_checkpoint` names the newest
 * checkpoint. `python` is a started {@link PythonWorker}.
 */
export async function snapshotFixture(
  python,
  { commits, addsPerCommit, checkpointInterval, cacheDir = defaultCacheDir, rebuild = false },
) {
  const params = { format: FIXTURE_FORMAT, commits, addsPerCommit, checkpointInterval, seed: 7 };
  const dir = join(cacheDir, `snapshot-c${commits}-a${addsPerCommit}-k${checkpointInterval}`);
  return cachedFixture(dir, params, rebuild, async (_scratch, table) => {
    const log = join(table, '_delta_log');
    mkdirSync(log, { recursive: true });
    const random = seededRandom(params.seed);
    let rowBase = 0;
    for (let version = 0; version < commits; version++) {
      const lines = [commitInfo(version, addsPerCommit)];
      if (version === 0) {
        lines.push(
          { protocol: { minReaderVersion: 1, minWriterVersion: 2 } },
          {
            metaData: {
              id: uuid(random),
              name: null,
              description: null,
              format: { provider: 'parquet', options: {} },
              schemaString: JSON.stringify(SNAPSHOT_SCHEMA),
              partitionColumns: [],
              configuration: {},
              createdTime: EPOCH_2024_MS,
            },
          },
        );
      }
      for (let k = 0; k < addsPerCommit; k++) {
        const { action, numRecords } = addAction(random, version, rowBase);
        rowBase += numRecords;
        lines.push(action);
      }
      writeFileSync(
        join(log, commitName(version)),
        `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`,
      );
    }
    const checkpointVersions = [];
    for (let v = checkpointInterval; v < commits; v += checkpointInterval)
      checkpointVersions.push(v);
    if (checkpointVersions.length > 0)
      await python.request('delta_checkpoints', { path: table, versions: checkpointVersions });
    const last = checkpointVersions.at(-1);
    const lastCheckpointFile = join(log, '_last_checkpoint');
    if (last !== undefined) {
      const pointer = JSON.parse(readFileSync(lastCheckpointFile, 'utf8'));
      if (pointer.version !== last)
        throw new Error(
          `_last_checkpoint names version ${pointer.version}, expected the newest checkpoint ${last}`,
        );
      for (const v of checkpointVersions) {
        const file = join(log, `${String(v).padStart(20, '0')}.checkpoint.parquet`);
        if (!existsSync(file)) throw new Error(`delta-rs wrote no classic checkpoint ${file}`);
      }
    }
    return {
      version: commits - 1,
      add_actions: commits * addsPerCommit,
      checkpoints: checkpointVersions,
      last_checkpoint:
        last === undefined ? null : JSON.parse(readFileSync(lastCheckpointFile, 'utf8')),
    };
  });
}

/**
 * The `scan` fixture: {@link primitivesTable} (`rows`, `seed`, `batchRows`) written by delta-rs
 * (`write_deltalake`) as a Delta table in `files` appends of equal slices, so `files` data
 * files over as many commits. Records the source's checksums to compare the scans with.
 */
export async function scanFixture(
  python,
  { rows, seed, batchRows, files, cacheDir = defaultCacheDir, rebuild = false },
) {
  const params = { format: FIXTURE_FORMAT, rows, seed, batchRows, files };
  const dir = join(cacheDir, `scan-r${rows}-s${seed}-b${batchRows}-f${files}`);
  return cachedFixture(dir, params, rebuild, async (scratch, table) => {
    const source = primitivesTable({ rows, batchRows, seed });
    const ipc = join(scratch, 'source.arrow');
    writeFileSync(ipc, arrow.tableToIPC(source, 'file'));
    rmSync(table, { recursive: true, force: true });
    const written = await python.request('write_delta', { ipc, path: table, files });
    rmSync(ipc, { force: true });
    return {
      version: written.version,
      data_files: written.files,
      schema: source.schema.fields.map((f) => `${f.name}: ${f.type}`),
      expected: tableChecksums(source),
    };
  });
}

/**
 * The `merge` fixture: the merge target (`columns`, from {@link mergeTargetColumns} with `rows`
 * and `seed`) written by delta-rs (`write_deltalake`) in `files` appends of equal slices, so
 * `files` data files over as many commits, each holding a contiguous range of `order_number`.
 */
export async function mergeFixture(
  python,
  { columns, rows, seed, batchRows, files, cacheDir = defaultCacheDir, rebuild = false },
) {
  const params = { format: FIXTURE_FORMAT, rows, seed, batchRows, files };
  const dir = join(cacheDir, `merge-r${rows}-s${seed}-b${batchRows}-f${files}`);
  return cachedFixture(dir, params, rebuild, async (scratch, table) => {
    const source = columnsToTable(columns, batchRows);
    const ipc = join(scratch, 'target.arrow');
    writeFileSync(ipc, arrow.tableToIPC(source, 'file'));
    rmSync(table, { recursive: true, force: true });
    const written = await python.request('write_delta', { ipc, path: table, files });
    rmSync(ipc, { force: true });
    return {
      version: written.version,
      data_files: written.files,
      schema: source.schema.fields.map((f) => `${f.name}: ${f.type}`),
      expected: tableChecksums(source),
    };
  });
}
