// Benchmark `merge`: MERGE INTO (delta-rs's merge cases: insert-only, delete-only, upsert, a
// no-op-heavy upsert) and a DELETE touching 1% of the files, on a 1M-row target, with
// @silt/delta-log and delta-rs alternating in one run, each run on a fresh copy of the same
// target. See ../../README.md for what is measured and the target.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeltaTable } from '@silt/delta-log';
import { wasmMemoryBytes } from '@silt/parquet-io';
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
import { addChecksums, sameChecksums, tableChecksums } from '../lib/datasets.mjs';
import { defaultCacheDir, displayPath, mergeFixture } from '../lib/delta-fixtures.mjs';
import { measure, RssSampler } from '../lib/measure.mjs';
import {
  columnsToTable,
  MERGE_PREDICATE,
  mergeSource,
  mergeTargetColumns,
  selectIndices,
  takeColumns,
} from '../lib/merge-data.mjs';
import { PythonWorker } from '../lib/python-worker.mjs';
import { formatBytes, reportLoad, writeResults } from '../lib/report.mjs';

export const name = 'merge';
export const description =
  "MERGE (delta-rs's insert-only, delete-only, upsert, no-op-heavy upsert cases) and a DELETE touching 1% of files, 1M-row target, @silt/delta-log vs delta-rs";

// `iterations`, `rows`, `batch-rows` and `seed` are shared with the parquet benchmark, `dir` and
// `keep` with write, `cache-dir` and `rebuild` with scan (same specs).
export const options = {
  iterations: { type: 'string', default: process.env.SILT_BENCH_ITERATIONS ?? '7' },
  rows: { type: 'string', default: process.env.SILT_BENCH_ROWS ?? '1000000' },
  'batch-rows': { type: 'string', default: '65536' },
  seed: { type: 'string', default: '42' },
  dir: { type: 'string' },
  keep: { type: 'boolean', default: false },
  'cache-dir': { type: 'string' },
  rebuild: { type: 'boolean', default: false },
  /** Data files of the merge target: delta-rs writes it in this many appends of equal slices. */
  'merge-files': { type: 'string', default: '10' },
  /** Data files of the DELETE's target (the same rows): the delete touches 1% of them. */
  'delete-files': { type: 'string', default: '100' },
};

/** silt/delta-rs median ratio at or under which each op meets the target. */
export const TARGET_RATIO = 1.5;

const REFERENCE = { referenceKey: 'delta_rs', referenceName: 'delta-rs' };
const TABLE_OPTIONS = { ...REFERENCE, targetRatio: TARGET_RATIO, unit: 'rows' };
const ALIASES = { sourceAlias: 's', targetAlias: 't' };

/**
 * The merge cases, after delta-rs's benchmark suite (crates/benchmarks: `merge.rs`, and the
 * `standard` suite of `src/bin/merge.rs` for the no-op-heavy upsert). `matched` and
 * `notMatched` are fractions of the target's rows; `clauses` name the WHEN clauses in order.
 */
export const MERGE_CASES = [
  {
    key: 'insert_only',
    label: 'insert-only (5% new rows)',
    matched: 0,
    notMatched: 0.05,
    clauses: ['insert_all'],
    deltaRsCase: 'multiple_insert_only_filesMatchedFraction_0.05_rowsNotMatchedFraction_0.05',
  },
  {
    key: 'delete_only',
    label: 'delete-only (5% matched)',
    matched: 0.05,
    notMatched: 0,
    clauses: ['delete'],
    deltaRsCase: 'delete_only_filesMatchedFraction_0.05_rowsMatchedFraction_0.05',
  },
  {
    key: 'upsert',
    label: 'upsert (1% matched, 10% new)',
    matched: 0.01,
    notMatched: 0.1,
    clauses: ['update_all', 'insert_all'],
    // The matched rows' quantity is one more than the target's, so that the check sees the
    // updates (delta-rs's source repeats the target rows unchanged).
    changeMatched: true,
    deltaRsCase:
      'upsert_filesMatchedFraction_0.05_rowsMatchedFraction_0.01_rowsNotMatchedFraction_0.1',
  },
  {
    key: 'upsert_noop',
    label: 'no-op-heavy upsert (0.1% matched, 0.1% new)',
    matched: 0.001,
    notMatched: 0.001,
    clauses: ['update_all', 'insert_all'],
    // As in delta-rs: the matched rows are the target's, unchanged, so the updates change
    // nothing, and nearly every row of the rewritten files is copied as it was.
    changeMatched: false,
    deltaRsCase:
      'upsert_fileMatchedFraction_1.0_rowMatchedFraction_0.001_rowNotMatchedFraction_0.001',
  },
];

