// Benchmark `scan`: a full scan of a 1M-row Delta table (written by delta-rs in ~10 files) into
// one Arrow table with @silt/delta-log and delta-rs, alternating in one run. See ../../README.md
// for what is measured and the target.
import { resolve } from 'node:path';
import { DeltaTable } from '@silt/delta-log';
import { wasmMemoryBytes } from '@silt/parquet-io';
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
import { sameChecksums, tableChecksums } from '../lib/datasets.mjs';
import { defaultCacheDir, displayPath, scanFixture } from '../lib/delta-fixtures.mjs';
import { measure, RssSampler } from '../lib/measure.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import { formatBytes, reportLoad, writeResults } from '../lib/report.mjs';

export const name = 'scan';
export const description =
  'Delta full scan of 1M rows (int32, double, timestamp µs UTC, string; 10 files) with @silt/delta-log vs delta-rs';

// `iterations`, `rows`, `batch-rows` and `seed` are shared with the parquet benchmark (same specs).
export const options = {
  iterations: { type: 'string', default: process.env.SILT_BENCH_ITERATIONS ?? '7' },
  rows: { type: 'string', default: process.env.SILT_BENCH_ROWS ?? '1000000' },
  'batch-rows': { type: 'string', default: '65536' },
  seed: { type: 'string', default: '42' },
  /** Data files of the scan table: delta-rs writes it in this many appends of equal slices. */
  'scan-files': { type: 'string', default: '10' },
  'cache-dir': { type: 'string' },
  rebuild: { type: 'boolean', default: false },
};

/** silt/delta-rs median ratio at or under which the scan meets the target. */
export const TARGET_RATIO = 2;

const REFERENCE = { referenceKey: 'delta_rs', referenceName: 'delta-rs' };

const OPS = [{ key: 'scan', label: 'full scan (open + read all rows)' }];

