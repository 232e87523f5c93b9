/** A conformance table: a folder holding `_delta_log/`, named by its path under the root. */
export interface ConformanceTable {
  /** Path under the conformance root, with `/` separators: `delta-rs/simple_table`. */
  name: string;
  /** Absolute folder of the table. */
  dir: string;
}

/** A version asked of a reader: a version number, or the latest one. */
export type RequestedVersion = number | 'latest';

export type EngineName = 'delta-rs' | 'spark';

/** A field of a Delta schema (the JSON of the protocol's schemaString). */
export interface DeltaField {
  name: string;
  type: DeltaType;
  nullable: boolean;
  metadata?: Record<string, unknown>;
}

export type DeltaType =
  | string
  | { type: 'struct'; fields: DeltaField[] }
  | { type: 'array'; elementType: DeltaType; containsNull: boolean }
  | { type: 'map'; keyType: DeltaType; valueType: DeltaType; valueContainsNull: boolean };

export interface DeltaSchema {
  type: 'struct';
  fields: DeltaField[];
}

/** What conformance_deltars.py and spark_dump.py print for one (table, version). */
export interface EngineSuccess {
  engine: EngineName;
  engineVersion?: string;
  table: string;
  requested: RequestedVersion;
  version: number;
  versions: number[];
  schema: DeltaSchema;
  partitionColumns: string[];
  numRows: number;
  /** Canonical JSON lines, sorted. */
  rows: string[];
  error: null;
}

export interface EngineFailure {
  engine: EngineName;
  engineVersion?: string;
  table: string;
  requested: RequestedVersion;
  version: null;
  versions: number[];
  error: { type: string; message: string };
}

export type EngineResult = EngineSuccess | EngineFailure;

/** What Silt's reader answers for one (table, version). */
export type SiltReadResult =
  | { version: number; schema: unknown; rows: string[] }
  | { error: { code: string; message: string } };

/**
 * Silt's reader, plugged into the harness: reads `tableDir` at `version` (null: the latest) and
 * answers the rows in the canonical JSON form of parquet_to_jsonl.py (`tableToJsonLines`), one
 * string a row, keys in the order of the table's schema; any row order.
 */
export type SiltReader = (tableDir: string, version: number | null) => Promise<SiltReadResult>;

export type Outcome = 'agree' | 'both reject' | 'differ';

/** The verdict on one (table, version). */
export interface Classification {
  table: string;
  requested: RequestedVersion;
  /** The version the reference resolved `latest` to (or the version asked), if it read it. */
  resolvedVersion: number | null;
  /** The engine whose answer is the expectation, or both when both rejected. */
  reference: 'delta-rs' | 'spark' | 'delta-rs, spark' | 'none';
  outcome: Outcome;
  note: string;
}
