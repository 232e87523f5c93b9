import { stringifyJson, tableToJsonLines, tableToJsonRecords } from '@silt/parquet-io';
import type * as arrow from 'apache-arrow';
import Table from 'cli-table3';

/** Output formats of row-printing commands. */
export type RowFormat = 'table' | 'jsonl' | 'csv';

/** Writes rows of an Arrow table to `write` in the chosen format. Values use Silt's exact JSON form. */
export function writeRows(
  table: arrow.Table,
  format: RowFormat,
  write: (text: string) => void,
): void {
  const names = table.schema.fields.map((f) => f.name);
  if (format === 'jsonl') {
    for (const line of tableToJsonLines(table)) write(`${line}\n`);
    return;
  }
  const rows = [...tableToJsonRecords(table)];
  if (format === 'csv') {
    write(`${names.map(csvField).join(',')}\n`);
    for (const row of rows) write(`${names.map((name) => csvField(cell(row[name]))).join(',')}\n`);
    return;
  }
  const output = new Table({ head: names, style: { head: [], border: [] } });
  for (const row of rows)
    output.push(names.map((name) => (row[name] === null ? 'null' : cell(row[name]))));
  write(`${output.toString()}\n`);
  write(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`);
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return stringifyJson(value);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