export async function run(values) {
  const iterations = iterationsOption(values.iterations);
  const rows = positiveInt(values.rows, 'rows');
  const batchRows = positiveInt(values['batch-rows'], 'batch-rows');
  const seed = positiveInt(values.seed, 'seed');
  const files = positiveInt(values['scan-files'], 'scan-files');
  const cacheDir = resolve(values['cache-dir'] ?? defaultCacheDir);

  console.log(
    `scan: ${rows.toLocaleString('en-US')} rows in ${files} files, ${iterations} iterations (first is a warm-up)`,
  );
  const loadAtStart = reportLoad();

  const python = await PythonWorker.start('bench_worker.py');
  const sampler = new RssSampler(2);
  try {
    const fixture = await scanFixture(python, {
      rows,
      seed,
      batchRows,
      files,
      cacheDir,
      rebuild: values.rebuild,
    });
    console.log(
      `  table: ${displayPath(fixture.path)} (${fixture.reused ? 'cached' : `built in ${fixture.build_seconds.toFixed(1)} s`}), version ${fixture.version}, ${fixture.data_files} data files`,
    );

    const wasmProbe = () => ({ wasm_memory_bytes: wasmMemoryBytes() });
    const ops = [
      {
        silt: () =>
          measure(
            sampler,
            async () => (await (await DeltaTable.open(fixture.path)).scan().toArrow()).numRows,
            wasmProbe,
          ),
        reference: () => python.request('delta_scan', { path: fixture.path }),
        check: (silt, reference) => {
          if (silt.value !== rows)
            throw new Error(`silt scanned ${silt.value} rows, expected ${rows}`);
          if (reference.rows !== rows)
            throw new Error(`delta-rs scanned ${reference.rows} rows, expected ${rows}`);
        },
      },
    ];
    let check = null;
    const { samples, warmUp } = await alternate({
      iterations,
      ops: OPS.map((op, k) => ({ ...op, ...ops[k] })),
      referenceName: REFERENCE.referenceName,
      afterWarmUp: async () => {
        check = await checkScans(python, fixture);
      },
    });

    const summary = summarizeOps({
      ops: OPS,
      samples,
      warmUp,
      items: rows,
      targetRatio: TARGET_RATIO,
      ...REFERENCE,
    });
    summary.scan.silt.wasm_memory_bytes = Math.max(
      ...samples.silt.scan.map((s) => s.wasm_memory_bytes),
    );
    const result = {
      benchmark: 'scan',
      machine: deltaMachineInfo(python, loadAtStart),
      config: {
        rows,
        files,
        iterations,
        warm_up_iterations: 1,
        batch_rows: batchRows,
        seed,
        schema: fixture.schema,
        order: 'per iteration: silt scan, then delta-rs scan',
        silt_op: '(await DeltaTable.open(path)).scan().toArrow()',
        delta_rs_op: 'DeltaTable(path).to_pyarrow_table()',
      },
      fixture: {
        path: displayPath(fixture.path),
        version: fixture.version,
        data_files: fixture.data_files,
        writer: 'delta-rs write_deltalake, one append per file',
        built_at: fixture.built_at,
        build_seconds: fixture.build_seconds,
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

/**
 * Both engines' scans must give the source's row count and column checksums, and the timestamp
 * column must come back as µs UTC from both. Fails loudly otherwise.
 */
async function checkScans(python, fixture) {
  const expected = fixture.expected;
  const silt = tableChecksums(await (await DeltaTable.open(fixture.path)).scan().toArrow());
  const reference = await python.request('delta_scan', { path: fixture.path, checksums: true });
  const problems = [];
  if (!sameChecksums(expected, silt)) problems.push(`silt's scan: ${JSON.stringify(silt)}`);
  if (!sameChecksums(expected, reference.checksums))
    problems.push(`delta-rs's scan: ${JSON.stringify(reference.checksums)}`);
  if (silt.columns.ts?.type !== expected.columns.ts.type)
    problems.push(
      `silt reads ts as ${silt.columns.ts?.type}, expected ${expected.columns.ts.type}`,
    );
  if (reference.checksums.columns.ts?.type !== 'timestamp[us, tz=UTC]')
    problems.push(
      `delta-rs reads ts as ${reference.checksums.columns.ts?.type}, expected timestamp[us, tz=UTC]`,
    );
  if (problems.length > 0)
    throw new Error(
      `scan check FAILED: expected ${JSON.stringify(expected)}\n  ${problems.join('\n  ')}`,
    );
  console.log(
    `  check: OK (both scans give ${expected.rows.toLocaleString('en-US')} rows with the source's column checksums)`,
  );
  return {
    ok: true,
    expected,
    silt,
    delta_rs: reference.checksums,
    delta_rs_schema: reference.schema,
  };
}

function notes(result) {
  const scan = result.ops.scan;
  return [
    `table: ${result.config.rows.toLocaleString('en-US')} rows × (${result.config.schema.join(', ')}), no nulls, seed ${result.config.seed}, written by delta-rs in ${result.fixture.data_files} files (${result.fixture.version + 1} commits).`,
    `silt wasm memory (parquet-wasm linear memory after the scan; it never shrinks): ${formatBytes(scan.silt.wasm_memory_bytes)}.`,
    minRatios(result.ops, REFERENCE.referenceName),
    warmUpLine(result.ops, REFERENCE),
    peakRssLine(result.ops, REFERENCE),
  ];
}

function print(result) {
  printComparison(
    result.ops,
    { ...REFERENCE, targetRatio: TARGET_RATIO, unit: 'rows' },
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
    '# Benchmark `scan`: @silt/delta-log vs delta-rs',
    '',
    `A full scan of a ${c.rows.toLocaleString('en-US')}-row Delta table in ${c.files} files into one Arrow table, opening the table each time. ` +
      `Median of ${c.iterations - c.warm_up_iterations} alternating runs after ${c.warm_up_iterations} warm-up (${c.order}). ` +
      `silt: \`${c.silt_op}\`; delta-rs: \`${c.delta_rs_op}\`. Target: silt within ${TARGET_RATIO}× of delta-rs.`,
    '',
    comparisonTable(result.ops, { ...REFERENCE, targetRatio: TARGET_RATIO, unit: 'rows' }).markdown,
    '',
    ...notes(result).map((line) => `- ${line}`),
    `- Check: ${result.check?.ok ? "OK: both scans give the source's row count and column checksums (integer sums, timestamp sums modulo 2⁶⁴, string byte totals), ts as µs UTC" : 'not run'}.`,
    ...memoryMarkdownLines(m),
    '',
    '## Machine',
    '',
    machineMarkdown(m),
    '',
    'Regenerate: `pnpm --filter @silt/bench bench -- scan` (see tooling/bench/README.md).',
    '',
  ].join('\n');
}

export function save(result) {
  return writeResults('scan', result, markdown(result));
}
