import { rowsDifference, schemaDifference, shortError } from './compare.ts';
import { ReferenceStore, requestedKey, type StoredResult, streamPythonObjects } from './engines.ts';
import { conformanceRoot, listConformanceTables } from './tables.ts';
import type { ConformanceTable, EngineName, RequestedVersion } from './types.ts';

/** What conformance_catalogue.py tells of a table from its log alone. */
export interface LogFacts {
  table: string;
  error?: string;
  versions: number[];
  commits: number[];
  checkpoints: Record<string, string[]>;
  lastCheckpoint: boolean;
  sidecars: boolean;
  compacted: string[];
  crc: number;
  protocol: {
    minReaderVersion?: number;
    minWriterVersion?: number;
    readerFeatures?: string[] | null;
    writerFeatures?: string[] | null;
  } | null;
  metadata: {
    schemaString?: string | null;
    partitionColumns?: string[] | null;
    configuration?: Record<string, string> | null;
  } | null;
  metadataSource: string;
  actions: Record<string, number>;
  unparsableLines: number;
  absentFiles: number;
  dataFiles: number;
  changeDataFolder: boolean;
  deletionVectorFiles: number;
}

export interface CatalogueEntry {
  table: ConformanceTable;
  facts: LogFacts;
  engines: Partial<Record<EngineName, StoredResult[]>>;
  /** Versions both engines read, where their answers differ (rows or schema). */
  disagreements: string[];
}

export interface CatalogueOptions {
  root?: string;
  tables?: readonly string[];
  store?: ReferenceStore;
  /** Ask Spark for every version of every table (default true; slow the first time, then cached). */
  spark?: boolean;
  log?: (message: string) => void;
}

/** Gathers the facts of every table and what each engine reads of it. */
export async function gatherCatalogue(options: CatalogueOptions = {}): Promise<CatalogueEntry[]> {
  const log = options.log ?? (() => {});
  const store = options.store ?? new ReferenceStore({ log });
  let tables = listConformanceTables(options.root ?? conformanceRoot());
  if (options.tables) {
    const wanted = new Set(options.tables);
    tables = tables.filter((table) => wanted.has(table.name));
  }
  const facts = new Map<string, LogFacts>();
  await streamPythonObjects(
    'conformance_catalogue.py',
    tables.map((table) => table.dir),
    (value) => {
      const fact = value as LogFacts;
      facts.set(fact.table, fact);
    },
  );
  await store.ensureDeltaRs(tables);
  if (options.spark ?? true) {
    const wanted = new Map<ConformanceTable, RequestedVersion[]>();
    for (const table of tables) {
      wanted.set(
        table,
        (store.results('delta-rs', table) ?? []).map((result) => result.requested),
      );
    }
    await store.ensureSpark(wanted);
  }
  return tables.map((table) => {
    const engines: Partial<Record<EngineName, StoredResult[]>> = {};
    for (const engine of ['delta-rs', 'spark'] as const) {
      const results = store.results(engine, table);
      if (results) engines[engine] = results;
    }
    const fact = facts.get(table.dir);
    if (!fact) throw new Error(`conformance_catalogue.py said nothing of ${table.name}`);
    return { table, facts: fact, engines, disagreements: disagreements(store, table, engines) };
  });
}

