// Benchmark `write`: appending to a Delta table with @silt/delta-log and delta-rs, alternating in
// one run on identical data: 1M rows as one commit into a new table, and 1,000 small commits
// (100 rows each) to one table. See ../../README.md for what is measured and the targets.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTable, DeltaTable, writeDeltaLake } from '@silt/delta-log';
import { arrowSchemaToDelta, wasmMemoryBytes } from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import {
  alternate,
  comparisonTable,
  deltaMachineInfo,
  iterationsOption,
  machineMarkdown,
  memoryMarkdownLines,
  minRatios,
  peakRssLine,
  positiveInt,
  printComparison,
  summarizeOps,
  warmUpLine,
} from '../lib/compare.mjs';
import { primitivesTable, sameChecksums, tableChecksums } from '../lib/datasets.mjs';
import { measure, median, RssSampler } from '../lib/measure.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import { formatBytes, formatMs, reportLoad, writeResults } from '../lib/report.mjs';

export const name = 'write';
export const description =
  'Delta appends (1M rows in one commit; 1,000 commits of 100 rows) with @silt/delta-log vs delta-rs';

// `iterations`, `rows`, `batch-rows`, `seed`, `dir` and `keep` are shared with the parquet
// benchmark (same specs).
export const options = {
  iterations: { type: 'string', default: process.env.SILT_BENCH_ITERATIONS ?? '7' },
  rows: { type: 'string', default: process.env.SILT_BENCH_ROWS ?? '1000000' },
  'batch-rows': { type: 'string', default: '65536' },
  seed: { type: 'string', default: '42' },
  dir: { type: 'string' },
  keep: { type: 'boolean', default: false },
  /** Runs of the small-commit loop, the first a warm-up: each run is `small-commits` commits per engine. */
  'small-iterations': { type: 'string', default: '3' },
  /** Commits of the small-commit loop, each an append of `rows-per-commit` rows. */
  'small-commits': { type: 'string', default: '1000' },
  'rows-per-commit': { type: 'string', default: '100' },
};

/** silt/delta-rs median ratio at or under which the 1M-row append meets the target. */
export const APPEND_TARGET_RATIO = 1.5;
/** silt/delta-rs median ratio (per commit) under which the small commits meet the target. */
export const COMMIT_TARGET_RATIO = 1;

const REFERENCE = { referenceKey: 'delta_rs', referenceName: 'delta-rs' };

const TABLE_OPTIONS = {
  ...REFERENCE,
  targetRatio: APPEND_TARGET_RATIO,
  unit: 'rows',
};

/** Empties `path` (a fresh, empty folder), outside any timing. */
function fresh(path) {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
}

/** Total size of the table's data files (an unpartitioned table: the Parquet files at its top). */
function dataFiles(tablePath) {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(tablePath)) {
    if (!entry.endsWith('.parquet')) continue;
    files += 1;
    bytes += statSync(join(tablePath, entry)).size;
  }
  return { files, bytes };
}

/** The versions of the checkpoints in the table's `_delta_log` (classic, multi-part or V2). */
function checkpointVersions(tablePath) {
  const versions = new Set();
  for (const entry of readdirSync(join(tablePath, '_delta_log'))) {
    const match = /^(\d{20})\.checkpoint\..*(parquet|json)$/.exec(entry);
    if (match) versions.add(Number(match[1]));
  }
  return [...versions].sort((a, b) => a - b);
}

function describeCheckpoints(versions) {
  if (versions.length === 0) return 'none';
  const at =
    versions.length > 3
      ? `${versions[0]}, ${versions[1]}… ${versions.at(-1)}`
      : versions.join(', ');
  return `${versions.length} (at version${versions.length > 1 ? 's' : ''} ${at})`;
}

/** Element-wise median of equal-length lists. */
function medianByIndex(lists) {
  return lists[0].map((_, k) => median(lists.map((list) => list[k])));
}