const CLAUSE_TEXT = {
  update_all: { silt: 'whenMatchedUpdateAll()', deltaRs: 'when_matched_update_all()' },
  delete: { silt: 'whenMatchedDelete()', deltaRs: 'when_matched_delete()' },
  insert_all: { silt: 'whenNotMatchedInsertAll()', deltaRs: 'when_not_matched_insert_all()' },
};

/** Silt's MERGE of `source` into `table` with the case's clauses. */
function siltMerge(table, source, clauses) {
  let builder = table.merge(source, MERGE_PREDICATE, ALIASES);
  for (const clause of clauses) {
    if (clause === 'update_all') builder = builder.whenMatchedUpdateAll();
    else if (clause === 'delete') builder = builder.whenMatchedDelete();
    else if (clause === 'insert_all') builder = builder.whenNotMatchedInsertAll();
    else throw new Error(`unknown clause ${clause}`);
  }
  return builder.execute();
}

/** A fresh copy of the fixture table at `path` (outside any timing). */
function copyTable(from, path) {
  rmSync(path, { recursive: true, force: true });
  cpSync(from, path, { recursive: true });
}

function checksumsOf(columns) {
  return tableChecksums(columnsToTable(columns));
}

export async function run(values) {
  const iterations = iterationsOption(values.iterations);
  const rows = positiveInt(values.rows, 'rows');
  const batchRows = positiveInt(values['batch-rows'], 'batch-rows');
  const seed = positiveInt(values.seed, 'seed');
  const mergeFiles = positiveInt(values['merge-files'], 'merge-files');
  const deleteFiles = positiveInt(values['delete-files'], 'delete-files');
  const cacheDir = resolve(values['cache-dir'] ?? defaultCacheDir);
  const dir = resolve(values.dir ?? join(tmpdir(), `silt-bench-merge-${process.pid}`));
  mkdirSync(dir, { recursive: true });

  console.log(
    `merge: ${MERGE_CASES.length} merge cases and a delete on a ${rows.toLocaleString('en-US')}-row target, ${iterations} iterations (first is a warm-up); copies in ${dir}`,
  );
  const loadAtStart = reportLoad();
  const generateStart = performance.now();
  const target = mergeTargetColumns({ rows, seed });
  const targetChecksums = checksumsOf(target);

  // The sources, their expected results, and Arrow IPC copies for the worker.
  const cases = MERGE_CASES.map((mergeCase, k) => {
    const parts = mergeSource(target, { ...mergeCase, seed: seed * 1000 + k + 1 });
    const source = columnsToTable(parts.source, batchRows);
    const ipc = join(dir, `source-${mergeCase.key}.arrow`);
    writeFileSync(ipc, arrow.tableToIPC(source, 'file'));
    const updates = mergeCase.clauses.includes('update_all');
    const deletes = mergeCase.clauses.includes('delete');
    const terms = [[targetChecksums, 1]];
    if (mergeCase.clauses.includes('insert_all')) terms.push([checksumsOf(parts.inserted), 1]);
    if (updates || deletes) terms.push([checksumsOf(parts.matchedTarget), -1]);
    if (updates) terms.push([checksumsOf(parts.matchedSource), 1]);
    return {
      ...mergeCase,
      source,
      ipc,
      sourceRows: source.numRows,
      expectedMetrics: {
        inserted: mergeCase.clauses.includes('insert_all') ? parts.inserted.rows : 0,
        updated: updates ? parts.matchedTarget.rows : 0,
        deleted: deletes ? parts.matchedTarget.rows : 0,
      },
      expected: addChecksums(terms),
    };
  });
  // The DELETE: rows of the first 1% of the files (each file a contiguous order_number range),
  // about half of each (quantity ≤ 50), so those files are rewritten and the others pruned.
  const touchedFiles = Math.max(1, Math.round(deleteFiles / 100));
  const deleteBound = touchedFiles * Math.ceil(rows / deleteFiles);
  const deletePredicate = `order_number < ${deleteBound} AND quantity <= 50`;
  const deletedRows = selectIndices(
    target,
    (k) => Number(target.order_number[k]) < deleteBound && target.quantity[k] <= 50,
  );
  const deleteCase = {
    key: 'delete_files',
    label: `DELETE touching 1% of files (${touchedFiles} of ${deleteFiles})`,
    predicate: deletePredicate,
    expectedMetrics: { deleted: deletedRows.length },
    expected: addChecksums([
      [targetChecksums, 1],
      [checksumsOf(takeColumns(target, deletedRows)), -1],
    ]),
  };
  console.log(
    `  data: seed ${seed}, sources of ${cases.map((c) => c.sourceRows.toLocaleString('en-US')).join(', ')} rows (${((performance.now() - generateStart) / 1000).toFixed(1)} s to build)`,
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
    const fixtures = {};
    for (const [kind, files] of [
      ['merge', mergeFiles],
      ['delete', deleteFiles],
    ]) {
      const fixture = await mergeFixture(python, {
        columns: target,
        rows,
        seed,
        batchRows,
        files,
        cacheDir,
        rebuild: values.rebuild,
      });
      if (!sameChecksums(targetChecksums, fixture.expected))
        throw new Error(
          `the cached ${kind} fixture ${fixture.path} holds other data than the target built now: rebuild it (--rebuild)`,
        );
      console.log(
        `  ${kind} target: ${displayPath(fixture.path)} (${fixture.reused ? 'cached' : `built in ${fixture.build_seconds.toFixed(1)} s`}), version ${fixture.version}, ${fixture.data_files} data files`,
      );
      fixtures[kind] = fixture;
    }
    for (const mergeCase of cases) {
      const loaded = await python.request('load_ipc', { path: mergeCase.ipc, name: mergeCase.key });
      if (loaded.rows !== mergeCase.sourceRows)
        throw new Error(
          `pyarrow loaded ${loaded.rows} source rows, expected ${mergeCase.sourceRows}`,
        );
    }

    const wasmProbe = () => ({ wasm_memory_bytes: wasmMemoryBytes() });
    const pathsOf = (key) => ({
      silt: join(dir, `${key}-silt`),
      deltaRs: join(dir, `${key}-delta-rs`),
    });
    const ops = [
      ...cases.map((mergeCase) => {
        const paths = pathsOf(mergeCase.key);
        const fixture = fixtures.merge;
        return {
          key: mergeCase.key,
          label: mergeCase.label,
          silt: async () => {
            copyTable(fixture.path, paths.silt);
            const sample = await measure(
              sampler,
              async () =>
                siltMerge(await DeltaTable.open(paths.silt), mergeCase.source, mergeCase.clauses),
              wasmProbe,
            );
            sample.version = sample.value.version;
            sample.metrics = sample.value.metrics;
            return sample;
          },
          reference: async () => {
            copyTable(fixture.path, paths.deltaRs);
            return python.request('delta_merge', {
              path: paths.deltaRs,
              source: mergeCase.key,
              predicate: MERGE_PREDICATE,
              source_alias: ALIASES.sourceAlias,
              target_alias: ALIASES.targetAlias,
              clauses: mergeCase.clauses,
            });
          },
          check: (silt, reference) => {
            const m = silt.metrics;
            const r = reference.metrics;
            checkCounts(mergeCase, fixture.version + 1, {
              silt: {
                version: silt.version,
                inserted: m.numTargetRowsInserted,
                updated: m.numTargetRowsUpdated,
                deleted: m.numTargetRowsDeleted,
              },
              'delta-rs': {
                version: reference.version,
                inserted: r.num_target_rows_inserted,
                updated: r.num_target_rows_updated,
                deleted: r.num_target_rows_deleted,
              },
            });
          },
        };
      }),
      (() => {
        const paths = pathsOf(deleteCase.key);
        const fixture = fixtures.delete;
        return {
          key: deleteCase.key,
          label: deleteCase.label,
          silt: async () => {
            copyTable(fixture.path, paths.silt);
            const sample = await measure(
              sampler,
              async () => (await DeltaTable.open(paths.silt)).delete(deleteCase.predicate),
              wasmProbe,
            );
            sample.version = sample.value.version;
            sample.metrics = sample.value.metrics;
            return sample;
          },
          reference: async () => {
            copyTable(fixture.path, paths.deltaRs);
            return python.request('delta_delete', {
              path: paths.deltaRs,
              predicate: deleteCase.predicate,
            });
          },
          check: (silt, reference) => {
            checkCounts(deleteCase, fixture.version + 1, {
              silt: { version: silt.version, deleted: silt.metrics.numDeletedRows },
              'delta-rs': {
                version: reference.version,
                deleted: reference.metrics.num_deleted_rows,
              },
            });
          },
        };
      })(),
    ];

    const check = {};
    const { samples, warmUp } = await alternate({
      iterations,
      ops,
      referenceName: REFERENCE.referenceName,
      afterWarmUp: async () => {
        for (const c of [...cases, deleteCase]) {
          const paths = pathsOf(c.key);
          check[c.key] = await checkTables(python, c, paths.silt, paths.deltaRs);
        }
      },
    });

    const summary = summarizeOps({
      ops,
      samples,
      warmUp,
      items: rows,
      targetRatio: TARGET_RATIO,
      ...REFERENCE,
    });
    for (const op of ops) {
      const s = summary[op.key];
      s.silt.wasm_memory_bytes = Math.max(...samples.silt[op.key].map((x) => x.wasm_memory_bytes));
      s.silt.files = filesOf(samples.silt[op.key].at(-1).metrics, 'silt');
      s.delta_rs.files = filesOf(samples.reference[op.key].at(-1).metrics, 'delta-rs');
    }

    const result = {
      benchmark: 'merge',
      machine: deltaMachineInfo(python, loadAtStart),
      config: {
        rows,
        iterations,
        warm_up_iterations: 1,
        batch_rows: batchRows,
        seed,
        merge_files: mergeFiles,
        delete_files: deleteFiles,
        schema: cases[0].source.schema.fields.map((f) => `${f.name}: ${f.type}`),
        order:
          'per iteration: each op in turn, silt then delta-rs, each on a fresh copy of the target',
        predicate: MERGE_PREDICATE,
        silt_op:
          "(await DeltaTable.open(path)).merge(source, predicate, { sourceAlias: 's', targetAlias: 't' }).<clauses>.execute()",
        delta_rs_op:
          "DeltaTable(path).merge(source, predicate, source_alias='s', target_alias='t').<clauses>.execute()",
        cases: [
          ...cases.map((c) => ({
            key: c.key,
            label: c.label,
            delta_rs_case: c.deltaRsCase,
            matched_fraction: c.matched,
            not_matched_fraction: c.notMatched,
            source_rows: c.sourceRows,
            changed_matched: Boolean(c.changeMatched),
            clauses: {
              silt: c.clauses.map((x) => CLAUSE_TEXT[x].silt).join('.'),
              delta_rs: c.clauses.map((x) => CLAUSE_TEXT[x].deltaRs).join('.'),
            },
            expected_metrics: c.expectedMetrics,
          })),
          {
            key: deleteCase.key,
            label: deleteCase.label,
            predicate: deleteCase.predicate,
            silt: `(await DeltaTable.open(path)).delete("${deleteCase.predicate}")`,
            delta_rs: `DeltaTable(path).delete("${deleteCase.predicate}")`,
            expected_metrics: deleteCase.expectedMetrics,
          },
        ],
      },
      fixtures: Object.fromEntries(
        Object.entries(fixtures).map(([kind, f]) => [
          kind,
          {
            path: displayPath(f.path),
            version: f.version,
            data_files: f.data_files,
            writer: 'delta-rs write_deltalake, one append per file',
            built_at: f.built_at,
            build_seconds: f.build_seconds,
          },
        ]),
      ),
      check,
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

/** The version written and the rows inserted, updated, deleted must be the case's. */
function checkCounts(opCase, version, engines) {
  const problems = [];
  for (const [engine, got] of Object.entries(engines)) {
    if (got.version !== version)
      problems.push(`${engine} wrote version ${got.version}, expected ${version}`);
    for (const [metric, want] of Object.entries(opCase.expectedMetrics))
      if (got[metric] !== want)
        problems.push(`${engine} ${metric} ${got[metric]} rows, expected ${want}`);
  }
  if (problems.length > 0) throw new Error(`${opCase.key}: ${problems.join('; ')}`);
}

/** Files removed and added by the op, from each engine's metrics. */
function filesOf(metrics, engine) {
  if (engine === 'silt')
    return 'numTargetFilesRemoved' in metrics
      ? { removed: metrics.numTargetFilesRemoved, added: metrics.numTargetFilesAdded }
      : { removed: metrics.numRemovedFiles, added: metrics.numAddedFiles };
  return 'num_target_files_removed' in metrics
    ? { removed: metrics.num_target_files_removed, added: metrics.num_target_files_added }
    : { removed: metrics.num_removed_files, added: metrics.num_added_files };
}

/**
 * Both engines read both results (each its own and the other's): the row counts and column
 * checksums must be the expected result's, with the timestamp column as µs UTC. Fails loudly
 * otherwise.
 */
async function checkTables(python, opCase, siltPath, deltaPath) {
  const { expected } = opCase;
  const reads = {};
  const problems = [];
  const unreadable = [];
  for (const [writer, path] of [
    ['silt', siltPath],
    ['delta_rs', deltaPath],
  ]) {
    const table = writer === 'silt' ? "silt's result" : "delta-rs's result";
    for (const reader of ['silt', 'delta_rs']) {
      const who = reader === 'silt' ? 'silt' : 'delta-rs';
      let checksums;
      try {
        checksums =
          reader === 'silt'
            ? tableChecksums(await (await DeltaTable.open(path)).scan().toArrow())
            : (await python.request('delta_scan', { path, checksums: true })).checksums;
      } catch (error) {
        // The first sentence or two, without the hint: `Cannot read Parquet file …: Unsupported format: vu.`
        const message = String(error.message ?? error)
          .split('\n')[0]
          .replace(/ Check that .*$/, '');
        unreadable.push({
          reader: who,
          writer: writer === 'silt' ? 'silt' : 'delta-rs',
          error: message,
        });
        reads[`${reader}_reads_${writer}`] = { error: message };
        continue;
      }
      reads[`${reader}_reads_${writer}`] = checksums;
      if (!sameChecksums(expected, checksums))
        problems.push(`${who} reading ${table}: ${JSON.stringify(checksums)}`);
      const type = checksums.columns.returned_at?.type;
      const want = reader === 'silt' ? expected.columns.returned_at.type : 'timestamp[us, tz=UTC]';
      if (type !== want)
        problems.push(`${who} reads ${table}'s returned_at as ${type}, expected ${want}`);
    }
  }
  // Wrong data fails the run at once: the timings would compare different work.
  if (problems.length > 0)
    throw new Error(
      `merge check FAILED (${opCase.key}): expected ${JSON.stringify(expected)}\n  ${problems.join('\n  ')}`,
    );
  // A result one engine cannot read at all is an interoperability failure: reported loudly,
  // the timings still run and are saved, and the process exits 1 at the end.
  if (unreadable.length > 0) {
    process.exitCode = 1;
    for (const u of unreadable)
      console.log(
        `  check ${opCase.key}: FAILED: ${u.reader} cannot read ${u.writer}'s result: ${u.error}`,
      );
    console.log(
      `  check ${opCase.key}: the readable results are right (${expected.rows.toLocaleString('en-US')} rows with the expected column checksums)`,
    );
    return { ok: false, expected, unreadable, ...reads };
  }
  console.log(
    `  check ${opCase.key}: OK (silt and delta-rs each read both results: ${expected.rows.toLocaleString('en-US')} rows with the expected column checksums)`,
  );
  return { ok: true, expected, ...reads };
}

function filesText(files) {
  return `−${files.removed} +${files.added}`;
}

function notes(result) {
  const c = result.config;
  const f = result.fixtures;
  const caseLines = c.cases.map((k) => {
    const op = result.ops[k.key];
    const what =
      k.source_rows === undefined
        ? `\`${k.predicate}\` (${k.expected_metrics.deleted.toLocaleString('en-US')} rows)`
        : `source ${k.source_rows.toLocaleString('en-US')} rows, ${Object.entries(
            k.expected_metrics,
          )
            .filter(([, n]) => n > 0)
            .map(([metric, n]) => `${n.toLocaleString('en-US')} ${metric}`)
            .join(', ')}`;
    return `${k.label}: ${what}; data files removed/added: silt ${filesText(op.silt.files)}, delta-rs ${filesText(op.delta_rs.files)}.`;
  });
  return [
    `target: ${c.rows.toLocaleString('en-US')} rows × (${c.schema.join(', ')}), no nulls, seed ${c.seed}, written by delta-rs in ${f.merge.data_files} files (merges) and in ${f.delete.data_files} files (the DELETE); every run works on a fresh copy (made outside the timing). Merge predicate \`${c.predicate}\`.`,
    ...caseLines,
    `silt wasm memory (parquet-wasm linear memory after the op; it never shrinks): ${formatBytes(Math.max(...Object.values(result.ops).map((op) => op.silt.wasm_memory_bytes)))}.`,
    minRatios(result.ops, REFERENCE.referenceName),
    warmUpLine(result.ops, REFERENCE),
    peakRssLine(result.ops, REFERENCE),
  ];
}

function medians(result) {
  const c = result.config;
  return `timings are medians of ${c.iterations - c.warm_up_iterations} run${c.iterations - c.warm_up_iterations === 1 ? '' : 's'} (open + merge/delete + commit); rows/s are the target's rows per second; peak RSS Δ is the largest over them.`;
}

function checkLine(checks) {
  if (checks.length === 0) return 'Check: not run.';
  const what =
    "silt and delta-rs each read both results (their own and the other's): the expected row count and column checksums (integer sums, timestamp sums modulo 2⁶⁴, string byte totals), returned_at as µs UTC; every run also checks the version written and the rows inserted, updated and deleted";
  if (checks.every(([, v]) => v.ok)) return `Check: OK for every op: ${what}.`;
  const failures = checks
    .filter(([, v]) => !v.ok)
    .flatMap(([key, v]) =>
      v.unreadable.map((u) => `${key}: ${u.reader} cannot read ${u.writer}'s result (${u.error})`),
    );
  return `Check: **FAILED** (the run exits 1): ${failures.join('; ')}. Every result that could be read was right: ${what}.`;
}

function print(result) {
  printComparison(result.ops, TABLE_OPTIONS, { medians: medians(result), notes: notes(result) });
  const checks = Object.entries(result.check ?? {});
  if (checks.some(([, v]) => !v.ok)) console.log(`  ${checkLine(checks)}`);
}

export function markdown(result) {
  const m = result.machine;
  const c = result.config;
  const checks = Object.entries(result.check ?? {});
  return [
    '# Benchmark `merge`: @silt/delta-log vs delta-rs',
    '',
    `MERGE INTO a ${c.rows.toLocaleString('en-US')}-row Delta table (${c.merge_files} files) in delta-rs's benchmark cases, and a DELETE touching 1% of the files of the same rows in ${c.delete_files} files; each run opens a fresh copy of the target. ` +
      `Medians of alternating runs after ${c.warm_up_iterations} warm-up (${c.order}). ` +
      `silt: \`${c.silt_op}\`; delta-rs: \`${c.delta_rs_op}\`. Target: silt within ${TARGET_RATIO}× of delta-rs.`,
    '',
    comparisonTable(result.ops, TABLE_OPTIONS).markdown,
    '',
    `- ${medians(result)}`,
    ...notes(result).map((line) => `- ${line}`),
    `- ${checkLine(checks)}`,
    ...memoryMarkdownLines(m),
    '',
    '## Machine',
    '',
    machineMarkdown(m),
    '',
    'Regenerate: `pnpm --filter @silt/bench bench -- merge` (see tooling/bench/README.md).',
    '',
  ].join('\n');
}

export function save(result) {
  return writeResults('merge', result, markdown(result));
}
