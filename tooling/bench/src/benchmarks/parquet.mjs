// Benchmark `parquet`: Parquet write and read of @silt/parquet-io against pyarrow, alternating
// in one run on identical data. See ../../README.md for what is measured and the target.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  readParquetFile,
  readParquetFileBatches,
  wasmMemoryBytes,
  writeParquetFile,
} from '@silt/parquet-io';
import * as arrow from 'apache-arrow';
import { positiveInt } from '../lib/compare.mjs';
import { primitivesTable, sameChecksums, tableChecksums } from '../lib/datasets.mjs';
import { measure, peakRssDelta, RssSampler, summarize } from '../lib/measure.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import {
  busyMachineWarning,
  formatBytes,
  formatMs,
  formatRate,
  formatRatio,
  machineInfo,
  markdownTable,
  packageVersion,
  terminalTable,
  writeResults,
} from '../lib/report.mjs';

export const name = 'parquet';
export const description =
  'Parquet write/read of 1M rows (int32, double, timestamp µs UTC, string) with @silt/parquet-io vs pyarrow';

export const options = {
  iterations: { type: 'string', default: process.env.SILT_BENCH_ITERATIONS ?? '7' },
  rows: { type: 'string', default: process.env.SILT_BENCH_ROWS ?? '1000000' },
  'batch-rows': { type: 'string', default: '65536' },
  seed: { type: 'string', default: '42' },
  dir: { type: 'string' },
  /** Keep the scratch directory (source IPC and both Parquet files) after the run. */
  keep: { type: 'boolean', default: false },
};

/** silt/pyarrow median ratio at or under which an op meets the target. */
export const TARGET_RATIO = 2;

const OPS = [
  { key: 'write', label: 'write (snappy, to disk)' },
  { key: 'read', label: 'read (whole table)' },
  { key: 'stream', label: 'read (stream batches)' },
];

