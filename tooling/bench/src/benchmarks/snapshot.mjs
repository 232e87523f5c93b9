// Benchmark `snapshot`: loading the latest snapshot of a Delta table with a long log (100,000
// add actions over 1,000 commits, a checkpoint every 100) in @silt/delta-log and in delta-rs,
// alternating in one run. See ../../README.md for what is measured and the target.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DeltaTable } from '@silt/delta-log';
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
import { defaultCacheDir, displayPath, snapshotFixture } from '../lib/delta-fixtures.mjs';
import { measure, RssSampler, summarize } from '../lib/measure.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import { formatBytes, formatMs, reportLoad, writeResults } from '../lib/report.mjs';

export const name = 'snapshot';
export const description =
  'Delta snapshot load (100,000 adds over 1,000 commits, checkpoint every 100) with @silt/delta-log vs delta-rs';

export const options = {
  iterations: { type: 'string', default: process.env.SILT_BENCH_ITERATIONS ?? '7' },
  commits: { type: 'string', default: '1000' },
  'adds-per-commit': { type: 'string', default: '100' },
  'checkpoint-interval': { type: 'string', default: '100' },
  /** Where the Delta fixtures are cached (by parameters); default tooling/bench/.bench-out. */
  'cache-dir': { type: 'string' },
  /** Build the fixtures again even when a cached one exists. */
  rebuild: { type: 'boolean', default: false },
};

/** silt/delta-rs median ratio at or under which the load meets the target. */
export const TARGET_RATIO = 1;

const REFERENCE = { referenceKey: 'delta_rs', referenceName: 'delta-rs' };

const OPS = [{ key: 'load', label: 'snapshot load (latest version)' }];

/** SHA-256 of the sorted paths of the active files: the same as bench_worker's `delta_files`. */
function pathsDigest(files) {
  const paths = files.map((file) => file.path).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(paths.join('\n')).digest('hex');
}

/** What a snapshot load of the latest version reads: the newest checkpoint and the commits after it. */
function logFacts(tablePath, lastCheckpoint) {
  const log = join(tablePath, '_delta_log');
  const after = lastCheckpoint?.version ?? -1;
  let commitsRead = 0;
  let commitBytes = 0;
  let checkpointBytes = 0;
  let totalBytes = 0;
  for (const entry of readdirSync(log)) {
    const size = statSync(join(log, entry)).size;
    totalBytes += size;
    const version = Number.parseInt(entry.slice(0, 20), 10);
    if (entry.endsWith('.json') && version > after) {
      commitsRead += 1;
      commitBytes += size;
    } else if (entry.endsWith('.checkpoint.parquet') && version === after) checkpointBytes = size;
  }
  return {
    log_bytes: totalBytes,
    checkpoint_version: lastCheckpoint?.version ?? null,
    checkpoint_bytes: checkpointBytes,
    checkpoint_actions: lastCheckpoint?.size ?? null,
    commits_after_checkpoint: commitsRead,
    commits_after_checkpoint_bytes: commitBytes,
  };
}

