import { writeFileSync } from 'node:fs';
import {
  clip,
  describeRowDifference,
  rowsDifference,
  schemaDifference,
  shortError,
} from './compare.ts';
import { ReferenceStore, requestedKey, type StoredResult } from './engines.ts';
import { renderReport } from './report.ts';
import { conformanceRoot, listConformanceTables } from './tables.ts';
import type {
  Classification,
  ConformanceTable,
  EngineName,
  Outcome,
  RequestedVersion,
  SiltReader,
  SiltReadResult,
} from './types.ts';

/**
 * Tables delta-rs reads without error but wrongly, where Spark's answer is the reference
 * instead (found by comparing the two engines over every table: see CONFORMANCE-TABLES.md).
 */
export const DELTA_RS_MISREADS: Readonly<Record<string, string>> = {
  'delta-rs/table_with_edge_timestamps':
    'delta-rs 1.6.6 reads the INT96 timestamp 9999-12-31 through nanoseconds and wraps it to 1816-03-28',
};

export interface ConformanceOptions {
  /** Silt's reader; without one the run only gathers the reference answers (result `no reader`). */
  reader?: SiltReader;
  /** Folder of the tables (default: `shared/conformance` beside the repository). */
  root?: string;
  /** Only these tables (names such as `golden/checkpoint`), or those the predicate keeps. */
  tables?: readonly string[] | ((name: string) => boolean);
  /** Ask Spark where delta-rs rejects a version (default true). */
  spark?: boolean;
  /** Tables whose reference is Spark even where delta-rs reads them (default DELTA_RS_MISREADS). */
  preferSpark?: Readonly<Record<string, string>>;
  /** Where the engines' answers are cached (default: a ReferenceStore on `.tools/conformance-cache`). */
  store?: ReferenceStore;
  /** Write the Markdown report there. */
  reportPath?: string;
  /** Progress lines. */
  log?: (message: string) => void;
}

export type RunOutcome = Outcome | 'no reader';

export interface ConformanceEntry extends Omit<Classification, 'outcome'> {
  outcome: RunOutcome;
}

export interface ConformanceRun {
  tables: ConformanceTable[];
  entries: ConformanceEntry[];
  counts: Record<RunOutcome, number>;
  /** Seconds spent running each engine in this run (0 when everything came from the cache). */
  engineSeconds: Record<EngineName, number>;
  engineVersions: Partial<Record<EngineName, string>>;
}

function selectTables(
  all: ConformanceTable[],
  filter: ConformanceOptions['tables'],
): ConformanceTable[] {
  if (!filter) return all;
  if (typeof filter === 'function') return all.filter((table) => filter(table.name));
  const wanted = new Set(filter);
  const found = all.filter((table) => wanted.has(table.name));
  const unknown = [...wanted].filter((name) => !found.some((table) => table.name === name));
  if (unknown.length > 0) throw new Error(`no such conformance table: ${unknown.join(', ')}`);
  return found;
}

interface Reference {
  engine: EngineName;
  result: StoredResult;
  /** Both engines rejected the version. */
  bothRejected: boolean;
  note?: string;
}

/** Runs the comparison: reference answers (cached), Silt's answers, verdicts, report. */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceRun> {
  const log = options.log ?? (() => {});
  const store = options.store ?? new ReferenceStore({ log });
  const useSpark = options.spark ?? true;
  const preferSpark = options.preferSpark ?? DELTA_RS_MISREADS;
  const tables = selectTables(
    listConformanceTables(options.root ?? conformanceRoot()),
    options.tables,
  );
  const engineSeconds: Record<EngineName, number> = { 'delta-rs': 0, spark: 0 };
  const engineVersions: Partial<Record<EngineName, string>> = {};

  engineSeconds['delta-rs'] = (await store.ensureDeltaRs(tables)).seconds;
  const deltaRs = new Map<ConformanceTable, StoredResult[]>();
  const sparkWanted = new Map<ConformanceTable, RequestedVersion[]>();
  for (const table of tables) {
    const results = store.results('delta-rs', table);
    if (!results) throw new Error(`delta-rs left no answer for ${table.name}`);
    deltaRs.set(table, results);
    const wanted = results
      .filter((result) => result.error !== null || table.name in preferSpark)
      .map((result) => result.requested);
    if (useSpark && wanted.length > 0) sparkWanted.set(table, wanted);
  }
  if (sparkWanted.size > 0) engineSeconds.spark = (await store.ensureSpark(sparkWanted)).seconds;

  const entries: ConformanceEntry[] = [];
  for (const table of tables) {
    const fromDeltaRs = deltaRs.get(table) ?? [];
    const fromSpark = new Map(
      (sparkWanted.has(table) ? (store.results('spark', table) ?? []) : []).map((r) => [
        requestedKey(r.requested),
        r,
      ]),
    );
    for (const dr of fromDeltaRs) {
      if (dr.engineVersion) engineVersions['delta-rs'] ??= dr.engineVersion;
      const sp = fromSpark.get(requestedKey(dr.requested));
      if (sp?.engineVersion) engineVersions.spark ??= sp.engineVersion;
      const reference = chooseReference(table, dr, sp, preferSpark);
      const silt = options.reader
        ? await readWithSilt(options.reader, table, dr.requested)
        : undefined;
      entries.push(
        classify(table, dr.requested, reference, silt, (id) =>
          store.rows(reference.engine, table, id),
        ),
      );
    }
  }

  const counts: Record<RunOutcome, number> = {
    agree: 0,
    'both reject': 0,
    differ: 0,
    'no reader': 0,
  };
  for (const entry of entries) counts[entry.outcome] += 1;
  const run: ConformanceRun = { tables, entries, counts, engineSeconds, engineVersions };
  if (options.reportPath)
    writeFileSync(options.reportPath, renderReport(run, { spark: useSpark, preferSpark }));
  return run;
}

