// Report helpers shared by the benchmarks: number formatting, machine facts, a terminal table
// (cli-table3), a Markdown table, and writing results/<name>-latest.{json,md}.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Table from 'cli-table3';

export const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results');

export function formatMs(seconds) {
  const ms = seconds * 1000;
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return 'n/a';
  const mib = bytes / (1024 * 1024);
  return mib >= 100 ? `${mib.toFixed(0)} MiB` : `${mib.toFixed(1)} MiB`;
}

export function formatRate(perSecond) {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

export function formatRatio(ratio) {
  return `${ratio.toFixed(2)}×`;
}

/** Version of an installed package as seen from `from` (a file URL or path): node_modules lookup. */
export function packageVersion(name, from = import.meta.url) {
  let directory = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    try {
      return JSON.parse(readFileSync(join(directory, 'node_modules', name, 'package.json'), 'utf8'))
        .version;
    } catch {}
    const parent = dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}

/** Facts about this machine and run, for a commit-friendly report. */
export function machineInfo(extra = {}) {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    cpu_model: cpuList[0]?.model?.trim() ?? 'unknown',
    cpu_count: cpuList.length,
    memory_total_bytes: totalmem(),
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    load_average_1m_at_end: Number(loadavg()[0].toFixed(2)),
    ...extra,
  };
}

const plainStyle = { head: [], border: [] };

/** A terminal table: `columns` are header strings, `rows` arrays of cells. */
export function terminalTable(columns, rows, alignments) {
  const table = new Table({
    head: columns,
    style: plainStyle,
    ...(alignments ? { colAligns: alignments } : {}),
  });
  for (const row of rows) table.push(row.map(String));
  return table.toString();
}

/**
 * The same table in GitHub Markdown, padded into aligned columns (the layout Biome's Markdown
 * formatter gives, so a committed report passes `pnpm lint` as written).
 */
export function markdownTable(columns, rows, alignments) {
  const cells = [columns, ...rows].map((row) =>
    row.map((cell) => String(cell).replaceAll('|', '\\|')),
  );
  const widths = columns.map((_, k) => Math.max(3, ...cells.map((row) => [...row[k]].length)));
  const right = (k) => alignments?.[k] === 'right';
  const pad = (text, k) => {
    const fill = ' '.repeat(widths[k] - [...text].length);
    return right(k) ? fill + text : text + fill;
  };
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, k) => (right(k) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Writes results/<name>-latest.json and results/<name>-latest.md; returns their paths. */
export function writeResults(name, json, markdown) {
  mkdirSync(resultsDir, { recursive: true });
  const jsonPath = join(resultsDir, `${name}-latest.json`);
  const mdPath = join(resultsDir, `${name}-latest.md`);
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(mdPath, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return { jsonPath, mdPath };
}

/**
 * Prints the load average and, when the machine is busy, {@link busyMachineWarning}; returns the
 * 1-minute load average, for the report's `load_average_1m_at_start`.
 */
export function reportLoad() {
  const load = loadavg();
  console.log(`  load average at start: ${load.map((l) => l.toFixed(2)).join(' ')}`);
  const busy = busyMachineWarning();
  if (busy) console.log(`  ${busy}`);
  return load[0];
}

/**
 * A warning when other work keeps the machine busy (1-minute load average at or above half its
 * cores), which makes timings noisy; `undefined` when it is quiet enough.
 */
export function busyMachineWarning() {
  const load = loadavg()[0];
  const cores = cpus().length;
  if (load < cores / 2) return undefined;
  return `warning: load average ${load.toFixed(2)} on ${cores} cores: other work is running, timings will be noisy`;
}