export async function run(values) {
  const iterations = iterationsOption(values.iterations);
  const commits = positiveInt(values.commits, 'commits');
  const addsPerCommit = positiveInt(values['adds-per-commit'], 'adds-per-commit');
  const checkpointInterval = positiveInt(values['checkpoint-interval'], 'checkpoint-interval');
  const cacheDir = resolve(values['cache-dir'] ?? defaultCacheDir);
  const adds = commits * addsPerCommit;

  console.log(
    `snapshot: ${adds.toLocaleString('en-US')} adds over ${commits.toLocaleString('en-US')} commits, checkpoint every ${checkpointInterval}, ${iterations} iterations (first is a warm-up)`,
  );
  const loadAtStart = reportLoad();

  const python = await PythonWorker.start('bench_worker.py');
  const sampler = new RssSampler(2);
  try {
    const fixture = await snapshotFixture(python, {
      commits,
      addsPerCommit,
      checkpointInterval,
      cacheDir,
      rebuild: values.rebuild,
    });
    const facts = logFacts(fixture.path, fixture.last_checkpoint);
    console.log(
      `  table: ${displayPath(fixture.path)} (${fixture.reused ? 'cached' : `built in ${fixture.build_seconds.toFixed(1)} s`}); _delta_log ${formatBytes(facts.log_bytes)}; the latest snapshot reads ${facts.checkpoint_version === null ? 'no checkpoint' : `checkpoint ${facts.checkpoint_version} (${formatBytes(facts.checkpoint_bytes)})`} and ${facts.commits_after_checkpoint} commits (${formatBytes(facts.commits_after_checkpoint_bytes)})`,
    );
    const check = await checkFixture(python, fixture, adds);
    console.log(
      `  check: OK (silt and delta-rs both load version ${check.version} with ${check.files.toLocaleString('en-US')} active files, the same paths)`,
    );

    const ops = [
      {
        key: 'load',
        silt: () =>
          measure(sampler, async () => {
            const table = await DeltaTable.open(fixture.path);
            return { files: table.files.length, version: table.version };
          }),
        reference: () => python.request('delta_snapshot', { path: fixture.path }),
        check: (silt, reference) => {
          if (silt.value.files !== adds || silt.value.version !== fixture.version)
            throw new Error(
              `silt loaded version ${silt.value.version} with ${silt.value.files} files, expected ${fixture.version} with ${adds}`,
            );
          if (reference.files !== adds || reference.version !== fixture.version)
            throw new Error(
              `delta-rs loaded version ${reference.version} with ${reference.files} files, expected ${fixture.version} with ${adds}`,
            );
        },
      },
    ];
    const { samples, warmUp } = await alternate({
      iterations,
      ops: OPS.map((op, k) => ({ ...op, ...ops[k] })),
      referenceName: REFERENCE.referenceName,
    });

    const summary = summarizeOps({
      ops: OPS,
      samples,
      warmUp,
      items: adds,
      targetRatio: TARGET_RATIO,
      ...REFERENCE,
    });
    // delta-rs's DeltaTable(path) alone (it replays the log and holds the active files as
    // Arrow); the rest of its time is file_uris() listing them to Python.
    summary.load.delta_rs.open_seconds = summarize(
      samples.reference.load.map((s) => s.open_seconds),
    );
    const result = {
      benchmark: 'snapshot',
      machine: deltaMachineInfo(python, loadAtStart),
      config: {
        commits,
        adds_per_commit: addsPerCommit,
        add_actions: adds,
        checkpoint_interval: checkpointInterval,
        iterations,
        warm_up_iterations: 1,
        order: 'per iteration: silt load, then delta-rs load',
        silt_op: 'await DeltaTable.open(path) (a new object each time), then table.files.length',
        delta_rs_op:
          'DeltaTable(path) (replays the log, materialising the active files as Arrow), then len(dt.file_uris())',
      },
      fixture: {
        path: displayPath(fixture.path),
        version: fixture.version,
        checkpoints: fixture.checkpoints,
        last_checkpoint: fixture.last_checkpoint,
        built_at: fixture.built_at,
        build_seconds: fixture.build_seconds,
        ...facts,
      },
      check,
      ops: summary,
    };
    print(result);
    return result;
  } finally {
    await sampler.close();
    await python.close();
  }
}

/** Silt and delta-rs must load the same version with the same active files (by path). */
async function checkFixture(python, fixture, adds) {
  const silt = await DeltaTable.open(fixture.path);
  const reference = await python.request('delta_files', { path: fixture.path });
  const siltDigest = pathsDigest(silt.files);
  const problems = [];
  if (silt.files.length !== adds)
    problems.push(`silt loads ${silt.files.length} active files, expected ${adds}`);
  if (reference.files !== adds)
    problems.push(`delta-rs loads ${reference.files} active files, expected ${adds}`);
  if (silt.version !== fixture.version || reference.version !== fixture.version)
    problems.push(
      `versions: silt ${silt.version}, delta-rs ${reference.version}, expected ${fixture.version}`,
    );
  if (siltDigest !== reference.paths_sha256)
    problems.push(
      `the sorted add paths differ (sha256 silt ${siltDigest}, delta-rs ${reference.paths_sha256})`,
    );
  if (problems.length > 0)
    throw new Error(
      `snapshot check FAILED on ${displayPath(fixture.path)}:\n  ${problems.join('\n  ')}`,
    );
  return { ok: true, version: silt.version, files: silt.files.length, paths_sha256: siltDigest };
}