export async function run(values) {
  const iterations = iterationsOption(values.iterations);
  const smallIterations = iterationsOption(values['small-iterations'], 'small-iterations');
  const rows = positiveInt(values.rows, 'rows');
  const batchRows = positiveInt(values['batch-rows'], 'batch-rows');
  const seed = positiveInt(values.seed, 'seed');
  const commits = positiveInt(values['small-commits'], 'small-commits');
  const rowsPerCommit = positiveInt(values['rows-per-commit'], 'rows-per-commit');
  const smallRows = commits * rowsPerCommit;
  if (smallRows > rows)
    throw new Error(
      `--small-commits × --rows-per-commit (${smallRows}) must not exceed --rows (${rows}): the small appends are slices of the data`,
    );
  const dir = resolve(values.dir ?? join(tmpdir(), `silt-bench-write-${process.pid}`));
  mkdirSync(dir, { recursive: true });
  const paths = {
    ipc: join(dir, 'source.arrow'),
    siltAppend: join(dir, 'silt-append'),
    deltaAppend: join(dir, 'delta-rs-append'),
    siltCommits: join(dir, 'silt-commits'),
    deltaCommits: join(dir, 'delta-rs-commits'),
  };

  console.log(
    `write: append ${rows.toLocaleString('en-US')} rows in one commit (${iterations} iterations), and ${commits.toLocaleString('en-US')} commits of ${rowsPerCommit} rows (${smallIterations} iterations); the first of each is a warm-up; tables in ${dir}`,
  );
  const loadAtStart = reportLoad();
  const generateStart = performance.now();
  const source = primitivesTable({ rows, batchRows, seed });
  const expected = tableChecksums(source);
  writeFileSync(paths.ipc, arrow.tableToIPC(source, 'file'));
  // The small appends: consecutive slices from row 0, made before any timing (as in Python).
  const slices = Array.from({ length: commits }, (_, k) =>
    source.slice(k * rowsPerCommit, (k + 1) * rowsPerCommit),
  );
  const expectedSmall = tableChecksums(source.slice(0, smallRows));
  const schema = arrowSchemaToDelta(source.schema);
  console.log(
    `  data: seed ${seed}, ${source.batches.length} batches, Arrow IPC ${formatBytes(statSync(paths.ipc).size)} (${((performance.now() - generateStart) / 1000).toFixed(1)} s to build)`,
  );

  let python;
  try {
    python = await PythonWorker.start('bench_worker.py');
  } catch (error) {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const sampler = new RssSampler(2);
  try {
    const loaded = await python.request('load_ipc', { path: paths.ipc, name: 'source' });
    if (loaded.rows !== rows)
      throw new Error(`pyarrow loaded ${loaded.rows} rows from the IPC file, expected ${rows}`);
    const wasmProbe = () => ({ wasm_memory_bytes: wasmMemoryBytes() });

    // 1. One commit of all the rows into a new table.
    const appendOps = [
      {
        key: 'append',
        label: `append ${rows.toLocaleString('en-US')} rows (one commit)`,
        unit: 'rows',
        targetRatio: APPEND_TARGET_RATIO,
        silt: async () => {
          fresh(paths.siltAppend);
          const sample = await measure(
            sampler,
            () => writeDeltaLake(paths.siltAppend, source, { mode: 'append' }),
            wasmProbe,
          );
          const written = dataFiles(paths.siltAppend);
          sample.version = sample.value.version;
          sample.files = written.files;
          sample.bytes = written.bytes;
          return sample;
        },
        reference: async () => {
          fresh(paths.deltaAppend);
          const answer = await python.request('delta_write', {
            table: 'source',
            path: paths.deltaAppend,
            mode: 'append',
          });
          answer.bytes = dataFiles(paths.deltaAppend).bytes;
          return answer;
        },
        check: (silt, reference) => {
          if (silt.value.metrics.numOutputRows !== rows || silt.value.version !== 0)
            throw new Error(
              `silt wrote ${silt.value.metrics.numOutputRows} rows as version ${silt.value.version}, expected ${rows} as version 0`,
            );
          if (reference.rows !== rows || reference.version !== 0)
            throw new Error(
              `delta-rs wrote ${reference.rows} rows as version ${reference.version}, expected ${rows} as version 0`,
            );
        },
      },
    ];
    let appendCheck = null;
    console.log(`  append ${rows.toLocaleString('en-US')} rows, one commit, into a new table:`);
    const append = await alternate({
      iterations,
      ops: appendOps,
      referenceName: REFERENCE.referenceName,
      afterWarmUp: async () => {
        appendCheck = await checkTables(python, paths.siltAppend, paths.deltaAppend, expected);
      },
    });

    // 2. Many small commits to one table, created before the timing.
    const commitOps = [
      {
        key: 'commits',
        label: `append ${rowsPerCommit} rows (per commit, ${commits.toLocaleString('en-US')} commits)`,
        unit: 'commits',
        items: 1,
        targetRatio: COMMIT_TARGET_RATIO,
        strict: true,
        silt: async () => {
          fresh(paths.siltCommits);
          await createTable(paths.siltCommits, { schema });
          const commitSeconds = [];
          const sample = await measure(
            sampler,
            async () => {
              let result;
              let last = performance.now();
              for (const slice of slices) {
                result = await writeDeltaLake(paths.siltCommits, slice, { mode: 'append' });
                const now = performance.now();
                commitSeconds.push((now - last) / 1000);
                last = now;
              }
              return result;
            },
            wasmProbe,
          );
          const tenth = Math.max(1, Math.floor(commits / 10));
          const perTenth = [];
          for (let k = 0; k < commits; k += tenth) {
            const part = commitSeconds.slice(k, k + tenth);
            perTenth.push(part.reduce((sum, s) => sum + s, 0) / part.length);
          }
          sample.loop_seconds = sample.seconds;
          sample.seconds = sample.loop_seconds / commits;
          sample.per_tenth_seconds = perTenth;
          sample.max_commit_seconds = Math.max(...commitSeconds);
          sample.version = sample.value.version;
          sample.checkpoints = checkpointVersions(paths.siltCommits);
          return sample;
        },
        reference: async () => {
          fresh(paths.deltaCommits);
          const answer = await python.request('delta_appends', {
            table: 'source',
            path: paths.deltaCommits,
            commits,
            rows_per_commit: rowsPerCommit,
          });
          answer.checkpoints = checkpointVersions(paths.deltaCommits);
          return answer;
        },
        check: (silt, reference) => {
          if (silt.value.version !== commits)
            throw new Error(
              `silt's table is at version ${silt.value.version}, expected ${commits}`,
            );
          if (reference.version !== commits)
            throw new Error(
              `delta-rs's table is at version ${reference.version}, expected ${commits}`,
            );
        },
      },
    ];
    let commitsCheck = null;
    console.log(
      `  ${commits.toLocaleString('en-US')} appends of ${rowsPerCommit} rows to one table, per commit:`,
    );
    const small = await alternate({
      iterations: smallIterations,
      ops: commitOps,
      referenceName: REFERENCE.referenceName,
      afterWarmUp: async () => {
        commitsCheck = await checkTables(
          python,
          paths.siltCommits,
          paths.deltaCommits,
          expectedSmall,
        );
      },
    });

    const summary = {
      ...summarizeOps({
        ops: appendOps,
        samples: append.samples,
        warmUp: append.warmUp,
        items: rows,
        targetRatio: APPEND_TARGET_RATIO,
        ...REFERENCE,
      }),
      ...summarizeOps({
        ops: commitOps,
        samples: small.samples,
        warmUp: small.warmUp,
        items: 1,
        targetRatio: COMMIT_TARGET_RATIO,
        ...REFERENCE,
      }),
    };
    for (const key of ['append', 'commits']) {
      const samples = key === 'append' ? append.samples : small.samples;
      summary[key].silt.wasm_memory_bytes = Math.max(
        ...samples.silt[key].map((s) => s.wasm_memory_bytes),
      );
    }
    for (const [engine, key] of [
      ['silt', 'silt'],
      ['reference', 'delta_rs'],
    ]) {
      const list = small.samples[engine].commits;
      const op = summary.commits[key];
      op.loop_seconds = median(list.map((s) => s.loop_seconds));
      op.per_tenth_seconds = medianByIndex(list.map((s) => s.per_tenth_seconds));
      op.max_commit_seconds = Math.max(...list.map((s) => s.max_commit_seconds));
      op.checkpoints = list.at(-1).checkpoints;
      const files = append.samples[engine].append.at(-1);
      summary.append[key].data_files = files.files;
      summary.append[key].data_bytes = files.bytes;
    }

    const result = {
      benchmark: 'write',
      machine: deltaMachineInfo(python, loadAtStart),
      config: {
        rows,
        iterations,
        small_commits: commits,
        rows_per_commit: rowsPerCommit,
        small_iterations: smallIterations,
        warm_up_iterations: 1,
        batch_rows: batchRows,
        seed,
        schema: source.schema.fields.map((f) => `${f.name}: ${f.type}`),
        order:
          'per iteration: silt, then delta-rs; every append iteration first, then every small-commit iteration',
        silt_op: "writeDeltaLake(dir, arrowTable, { mode: 'append' })",
        delta_rs_op: "write_deltalake(dir, pyarrow_table, mode='append')",
        small_table_creation:
          'silt createTable(dir, { schema }); delta-rs DeltaTable.create(dir, schema=...) (version 0, not timed)',
        checkpoints: "each engine's defaults (no table properties set)",
      },
      check: { append: appendCheck, commits: commitsCheck },
      ops: summary,
    };
    print(result);
    return result;
  } finally {
    await sampler.close();
    await python.close();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Both engines read both tables (each its own and the other's): the row counts and column
 * checksums must be the source's, with the timestamp column as µs UTC. Fails loudly otherwise.
 */
async function checkTables(python, siltPath, deltaPath, expected) {
  const reads = {};
  const problems = [];
  for (const [writer, path] of [
    ['silt', siltPath],
    ['delta_rs', deltaPath],
  ]) {
    const silt = tableChecksums(await (await DeltaTable.open(path)).scan().toArrow());
    const reference = await python.request('delta_scan', { path, checksums: true });
    reads[`silt_reads_${writer}`] = silt;
    reads[`delta_rs_reads_${writer}`] = reference.checksums;
    const table = writer === 'silt' ? "silt's table" : "delta-rs's table";
    if (!sameChecksums(expected, silt))
      problems.push(`silt reading ${table}: ${JSON.stringify(silt)}`);
    if (!sameChecksums(expected, reference.checksums))
      problems.push(`delta-rs reading ${table}: ${JSON.stringify(reference.checksums)}`);
    if (silt.columns.ts?.type !== expected.columns.ts.type)
      problems.push(
        `silt reads ${table}'s ts as ${silt.columns.ts?.type}, expected ${expected.columns.ts.type}`,
      );
    if (reference.checksums.columns.ts?.type !== 'timestamp[us, tz=UTC]')
      problems.push(
        `delta-rs reads ${table}'s ts as ${reference.checksums.columns.ts?.type}, expected timestamp[us, tz=UTC]`,
      );
  }
  if (problems.length > 0)
    throw new Error(
      `write check FAILED: expected ${JSON.stringify(expected)}\n  ${problems.join('\n  ')}`,
    );
  console.log(
    `  check: OK (silt and delta-rs each read both tables: ${expected.rows.toLocaleString('en-US')} rows with the source's column checksums)`,
  );
  return { ok: true, expected, ...reads };
}

/** `1 data file (37.2 MiB)`, `2 data files (…)`. */
function filesText(engine) {
  return `${engine.data_files} data file${engine.data_files === 1 ? '' : 's'} (${formatBytes(engine.data_bytes)})`;
}

function notes(result) {
  const c = result.config;
  const { append, commits } = result.ops;
  const tenths = (op) =>
    `${formatMs(op.per_tenth_seconds[0])} → ${formatMs(op.per_tenth_seconds.at(-1))} (slowest single commit ${formatMs(op.max_commit_seconds)})`;
  return [
    `data: ${c.rows.toLocaleString('en-US')} rows × (${c.schema.join(', ')}), no nulls, seed ${c.seed}; the same Arrow data in both engines (delta-rs reads it from an Arrow IPC file once, outside the timing).`,
    `append: each run writes a new table into an empty folder: silt wrote ${filesText(append.silt)}, delta-rs ${filesText(append.delta_rs)}. silt wasm memory (parquet-wasm linear memory after the op; it never shrinks): ${formatBytes(append.silt.wasm_memory_bytes)}.`,
    `small commits: each run creates a table (version 0, not timed), then appends ${c.small_commits.toLocaleString('en-US')} slices of ${c.rows_per_commit} rows (the first ${(c.small_commits * c.rows_per_commit).toLocaleString('en-US')} rows of the data) as versions 1-${c.small_commits}, each a separate write by path (both engines load the table's latest version each time); the times are per commit (the loop ÷ ${c.small_commits.toLocaleString('en-US')}), the loop took silt ${(commits.silt.loop_seconds).toFixed(1)} s, delta-rs ${commits.delta_rs.loop_seconds.toFixed(1)} s (medians).`,
    `per-commit time from the first to the last tenth of the loop: silt ${tenths(commits.silt)}; delta-rs ${tenths(commits.delta_rs)}.`,
    `checkpoints written during the small commits, with each engine's defaults (no table property set: the comparison a user gets): silt ${describeCheckpoints(commits.silt.checkpoints)}; delta-rs ${describeCheckpoints(commits.delta_rs.checkpoints)}.`,
    minRatios(result.ops, REFERENCE.referenceName),
    warmUpLine(result.ops, REFERENCE),
    peakRssLine(result.ops, REFERENCE),
  ];
}

function medians(result) {
  const c = result.config;
  return `timings are medians of ${c.iterations - c.warm_up_iterations} runs (append) and ${c.small_iterations - c.warm_up_iterations} run${c.small_iterations - c.warm_up_iterations === 1 ? '' : 's'} (small commits); peak RSS Δ is the largest over them.`;
}

function print(result) {
  printComparison(result.ops, TABLE_OPTIONS, { medians: medians(result), notes: notes(result) });
}

function checkLine(check) {
  return check?.ok
    ? `OK: silt and delta-rs each read both tables (their own and the other's) with the source's ${check.expected.rows.toLocaleString('en-US')} rows and column checksums (integer sums, timestamp sums modulo 2⁶⁴, string byte totals), ts as µs UTC`
    : 'not run';
}

export function markdown(result) {
  const m = result.machine;
  const c = result.config;
  return [
    '# Benchmark `write`: @silt/delta-log vs delta-rs',
    '',
    `Appending to a Delta table: ${c.rows.toLocaleString('en-US')} rows as one commit into a new table, and ${c.small_commits.toLocaleString('en-US')} commits of ${c.rows_per_commit} rows to one table (per-commit time). ` +
      `Medians of alternating runs after ${c.warm_up_iterations} warm-up (${c.order}). ` +
      `silt: \`${c.silt_op}\`; delta-rs: \`${c.delta_rs_op}\`. ` +
      `Targets: the 1M-row append within ${APPEND_TARGET_RATIO}× of delta-rs; a small commit faster than delta-rs's (ratio < ${COMMIT_TARGET_RATIO}).`,
    '',
    comparisonTable(result.ops, TABLE_OPTIONS).markdown,
    '',
    `- ${medians(result)}`,
    ...notes(result).map((line) => `- ${line}`),
    `- Check (append): ${checkLine(result.check?.append)}.`,
    `- Check (small commits): ${checkLine(result.check?.commits)}.`,
    ...memoryMarkdownLines(m),
    '',
    '## Machine',
    '',
    machineMarkdown(m),
    '',
    'Regenerate: `pnpm --filter @silt/bench bench -- write` (see tooling/bench/README.md).',
    '',
  ].join('\n');
}

export function save(result) {
  return writeResults('write', result, markdown(result));
}