function chooseReference(
  table: ConformanceTable,
  dr: StoredResult,
  sp: StoredResult | undefined,
  preferSpark: Readonly<Record<string, string>>,
): Reference {
  const reason = preferSpark[table.name];
  if (reason && sp)
    return { engine: 'spark', result: sp, bothRejected: false, note: `Spark preferred: ${reason}` };
  if (dr.error === null || !sp) return { engine: 'delta-rs', result: dr, bothRejected: false };
  if (sp.error === null) return { engine: 'spark', result: sp, bothRejected: false };
  return {
    engine: 'spark',
    result: sp,
    bothRejected: true,
    note: `delta-rs: ${errorTextIn(dr.error, table.dir)}`,
  };
}

async function readWithSilt(
  reader: SiltReader,
  table: ConformanceTable,
  requested: RequestedVersion,
): Promise<SiltReadResult> {
  try {
    return await reader(table.dir, requested === 'latest' ? null : requested);
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    return { error: { code: `thrown ${name}`, message } };
  }
}

function errorTextIn(
  error: { type?: string; code?: string; message: string },
  tableDir?: string,
): string {
  return `${error.type ?? error.code}: ${clip(shortError(error.message, tableDir), 140)}`;
}

function classify(
  table: ConformanceTable,
  requested: RequestedVersion,
  reference: Reference,
  silt: SiltReadResult | undefined,
  rowsOf: (id: string) => string[],
): ConformanceEntry {
  const ref = reference.result;
  const label: Classification['reference'] = reference.bothRejected
    ? 'delta-rs, spark'
    : reference.engine;
  const base = { table: table.name, requested, resolvedVersion: ref.version, reference: label };
  const extra = reference.note ? [reference.note] : [];
  const errorText = (error: { type?: string; code?: string; message: string }) =>
    errorTextIn(error, table.dir);
  if (!silt) {
    const note = ref.error === null ? `${ref.numRows} rows` : `${errorText(ref.error)}`;
    return { ...base, outcome: 'no reader', note: [note, ...extra].join('; ') };
  }
  if ('error' in silt) {
    if (ref.error !== null) {
      const note = `reference ${errorText(ref.error)}; Silt ${silt.error.code}`;
      return { ...base, outcome: 'both reject', note: [note, ...extra].join('; ') };
    }
    const note = `Silt rejects what the reference reads: ${errorText(silt.error)}`;
    return { ...base, outcome: 'differ', note: [note, ...extra].join('; ') };
  }
  if (ref.error !== null) {
    const note = `Silt reads what the reference rejects (${errorText(ref.error)})`;
    return { ...base, outcome: 'differ', note: [note, ...extra].join('; ') };
  }
  const reasons: string[] = [];
  if (silt.version !== ref.version)
    reasons.push(`version differs: expected ${ref.version}, Silt ${silt.version}`);
  const schema = schemaDifference(ref.schema, silt.schema);
  if (schema) reasons.push(schema);
  const rows = rowsDifference(rowsOf(ref.rowsId), silt.rows);
  if (rows) reasons.push(describeRowDifference(rows));
  if (reasons.length > 0)
    return { ...base, outcome: 'differ', note: [...reasons, ...extra].join('; ') };
  return { ...base, outcome: 'agree', note: [`${ref.numRows} rows`, ...extra].join('; ') };
}