function notes(result) {
  const load = result.ops.load;
  const f = result.fixture;
  const checkpoints =
    f.checkpoints.length === 0
      ? 'no checkpoint'
      : `classic Parquet checkpoints by delta-rs at ${f.checkpoints.length > 2 ? `${f.checkpoints[0]}, ${f.checkpoints[1]}… ${f.checkpoints.at(-1)}` : f.checkpoints.join(', ')}`;
  const reads =
    f.checkpoint_version === null
      ? `${f.commits_after_checkpoint} JSON commits (${formatBytes(f.commits_after_checkpoint_bytes)})`
      : `checkpoint ${f.checkpoint_version} (${formatBytes(f.checkpoint_bytes)}, ${f.checkpoint_actions?.toLocaleString('en-US')} actions) and ${f.commits_after_checkpoint} JSON commits (${formatBytes(f.commits_after_checkpoint_bytes)})`;
  return [
    `table: ${result.config.add_actions.toLocaleString('en-US')} add actions in ${result.config.commits} commits (versions 0-${f.version}), ${checkpoints}; the latest snapshot reads ${reads}; no data files.`,
    `delta-rs DeltaTable(path) alone: median ${formatMs(load.delta_rs.open_seconds.median)}; len(dt.file_uris()) takes the rest of its ${formatMs(load.delta_rs.seconds.median)}.`,
    minRatios(result.ops, REFERENCE.referenceName),
    warmUpLine(result.ops, REFERENCE),
    peakRssLine(result.ops, REFERENCE),
  ];
}

function print(result) {
  printComparison(
    result.ops,
    { ...REFERENCE, targetRatio: TARGET_RATIO, unit: 'adds' },
    {
      medians: `timings are medians of ${result.config.iterations - 1} runs; peak RSS Δ is the largest over them.`,
      notes: notes(result),
    },
  );
}

export function markdown(result) {
  const m = result.machine;
  const c = result.config;
  return [
    '# Benchmark `snapshot`: @silt/delta-log vs delta-rs',
    '',
    `Loading the latest snapshot of a table of ${c.add_actions.toLocaleString('en-US')} add actions over ${c.commits.toLocaleString('en-US')} commits with a checkpoint every ${c.checkpoint_interval} versions. ` +
      `Median of ${c.iterations - c.warm_up_iterations} alternating runs after ${c.warm_up_iterations} warm-up (${c.order}). ` +
      `silt: \`${c.silt_op}\`; delta-rs: \`${c.delta_rs_op}\`. Target: silt no slower than delta-rs (ratio ≤ ${TARGET_RATIO}).`,
    '',
    comparisonTable(result.ops, { ...REFERENCE, targetRatio: TARGET_RATIO, unit: 'adds' }).markdown,
    '',
    ...notes(result).map((line) => `- ${line}`),
    `- Check: ${result.check.ok ? `OK: both engines load version ${result.check.version} with ${result.check.files.toLocaleString('en-US')} active files, the same paths (SHA-256 of the sorted paths equal)` : 'not run'}.`,
    ...memoryMarkdownLines(m),
    '',
    '## Machine',
    '',
    machineMarkdown(m),
    '',
    'Regenerate: `pnpm --filter @silt/bench bench -- snapshot` (see tooling/bench/README.md).',
    '',
  ].join('\n');
}

export function save(result) {
  return writeResults('snapshot', result, markdown(result));
}
