/**
 * The conformance harness: proves that Silt reads every Delta table other engines write.
 *
 * `runConformance({ reader })` lists the tables under `shared/conformance/`, gets the expected
 * answer for each (table, version) from delta-rs, or from Apache Spark where delta-rs rejects
 * it (both cached under `.tools/conformance-cache/`), asks Silt's reader, and classifies each
 * pair as `agree`, `both reject` or `differ`. See tooling/interop/CONFORMANCE.md.
 */
export {
  type CatalogueEntry,
  type CatalogueOptions,
  gatherCatalogue,
  type LogFacts,
  renderCatalogue,
} from './catalogue.ts';
export {
  describeRowDifference,
  rowsDifference,
  schemaDifference,
  schemaFields,
  typeText,
} from './compare.ts';
export {
  defaultCacheDir,
  ReferenceStore,
  type ReferenceStoreOptions,
  type StoredResult,
  streamPythonObjects,
} from './engines.ts';
export { renderReport } from './report.ts';
export {
  type ConformanceEntry,
  type ConformanceOptions,
  type ConformanceRun,
  DELTA_RS_MISREADS,
  type RunOutcome,
  runConformance,
} from './run.ts';
export {
  conformanceRoot,
  listConformanceTables,
  repositoryRoot,
  tableListingDigest,
} from './tables.ts';
export type {
  Classification,
  ConformanceTable,
  DeltaSchema,
  EngineFailure,
  EngineName,
  EngineResult,
  EngineSuccess,
  Outcome,
  RequestedVersion,
  SiltReader,
  SiltReadResult,
} from './types.ts';
