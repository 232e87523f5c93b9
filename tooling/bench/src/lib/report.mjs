// Report helpers shared by the benchmarks: number formatting, machine facts, a terminal table
// (cli-table3), a Markdown table, and writing results/<name>-latest.{json,md}.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
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
      return JSON.parse(readFileSync(join(directory, 'node_modules', name, 'package.json'), 'utf8')).version;
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

/** The same table in GitHub Markdown. */
export function markdownTable(columns, rows, alignments) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  const rule = columns.map((_, k) => (alignments?.[k] === 'right' ? '---:' : '---'));
  return [columns, rule, ...rows]
    .map((row, k) => `| ${(k === 1 ? row : row.map(escape)).join(' | ')} |`)
    .join('\n');
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
