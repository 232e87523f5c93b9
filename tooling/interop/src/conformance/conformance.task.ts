import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { gatherCatalogue, renderCatalogue } from './catalogue.ts';
import { ReferenceStore } from './engines.ts';
import { runConformance } from './run.ts';
import { repositoryRoot } from './tables.ts';

// `pnpm run conformance` (in tooling/interop): regenerates CONFORMANCE-TABLES.md (every table,
// read at every version by delta-rs AND Spark) and CONFORMANCE.md (Silt against the references).
// The first run takes long (Spark over every version); later runs come from the cache.
const interop = join(repositoryRoot, 'tooling', 'interop');

it('regenerates CONFORMANCE.md and CONFORMANCE-TABLES.md', async () => {
  const log = (message: string) => console.log(`[conformance] ${message}`);
  const store = new ReferenceStore({ log });
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

  // Silt against the references: delta-rs over every version, Spark where delta-rs rejects.
  // Silt's reader is plugged in here once its DeltaTable exists:
  //   reader: (dir, version) => readWithSilt(dir, version)
  let started = performance.now();
  const run = await runConformance({ store, log, reportPath: join(interop, 'CONFORMANCE.md') });
  log(
    `${run.entries.length} (table, version) pairs in ${seconds(started)} s: ${JSON.stringify(run.counts)}`,
  );
  log(`engine time: ${JSON.stringify(run.engineSeconds)}`);

  // The catalogue: every table's log, and Spark over every version too (to tell what it reads).
  started = performance.now();
  const entries = await gatherCatalogue({ store, log });
  writeFileSync(join(interop, 'CONFORMANCE-TABLES.md'), renderCatalogue(entries));
  log(`catalogue of ${entries.length} tables in ${seconds(started)} s`);
  expect(run.counts.differ).toBe(0);
});