export async function run(values) {
  const iterations = positiveInt(values.iterations, 'iterations');
  if (iterations < 2) throw new Error('--iterations must be at least 2: the first is a warm-up');
  const rows = positiveInt(values.rows, 'rows');
  const batchRows = positiveInt(values['batch-rows'], 'batch-rows');
  const seed = positiveInt(values.seed, 'seed');
  const dir = resolve(values.dir ?? join(tmpdir(), `silt-bench-parquet-${process.pid}`));
  mkdirSync(dir, { recursive: true });
  const files = {
    ipc: join(dir, 'source.arrow'),
    silt: join(dir, 'silt.parquet'),
    pyarrow: join(dir, 'pyarrow.parquet'),
  };

  console.log(
    `parquet: ${rows.toLocaleString('en-US')} rows, ${iterations} iterations (first is a warm-up), files in ${dir}`,
  );
  const loadAtStart = loadavg()[0];
  const busy = busyMachineWarning();
  if (busy) console.log(`  ${busy}`);
  const generateStart = performance.now();
  const table = primitivesTable({ rows, batchRows, seed });
  const expected = tableChecksums(table);
  writeFileSync(files.ipc, arrow.tableToIPC(table, 'file'));
  console.log(
    `  data: seed ${seed}, ${table.batches.length} batches, Arrow IPC ${formatBytes(statSync(files.ipc).size)} (${((performance.now() - generateStart) / 1000).toFixed(1)} s to build)`,
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
    const loaded = await python.request('load_ipc', { path: files.ipc, name: 'source' });
    if (loaded.rows !== rows)
      throw new Error(`pyarrow loaded ${loaded.rows} rows from the IPC file, expected ${rows}`);

    const wasmProbe = () => ({ wasm_memory_bytes: wasmMemoryBytes() });
    const siltOps = {
      write: () =>
        measure(
          sampler,
          () => writeParquetFile(files.silt, table, { compression: 'snappy' }),
          wasmProbe,
        ),
      read: () =>
        measure(sampler, async () => (await readParquetFile(files.silt)).numRows, wasmProbe),
      stream: () =>
        measure(
          sampler,
          async () => {
            let count = 0;
            for await (const batch of readParquetFileBatches(files.silt, { batchSize: 65_536 }))
              count += batch.numRows;
            return count;
          },
          wasmProbe,
        ),
    };
    const pyarrowOps = {
      write: () =>
        python.request('write_parquet', {
          table: 'source',
          path: files.pyarrow,
          compression: 'snappy',
        }),
      read: () => python.request('read_parquet', { path: files.pyarrow }),
      stream: () => python.request('stream_parquet', { path: files.pyarrow, batch_size: 65_536 }),
    };

    const samples = {
      silt: { write: [], read: [], stream: [] },
      pyarrow: { write: [], read: [], stream: [] },
    };
    const warmUpSamples = { silt: {}, pyarrow: {} };
    let crossCheck = null;
    for (let i = 0; i < iterations; i++) {
      const warmUp = i === 0;
      const line = [];
      for (const { key } of OPS) {
        const silt = await siltOps[key]();
        const rowsSeen = key === 'write' ? rows : silt.value;
        if (rowsSeen !== rows)
          throw new Error(`silt ${key} saw ${rowsSeen} rows, expected ${rows}`);
        const py = await pyarrowOps[key]();
        if (py.rows !== rows)
          throw new Error(`pyarrow ${key} saw ${py.rows} rows, expected ${rows}`);
        delete silt.value;
        delete py.id;
        delete py.ok;
        if (key === 'write') silt.bytes = statSync(files.silt).size;
        if (warmUp) {
          warmUpSamples.silt[key] = silt;
          warmUpSamples.pyarrow[key] = py;
        } else {
          samples.silt[key].push(silt);
          samples.pyarrow[key].push(py);
        }
        line.push(`${key} ${formatMs(silt.seconds)} / ${formatMs(py.seconds)}`);
      }
      console.log(
        `  ${warmUp ? 'warm-up' : `run ${i}`.padEnd(7)}  silt / pyarrow: ${line.join(', ')}`,
      );
      if (warmUp) crossCheck = await crossRead(python, files, expected);
    }

    const result = summarizeRun({
      loadAtStart,
      samples,
      warmUpSamples,
      rows,
      iterations,
      seed,
      batchRows,
      files,
      python,
      crossCheck,
      table,
    });
    print(result);
    return result;
  } finally {
    await sampler.close();
    await python.close();
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each engine reads the file the other wrote: row counts and column checksums must equal the
 * source's, and the timestamp column must come back as µs UTC. Fails loudly otherwise.
 */
async function crossRead(python, files, expected) {
  const siltReadsPyarrow = tableChecksums(await readParquetFile(files.pyarrow));
  const pyarrowReadsSilt = await python.request('check_parquet', { path: files.silt });
  delete pyarrowReadsSilt.id;
  delete pyarrowReadsSilt.ok;
  const problems = [];
  if (!sameChecksums(expected, siltReadsPyarrow))
    problems.push(`silt reading pyarrow's file: ${JSON.stringify(siltReadsPyarrow)}`);
  if (!sameChecksums(expected, pyarrowReadsSilt))
    problems.push(`pyarrow reading silt's file: ${JSON.stringify(pyarrowReadsSilt)}`);
  const pyarrowTsType = pyarrowReadsSilt.columns.ts?.type;
  if (pyarrowTsType !== 'timestamp[us, tz=UTC]')
    problems.push(
      `pyarrow reads silt's ts column as ${pyarrowTsType}, expected timestamp[us, tz=UTC]`,
    );
  const siltTsType = siltReadsPyarrow.columns.ts?.type;
  if (siltTsType !== expected.columns.ts.type)
    problems.push(
      `silt reads pyarrow's ts column as ${siltTsType}, expected ${expected.columns.ts.type}`,
    );
  if (problems.length > 0) {
    throw new Error(
      `cross-read check FAILED: expected ${JSON.stringify(expected)}\n  ${problems.join('\n  ')}`,
    );
  }
  console.log(
    `  cross-read: OK (silt reads pyarrow's file and pyarrow reads silt's: ${expected.rows.toLocaleString('en-US')} rows each, column checksums equal)`,
  );
  return {
    ok: true,
    expected,
    silt_reads_pyarrow: siltReadsPyarrow,
    pyarrow_reads_silt: pyarrowReadsSilt,
  };
}

function opSummary(list, rows) {
  const seconds = summarize(list.map((s) => s.seconds));
  const peaks = list.map(peakRssDelta);
  return {
    seconds,
    rows_per_second: rows / seconds.median,
    peak_rss_delta_bytes: Math.max(...peaks),
    peak_rss_delta_median_bytes: summarize(peaks).median,
    samples: list,
  };
}

function summarizeRun({
  loadAtStart,
  samples,
  warmUpSamples,
  rows,
  iterations,
  seed,
  batchRows,
  files,
  python,
  crossCheck,
  table,
}) {
  const ops = {};
  for (const { key, label } of OPS) {
    const silt = opSummary(samples.silt[key], rows);
    const pyarrow = opSummary(samples.pyarrow[key], rows);
    silt.wasm_memory_bytes = Math.max(...samples.silt[key].map((s) => s.wasm_memory_bytes));
    const ratio = silt.seconds.median / pyarrow.seconds.median;
    // Best-case ratio: on a busy machine, the fastest runs are the least disturbed.
    const ratioOfMin = silt.seconds.min / pyarrow.seconds.min;
    ops[key] = {
      label,
      silt,
      pyarrow,
      ratio,
      ratio_of_min: ratioOfMin,
      target: `silt/pyarrow ≤ ${TARGET_RATIO}×`,
      verdict: ratio <= TARGET_RATIO ? 'PASS' : 'MISS',
      // The first (cold) run of each op: not in the medians; its peak RSS Δ includes first-time
      // growth (wasm linear memory, allocator arenas) that later runs reuse.
      warm_up: {
        silt: {
          seconds: warmUpSamples.silt[key].seconds,
          peak_rss_delta_bytes: peakRssDelta(warmUpSamples.silt[key]),
        },
        pyarrow: {
          seconds: warmUpSamples.pyarrow[key].seconds,
          peak_rss_delta_bytes: peakRssDelta(warmUpSamples.pyarrow[key]),
        },
      },
    };
  }
  const hello = python.hello;
  return {
    benchmark: 'parquet',
    machine: machineInfo({
      load_average_1m_at_start: Number(loadAtStart.toFixed(2)),
      python: hello.python,
      pyarrow: hello.pyarrow,
      arrow_cpu_threads: hello.arrow_cpu_threads,
      pyarrow_memory_pool: hello.memory_pool,
      parquet_wasm: packageVersion('parquet-wasm', import.meta.resolve('@silt/parquet-io')),
      apache_arrow_js: packageVersion('apache-arrow'),
      peak_memory_method: hello.hwm_reset
        ? 'VmHWM (peak RSS) reset before each op through /proc/self/clear_refs, read after it: exact'
        : 'RSS sampled every 1-2 ms in a thread',
    }),
    config: {
      rows,
      iterations,
      warm_up_iterations: 1,
      batch_rows: batchRows,
      seed,
      compression: 'snappy',
      schema: table.schema.fields.map((f) => `${f.name}: ${f.type}`),
      order:
        'per iteration: silt write, pyarrow write, silt read, pyarrow read, silt stream, pyarrow stream',
    },
    files: {
      silt_parquet_bytes: statSafe(files.silt),
      pyarrow_parquet_bytes: statSafe(files.pyarrow),
      arrow_ipc_bytes: statSafe(files.ipc),
    },
    cross_read: crossCheck,
    ops,
  };
}

function statSafe(path) {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

const COLUMNS = [
  'op',
  'silt median',
  'pyarrow median',
  'silt rows/s',
  'pyarrow rows/s',
  'silt/pyarrow',
  `target ≤${TARGET_RATIO}×`,
  'silt peak RSS Δ',
  'pyarrow peak RSS Δ',
  'silt wasm memory',
];
const ALIGN = [
  'left',
  'right',
  'right',
  'right',
  'right',
  'right',
  'left',
  'right',
  'right',
  'right',
];

function tableRows(result) {
  return Object.values(result.ops).map((op) => [
    op.label,
    formatMs(op.silt.seconds.median),
    formatMs(op.pyarrow.seconds.median),
    formatRate(op.silt.rows_per_second),
    formatRate(op.pyarrow.rows_per_second),
    formatRatio(op.ratio),
    op.verdict,
    formatBytes(op.silt.peak_rss_delta_bytes),
    formatBytes(op.pyarrow.peak_rss_delta_bytes),
    formatBytes(op.silt.wasm_memory_bytes),
  ]);
}

function minRatios(result) {
  return `silt/pyarrow of the fastest runs (less disturbed by other load): ${Object.values(
    result.ops,
  )
    .map((op) => `${op.label} ${formatRatio(op.ratio_of_min)}`)
    .join(', ')}`;
}

function print(result) {
  console.log('');
  console.log(terminalTable(COLUMNS, tableRows(result), ALIGN));
  const { files } = result;
  console.log(
    `  file sizes: silt ${formatBytes(files.silt_parquet_bytes)}, pyarrow ${formatBytes(files.pyarrow_parquet_bytes)}; timings are medians of ${result.config.iterations - 1} runs; peak RSS Δ is the largest over them.`,
  );
  console.log(`  ${minRatios(result)}`);
}

export function markdown(result) {
  const m = result.machine;
  const c = result.config;
  return [
    '# Benchmark `parquet`: @silt/parquet-io vs pyarrow',
    '',
    `${c.rows.toLocaleString('en-US')} rows × (${c.schema.join(', ')}), no nulls, seed ${c.seed}, Arrow record batches of ${c.batch_rows.toLocaleString('en-US')} rows, snappy. ` +
      `Median of ${c.iterations - c.warm_up_iterations} alternating runs after ${c.warm_up_iterations} warm-up (${c.order}). ` +
      `Target: silt within ${TARGET_RATIO}× of pyarrow for each op.`,
    '',
    markdownTable(COLUMNS, tableRows(result), ALIGN),
    '',
    `- Parquet file sizes: silt ${formatBytes(result.files.silt_parquet_bytes)} (${result.files.silt_parquet_bytes} B), pyarrow ${formatBytes(result.files.pyarrow_parquet_bytes)} (${result.files.pyarrow_parquet_bytes} B).`,
    `- Cross-read: ${result.cross_read?.ok ? "OK: each engine read the other's file, same row count and column checksums as the source" : 'not run'}.`,
    '- Peak RSS Δ: largest, over the measured runs, of the peak resident set during the op minus the resident set just before it (after a GC). ' +
      "silt wasm memory: size of parquet-wasm's linear memory after the op; it never shrinks, so memory it reuses does not show in later RSS deltas.",
    `- ${minRatios(result)}.`,
    `- Cold (warm-up) peak RSS Δ, not in the table: ${Object.values(result.ops)
      .map(
        (op) =>
          `${op.label}: silt ${formatBytes(op.warm_up.silt.peak_rss_delta_bytes)}, pyarrow ${formatBytes(op.warm_up.pyarrow.peak_rss_delta_bytes)}`,
      )
      .join('; ')}.`,
    `- Peak memory method: ${m.peak_memory_method}.`,
    '',
    '## Machine',
    '',
    markdownTable(
      ['fact', 'value'],
      [
        ['date', m.date],
        ['cpu', `${m.cpu_model} × ${m.cpu_count}`],
        ['memory', formatBytes(m.memory_total_bytes)],
        ['os', m.os],
        [
          'load average (1 min) at start / end',
          `${m.load_average_1m_at_start} / ${m.load_average_1m_at_end}`,
        ],
        ['node', m.node],
        ['apache-arrow (JS)', m.apache_arrow_js],
        ['parquet-wasm', m.parquet_wasm],
        ['python', m.python],
        [
          'pyarrow',
          `${m.pyarrow} (${m.arrow_cpu_threads} CPU threads, ${m.pyarrow_memory_pool} pool)`,
        ],
      ],
    ),
    '',
    'Regenerate: `pnpm --filter @silt/bench bench -- parquet` (see tooling/bench/README.md).',
    '',
  ].join('\n');
}

export function save(result) {
  return writeResults('parquet', result, markdown(result));
}
