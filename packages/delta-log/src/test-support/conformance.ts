/**
 * The conformance tables of ../shared/conformance (real tables written by Spark, delta-rs and
 * others), read in place and never written, and delta-rs — the Python package `deltalake` — as
 * the oracle of what they hold. A missing Python environment fails the test with a message that
 * says how to create it; nothing is skipped.
 */
import { interopPython, runPython, runPythonJson } from '@silt/interop';
import { LocalStorage } from '../storage/local-storage.js';

/** The folder of the conformance tables (`SILT_CONFORMANCE_ROOT` overrides it). */
export const CONFORMANCE_ROOT =
  (typeof process !== 'undefined' ? process.env.SILT_CONFORMANCE_ROOT : undefined) ??
  decodeURIComponent(new URL('../../../../../shared/conformance/', import.meta.url).pathname);

/** The absolute folder of a conformance table, such as `golden/checkpoint`. */
export function conformancePath(table: string): string {
  return `${CONFORMANCE_ROOT.replace(/\/?$/, '/')}${table}`;
}

/** Read-only storage over a conformance table (tests never write into these folders). */
export function conformanceStorage(table: string): LocalStorage {
  return new LocalStorage(conformancePath(table));
}

/** What delta-rs reads from a table (see tooling/interop/python/delta_log_snapshot.py). */
export type DeltaRsSnapshot =
  | {
      version: number;
      protocol: {
        minReaderVersion: number;
        minWriterVersion: number;
        readerFeatures: string[] | null;
        writerFeatures: string[] | null;
      };
      metadata: {
        id: string;
        partitionColumns: string[];
        configuration: Record<string, string>;
        schema: unknown;
      };
      /** Paths of the active add actions, as written in the log, sorted. */
      files: string[];
      /** Decoded absolute file paths, sorted. */
      fileUris: string[];
      /** `transaction_version` of each app id asked for (null when none). */
      transactions: Record<string, number | null>;
      error?: undefined;
    }
  | { error: { type: string; message: string } };

/** One history entry as delta-rs returns it (commitInfo fields plus `version`). */
export type DeltaRsHistoryEntry = Record<string, unknown> & { version: number };

/** Throws a clear error when the Python environment with `deltalake` is missing. */
export async function requireDeltaRs(): Promise<void> {
  let python: string;
  try {
    python = interopPython();
  } catch (error) {
    throw new Error(
      `delta-log's conformance tests compare with delta-rs: ${(error as Error).message}`,
    );
  }
  try {
    await runPython('import deltalake', [], { timeoutMs: 60_000 });
  } catch (error) {
    throw new Error(
      `The Python at ${python} cannot import deltalake. Install tooling/interop/requirements.txt into it (\`${python} -m pip install -r tooling/interop/requirements.txt\`).\n${(error as Error).message}`,
    );
  }
}

/** The snapshot delta-rs reads at a version (default latest) or as of an ISO 8601 time. */
export function deltaRsSnapshot(
  table: string,
  options: { version?: number; timestamp?: string; appIds?: string[] } = {},
): Promise<DeltaRsSnapshot> {
  const args = [conformancePath(table)];
  if (options.version !== undefined) args.push('--version', String(options.version));
  if (options.timestamp !== undefined) args.push('--timestamp', options.timestamp);
  for (const appId of options.appIds ?? []) args.push('--app-id', appId);
  return runPythonJson<DeltaRsSnapshot>('delta_log_snapshot.py', args);
}

/** The history delta-rs reads, newest first. */
export async function deltaRsHistory(
  table: string,
  limit?: number,
): Promise<DeltaRsHistoryEntry[]> {
  const args = [conformancePath(table), ...(limit === undefined ? [] : ['--limit', String(limit)])];
  const out = await runPythonJson<DeltaRsHistoryEntry[] | { error: { message: string } }>(
    'delta_log_history.py',
    args,
  );
  if (!Array.isArray(out))
    throw new Error(`delta-rs could not read the history of ${table}: ${out.error.message}`);
  return out;
}
