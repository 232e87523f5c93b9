// The shared loop and report of a benchmark that sets Silt beside a reference engine run by the
// Python worker: alternating runs in one process run (the first a discarded warm-up), medians,
// items per second, peak RSS Δ, the silt/reference ratio against a target, and the table.
import { peakRssDelta, summarize } from './measure.mjs';
import {
  formatBytes,
  formatMs,
  formatRate,
  formatRatio,
  machineInfo,
  markdownTable,
  packageVersion,
  terminalTable,
} from './report.mjs';

/**
 * Runs `iterations` rounds; in each, every op runs once in Silt then once in the reference
 * engine. `op.silt()` resolves to a {@link measure} sample whose `value` is the count of items
 * the op saw; `op.reference()` to a worker answer; `op.check(siltSample, referenceAnswer)`
 * throws when they disagree (a failed correctness check fails the run). `afterWarmUp` (optional)
 * runs once after the first round.
 */
export async function alternate({ iterations, ops, referenceName, afterWarmUp }) {
  const samples = { silt: {}, reference: {} };
  const warmUp = { silt: {}, reference: {} };
  for (const { key } of ops) {
    samples.silt[key] = [];
    samples.reference[key] = [];
  }
  for (let i = 0; i < iterations; i++) {
    const isWarmUp = i === 0;
    const line = [];
    for (const op of ops) {
      const silt = await op.silt();
      const reference = await op.reference();
      op.check(silt, reference);
      delete silt.value;
      delete reference.id;
      delete reference.ok;
      if (isWarmUp) {
        warmUp.silt[op.key] = silt;
        warmUp.reference[op.key] = reference;
      } else {
        samples.silt[op.key].push(silt);
        samples.reference[op.key].push(reference);
      }
      line.push(`${op.key} ${formatMs(silt.seconds)} / ${formatMs(reference.seconds)}`);
    }
    console.log(
      `  ${isWarmUp ? 'warm-up' : `run ${i}`.padEnd(7)}  silt / ${referenceName}: ${line.join(', ')}`,
    );
    if (isWarmUp && afterWarmUp) await afterWarmUp();
  }
  return { samples, warmUp };
}

function opSummary(list, items) {
  const seconds = summarize(list.map((s) => s.seconds));
  const peaks = list.map(peakRssDelta);
  return {
    seconds,
    items_per_second: items / seconds.median,
    peak_rss_delta_bytes: Math.max(...peaks),
    peak_rss_delta_median_bytes: summarize(peaks).median,
    // The process's whole resident set at its peak: unlike the Δ, it counts memory that earlier
    // ops (or an earlier benchmark of the same run) left reserved and this op reused.
    peak_rss_bytes: Math.max(...list.map((s) => s.rss_before + peakRssDelta(s))),
    samples: list,
  };
}

/** The comparison of an op with its target: `silt/ref ≤ 2×`, or `< 1×` when `strict`. */
function targetText(referenceName, targetRatio, strict) {
  return `silt/${referenceName} ${strict ? '<' : '≤'} ${targetRatio}×`;
}

/**
 * Per op: both engines' summaries (under `silt` and `referenceKey`), the median ratio, the ratio
 * of the fastest runs, the verdict against `targetRatio` and the warm-up figures. An op of `ops`
 * may set its own `items` (per sample), `unit`, `targetRatio` and `strict` (the ratio must stay
 * under the target rather than at or under it), for a benchmark whose ops differ in these.
 */
export function summarizeOps({
  ops,
  samples,
  warmUp,
  items,
  referenceKey,
  referenceName,
  targetRatio,
}) {
  const out = {};
  for (const op of ops) {
    const { key, label } = op;
    const opItems = op.items ?? items;
    const opTarget = op.targetRatio ?? targetRatio;
    const silt = opSummary(samples.silt[key], opItems);
    const reference = opSummary(samples.reference[key], opItems);
    const ratio = silt.seconds.median / reference.seconds.median;
    out[key] = {
      label,
      ...(op.unit === undefined ? {} : { unit: op.unit }),
      silt,
      [referenceKey]: reference,
      ratio,
      // Best-case ratio: on a busy machine, the fastest runs are the least disturbed.
      ratio_of_min: silt.seconds.min / reference.seconds.min,
      target: targetText(referenceName, opTarget, op.strict),
      ...(op.targetRatio === undefined && op.strict === undefined
        ? {}
        : { target_ratio: opTarget, target_strict: Boolean(op.strict) }),
      verdict: (op.strict ? ratio < opTarget : ratio <= opTarget) ? 'PASS' : 'MISS',
      warm_up: {
        silt: {
          seconds: warmUp.silt[key].seconds,
          peak_rss_delta_bytes: peakRssDelta(warmUp.silt[key]),
        },
        [referenceKey]: {
          seconds: warmUp.reference[key].seconds,
          peak_rss_delta_bytes: peakRssDelta(warmUp.reference[key]),
        },
      },
    };
  }
  return out;
}

/** A rate with its unit inside: `7.16 M rows/s`, `52 commits/s`. */
function formatRateOf(perSecond, unit) {
  return formatRate(perSecond).replace(/ ?\/s$/, ` ${unit}/s`);
}

/**
 * Columns, alignments and rows of the result table. `unit` names the items counted (rows, adds).
 * When the ops differ in unit or target (see {@link summarizeOps}), the rate cells name their
 * unit and the verdict cells their target.
 */
