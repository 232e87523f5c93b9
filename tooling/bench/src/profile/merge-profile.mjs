// Runs one Silt op of the `merge` benchmark once on a fresh copy of its cached target, for a CPU
// profile: `node --cpu-prof --cpu-prof-dir=DIR src/profile/merge-profile.mjs [--case upsert]
// [--rows N] [--seed N] [--warm]`. Run the `merge` benchmark once first (it builds the fixtures in
// .bench-out/). `--warm` runs the op once before the profiled run (on another copy). Then
// `node src/profile/summarize-cpuprofile.mjs DIR/*.cpuprofile` lists the top costs.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DeltaTable } from '@silt/delta-log';
import { MERGE_CASES } from '../benchmarks/merge.mjs';
import { defaultCacheDir } from '../lib/delta-fixtures.mjs';
import {
  columnsToTable,
  MERGE_PREDICATE,
  mergeSource,
  mergeTargetColumns,
} from '../lib/merge-data.mjs';

const { values } = parseArgs({
  options: {
    case: { type: 'string', default: 'upsert' },
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    files: { type: 'string' },
    warm: { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const seed = Number(values.seed);
const isDelete = values.case === 'delete_files';
const files = Number(values.files ?? (isDelete ? 100 : 10));
const fixture = join(defaultCacheDir, `merge-r${rows}-s${seed}-b65536-f${files}`, 'table');
if (!existsSync(fixture))
  throw new Error(`no fixture ${fixture}: run the merge benchmark once with these options`);

const index = MERGE_CASES.findIndex((c) => c.key === values.case);
if (index < 0 && !isDelete)
  throw new Error(
    `--case must be one of ${[...MERGE_CASES.map((c) => c.key), 'delete_files'].join(', ')}`,
  );
let op;
if (isDelete) {
  const bound = Math.max(1, Math.round(files / 100)) * Math.ceil(rows / files);
  op = (table) => table.delete(`order_number < ${bound} AND quantity <= 50`);
} else {
  const mergeCase = MERGE_CASES[index];
  const target = mergeTargetColumns({ rows, seed });
  // The benchmark's seed for this case (see merge.mjs).
  const source = columnsToTable(
    mergeSource(target, { ...mergeCase, seed: seed * 1000 + index + 1 }).source,
  );
  op = (table) => {
    let builder = table.merge(source, MERGE_PREDICATE, { sourceAlias: 's', targetAlias: 't' });
    for (const clause of mergeCase.clauses) {
      if (clause === 'update_all') builder = builder.whenMatchedUpdateAll();
      else if (clause === 'delete') builder = builder.whenMatchedDelete();
      else builder = builder.whenNotMatchedInsertAll();
    }
    return builder.execute();
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'silt-merge-profile-'));
try {
  const runOnce = async (name) => {
    const path = join(scratch, name);
    cpSync(fixture, path, { recursive: true });
    const start = performance.now();
    const result = await op(await DeltaTable.open(path));
    console.log(
      `${name}: ${values.case} ${(performance.now() - start).toFixed(0)} ms, version ${result.version}, metrics ${JSON.stringify(result.metrics)}`,
    );
  };
  if (values.warm) await runOnce('warm');
  await runOnce('profiled');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