function disagreements(
  store: ReferenceStore,
  table: ConformanceTable,
  engines: Partial<Record<EngineName, StoredResult[]>>,
): string[] {
  const spark = new Map(
    (engines.spark ?? []).map((result) => [requestedKey(result.requested), result]),
  );
  const found: string[] = [];
  for (const dr of engines['delta-rs'] ?? []) {
    const sp = spark.get(requestedKey(dr.requested));
    if (!sp || dr.error !== null || sp.error !== null) continue;
    const reasons: string[] = [];
    if (dr.version !== sp.version) reasons.push(`version ${dr.version} vs ${sp.version}`);
    const schema = schemaDifference(sp.schema, dr.schema);
    if (schema) reasons.push(schema.replace('Silt', 'delta-rs'));
    if (dr.rowsId !== sp.rowsId) {
      const rows = rowsDifference(
        store.rows('spark', table, sp.rowsId),
        store.rows('delta-rs', table, dr.rowsId),
      );
      if (rows) {
        reasons.push(
          `rows: ${rows.missing} of Spark's missing / ${rows.extra} extra in delta-rs` +
            (rows.firstMissing ? `, e.g. Spark ${rows.firstMissing.slice(0, 100)}` : '') +
            (rows.firstExtra ? ` vs delta-rs ${rows.firstExtra.slice(0, 100)}` : ''),
        );
      }
    }
    if (reasons.length > 0) found.push(`${dr.requested}: ${reasons.join('; ')}`);
  }
  return found;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function protocolText(facts: LogFacts): string {
  const p = facts.protocol;
  if (!p) return 'none in the log';
  const features = [...new Set([...(p.readerFeatures ?? []), ...(p.writerFeatures ?? [])])];
  const reader = p.readerFeatures?.length ? ` reader: ${p.readerFeatures.join(', ')}` : '';
  const writer = (p.writerFeatures ?? []).filter((f) => !(p.readerFeatures ?? []).includes(f));
  return `${p.minReaderVersion}/${p.minWriterVersion}${reader}${writer.length ? `; writer: ${writer.join(', ')}` : ''}${
    features.length === 0 && p.minReaderVersion === 3 ? ' (no features)' : ''
  }`;
}

function schemaTypes(schemaString: string | null | undefined): string[] {
  if (!schemaString) return [];
  const found = new Set<string>();
  const walk = (type: unknown): void => {
    if (typeof type === 'string') {
      if (type.startsWith('decimal')) found.add('decimal');
      else if (['timestamp_ntz', 'variant', 'binary', 'date', 'timestamp'].includes(type))
        found.add(type);
      return;
    }
    if (!type || typeof type !== 'object') return;
    const t = type as Record<string, unknown>;
    if (t.type === 'struct') {
      for (const field of (t.fields as { type: unknown }[]) ?? []) walk(field.type);
      if (t !== root) found.add('struct');
    } else if (t.type === 'array') {
      found.add('array');
      walk(t.elementType);
    } else if (t.type === 'map') {
      found.add('map');
      walk(t.keyType);
      walk(t.valueType);
    }
  };
  let root: unknown;
  try {
    root = JSON.parse(schemaString);
  } catch {
    return ['unparsable schema'];
  }
  walk(root);
  return [...found].sort();
}

function contentsText(facts: LogFacts): string {
  const parts: string[] = [];
  const config = facts.metadata?.configuration ?? {};
  const partitions = facts.metadata?.partitionColumns ?? [];
  if (!facts.metadata) parts.push('no metaData action');
  else if (!facts.metadata.schemaString) parts.push('metaData without schemaString');
  if (partitions.length > 0) parts.push(`partitioned by ${partitions.join(', ')}`);
  const types = schemaTypes(facts.metadata?.schemaString);
  if (types.length > 0) parts.push(`types: ${types.join(', ')}`);
  const checkpoints = Object.entries(facts.checkpoints);
  if (checkpoints.length > 0) {
    parts.push(
      `checkpoints ${checkpoints.map(([v, kinds]) => `${v} (${kinds.join(', ')})`).join(', ')}`,
    );
  }
  if (facts.sidecars) parts.push('sidecars');
  if (facts.lastCheckpoint) parts.push('_last_checkpoint');
  if (facts.compacted.length > 0) parts.push(`${facts.compacted.length} compacted log file(s)`);
  const oldest = facts.versions[0];
  if (oldest !== undefined && oldest > 0) parts.push(`log starts at version ${oldest}`);
  const first = facts.commits[0];
  if (oldest !== undefined && first !== undefined && first > oldest) {
    parts.push(`no commit files before ${first}`);
  }
  if (facts.commits.length === 0) parts.push('no commit files');
  const mode = config['delta.columnMapping.mode'];
  if (mode && mode !== 'none') parts.push(`column mapping (${mode})`);
  if ((facts.actions.deletionVector ?? 0) > 0 || facts.deletionVectorFiles > 0) {
    parts.push(`deletion vectors (${facts.actions.deletionVector ?? 0} adds with one)`);
  } else if (config['delta.enableDeletionVectors'] === 'true')
    parts.push('DVs enabled, none written');
  if (config['delta.enableChangeDataFeed'] === 'true' || (facts.actions.cdc ?? 0) > 0) {
    parts.push(`change data feed (${facts.actions.cdc ?? 0} cdc actions)`);
  }
  const writerFeatures = facts.protocol?.writerFeatures ?? [];
  if (config['delta.liquid.clusteringColumns'] || writerFeatures.includes('clustering')) {
    parts.push('liquid clustering');
  }
  if (config['delta.enableRowTracking'] === 'true') parts.push('row tracking');
  if ((facts.actions.inCommitTimestamp ?? 0) > 0) parts.push('in-commit timestamps');
  if ((facts.actions.domainMetadata ?? 0) > 0)
    parts.push(`${facts.actions.domainMetadata} domainMetadata`);
  if (config['delta.enableIcebergCompatV2'] === 'true') parts.push('icebergCompatV2');
  if (config['delta.enableVariantShredding'] === 'true') parts.push('variant shredding');
  if (facts.absentFiles > 0) parts.push(`${facts.absentFiles} referenced data file(s) absent`);
  if (facts.unparsableLines > 0) parts.push(`${facts.unparsableLines} unparsable log line(s)`);
  return parts.join('; ');
}

function readsText(results: StoredResult[] | undefined, tableDir: string): string {
  if (!results) return 'not asked';
  const versions = results.filter((r) => r.requested !== 'latest');
  const read = versions.filter((r) => r.error === null);
  const latest = results.find((r) => r.requested === 'latest');
  const latestText = !latest
    ? ''
    : latest.error === null
      ? `latest (${latest.version}) yes`
      : 'latest no';
  const base = `${read.length}/${versions.length} versions${latestText ? `, ${latestText}` : ''}`;
  if (read.length === versions.length && latest?.error === null) return `yes: ${base}`;
  const failure = results.find((r) => r.error !== null);
  const why = failure?.error
    ? ` (${failure.error.type}: ${shortError(failure.error.message, tableDir).slice(0, 140)})`
    : '';
  return `${read.length === 0 && latest?.error !== null ? 'no' : 'partly'}: ${base}${why}`;
}

/** The Markdown catalogue CONFORMANCE-TABLES.md. */
export function renderCatalogue(entries: CatalogueEntry[]): string {
  const lines: string[] = [];
  // Generated: Biome formats Markdown tables by padding every cell, which would bloat this file.
  lines.push('<!-- biome-ignore-all format: generated by tooling/interop/src/conformance -->');
  lines.push('');
  lines.push('# The conformance tables');
  lines.push('');
  lines.push(
    'Every Delta table under `shared/conformance/` (see its README.md), described from its log by ' +
      '`python/conformance_catalogue.py` and read at every version by delta-rs (`python/conformance_deltars.py`) ' +
      'and Apache Spark (`python/spark_dump.py`). Generated by `pnpm run conformance` in tooling/interop; do not edit by hand.',
  );
  lines.push('');
  lines.push(
    'Columns: **protocol** is minReaderVersion/minWriterVersion and the table features of the newest ' +
      'protocol action; **versions** counts the versions of the log (oldest commit or checkpoint to the ' +
      'newest commit); **delta-rs** and **Spark** tell how many of those versions each engine reads, whether ' +
      'it reads the latest, and its first error.',
  );
  const read = (engine: EngineName) =>
    entries.filter((e) =>
      (e.engines[engine] ?? []).some((r) => r.requested === 'latest' && r.error === null),
    ).length;
  lines.push('');
  lines.push(
    `${entries.length} tables; latest version read by delta-rs: ${read('delta-rs')}, by Spark: ${read('spark')}; ` +
      `tables where both read a version and disagree: ${entries.filter((e) => e.disagreements.length > 0).length}.`,
  );
  lines.push('');
  lines.push('| table | protocol | contents | versions | delta-rs | Spark |');
  lines.push('| --- | --- | --- | ---: | --- | --- |');
  for (const entry of entries) {
    lines.push(
      `| ${cell(entry.table.name)} | ${cell(protocolText(entry.facts))} | ${cell(contentsText(entry.facts))} | ` +
        `${entry.facts.versions.length} | ${cell(readsText(entry.engines['delta-rs'], entry.table.dir))} | ${cell(readsText(entry.engines.spark, entry.table.dir))} |`,
    );
  }
  const disagreeing = entries.filter((entry) => entry.disagreements.length > 0);
  if (disagreeing.length > 0) {
    lines.push('');
    lines.push('## Where delta-rs and Spark both read a version and disagree');
    lines.push('');
    for (const entry of disagreeing) {
      lines.push(`- \`${entry.table.name}\`: ${cell(entry.disagreements.slice(0, 3).join(' / '))}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}