export function comparisonTable(ops, { referenceKey, referenceName, targetRatio, unit }) {
  const list = Object.values(ops);
  const sameUnit = list.every((op) => (op.unit ?? unit) === unit);
  const sameTarget = list.every(
    (op) => op.target_ratio === undefined || (op.target_ratio === targetRatio && !op.target_strict),
  );
  const columns = [
    'op',
    'silt median',
    `${referenceName} median`,
    sameUnit ? `silt ${unit}/s` : 'silt rate',
    sameUnit ? `${referenceName} ${unit}/s` : `${referenceName} rate`,
    `silt/${referenceName}`,
    sameTarget ? `target ≤${targetRatio}×` : 'target',
    'silt peak RSS Δ',
    `${referenceName} peak RSS Δ`,
  ];
  const align = ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right'];
  const rate = (op, perSecond) =>
    sameUnit ? formatRate(perSecond) : formatRateOf(perSecond, op.unit ?? unit);
  const rows = list.map((op) => [
    op.label,
    formatMs(op.silt.seconds.median),
    formatMs(op[referenceKey].seconds.median),
    rate(op, op.silt.items_per_second),
    rate(op, op[referenceKey].items_per_second),
    formatRatio(op.ratio),
    sameTarget
      ? op.verdict
      : `${op.verdict} (${op.target_strict ? '<' : '≤'}${op.target_ratio ?? targetRatio}×)`,
    formatBytes(op.silt.peak_rss_delta_bytes),
    formatBytes(op[referenceKey].peak_rss_delta_bytes),
  ]);
  return {
    terminal: terminalTable(columns, rows, align),
    markdown: markdownTable(columns, rows, align),
  };
}

/**
 * Prints a benchmark's result: the table, what the timings are (`medians`, a sentence) and the
 * `notes`, one per line.
 */
export function printComparison(ops, tableOptions, { medians, notes }) {
  console.log('');
  console.log(comparisonTable(ops, tableOptions).terminal);
  console.log(`  ${medians}`);
  for (const line of notes) console.log(`  ${line}`);
}

/** One line: the ratio of the fastest runs of each op. */
export function minRatios(ops, referenceName) {
  return `silt/${referenceName} of the fastest runs (less disturbed by other load): ${Object.values(
    ops,
  )
    .map((op) => `${op.label} ${formatRatio(op.ratio_of_min)}`)
    .join(', ')}`;
}

/** One line: the largest resident set of each process during the measured runs. */
export function peakRssLine(ops, { referenceKey, referenceName }) {
  return `process peak RSS (whole resident set, not a Δ: Silt's counts what earlier ops and benchmarks of this run left reserved): ${Object.values(
    ops,
  )
    .map(
      (op) =>
        `${op.label}: silt ${formatBytes(op.silt.peak_rss_bytes)}, ${referenceName} ${formatBytes(op[referenceKey].peak_rss_bytes)}`,
    )
    .join('; ')}`;
}

/** One line: the warm-up (cold) run of each op, not in the medians. */
export function warmUpLine(ops, { referenceKey, referenceName }) {
  return `warm-up (first, discarded) run: ${Object.values(ops)
    .map(
      (op) =>
        `${op.label}: silt ${formatMs(op.warm_up.silt.seconds)} (peak RSS Δ ${formatBytes(op.warm_up.silt.peak_rss_delta_bytes)}), ${referenceName} ${formatMs(op.warm_up[referenceKey].seconds)} (${formatBytes(op.warm_up[referenceKey].peak_rss_delta_bytes)})`,
    )
    .join('; ')}`;
}

/** The machine table of a Delta benchmark's Markdown report. */
export function machineMarkdown(m) {
  return markdownTable(
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
      ['deltalake (delta-rs)', m.deltalake],
      [
        'pyarrow',
        `${m.pyarrow} (${m.arrow_cpu_threads} CPU threads, ${m.pyarrow_memory_pool} pool)`,
      ],
    ],
  );
}

/**
 * The Markdown report's lines on peak memory (what the Δ means, how it was measured), shared by
 * the benchmarks against delta-rs.
 */
export function memoryMarkdownLines(m) {
  return [
    '- Peak RSS Δ: largest, over the measured runs, of the peak resident set during the op minus the resident set just before it (after a GC). ' +
      "Memory that an earlier op or benchmark of the same run left reserved (V8's heap, parquet-wasm's linear memory, which never shrinks) is reused without showing in Silt's Δ: run a benchmark alone for its own figure.",
    `- Peak memory method: ${m.peak_memory_method}.`,
  ];
}

/**
 * The machine facts of a benchmark against delta-rs: {@link machineInfo} with the worker's
 * versions and the JS engine's (`loadAtStart` from {@link reportLoad}).
 */
export function deltaMachineInfo(python, loadAtStart) {
  return machineInfo({
    load_average_1m_at_start: Number(loadAtStart.toFixed(2)),
    ...workerFacts(python.hello),
    parquet_wasm: packageVersion('parquet-wasm', import.meta.resolve('@silt/parquet-io')),
    apache_arrow_js: packageVersion('apache-arrow'),
  });
}

/** Machine facts from the worker's hello, for {@link machineInfo}. */
export function workerFacts(hello) {
  return {
    python: hello.python,
    deltalake: hello.deltalake,
    pyarrow: hello.pyarrow,
    arrow_cpu_threads: hello.arrow_cpu_threads,
    pyarrow_memory_pool: hello.memory_pool,
    peak_memory_method: hello.hwm_reset
      ? 'VmHWM (peak RSS) reset before each op through /proc/self/clear_refs, read after it: exact'
      : 'RSS sampled every 1-2 ms in a thread',
  };
}

export function positiveInt(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${flag} must be a positive integer, got ${value}`);
  return n;
}

/** An iterations option: a positive integer of at least 2, since the first run is a warm-up. */
export function iterationsOption(value, flag = 'iterations') {
  const n = positiveInt(value, flag);
  if (n < 2) throw new Error(`--${flag} must be at least 2: the first is a warm-up`);
  return n;
}
