/**
 * Where the conformance tables are (shared/conformance beside the repository, or
 * SILT_CONFORMANCE_ROOT), and read-only access to them. They are never written.
 */
import { LocalStorage } from '../../storage/local-storage.js';

/** The folder holding `golden/` and `delta-rs/`. */
export const conformanceDir: string =
  process.env.SILT_CONFORMANCE_ROOT ??
  decodeURIComponent(new URL('../../../../../../shared/conformance/', import.meta.url).pathname);

/** Storage rooted at a conformance table, such as `golden/dv-with-columnmapping`. */
export function conformanceTable(name: string): LocalStorage {
  return new LocalStorage(`${conformanceDir}/${name}`);
}

/** Every action of every JSON commit of a table, in commit order. */
export async function commitActions(storage: LocalStorage): Promise<Record<string, unknown>[]> {
  const actions: Record<string, unknown>[] = [];
  for await (const file of storage.list('_delta_log/')) {
    if (!/^_delta_log\/\d{20}\.json$/.test(file.path)) continue;
    const text = new TextDecoder().decode(await storage.read(file.path));
    for (const line of text.split('\n')) if (line.trim() !== '') actions.push(JSON.parse(line));
  }
  return actions;
}
