/**
 * RESTORE and VACUUM by Silt, checked by delta-rs: it reads the restored, vacuumed table, and its
 * own VACUUM dry run agrees with Silt's on what may be deleted. Node-only (real files, delta-rs in
 * Python), hence outside src/.
 */
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir, runPython } from '@silt/interop';
import { rowsDifference } from '@silt/interop/conformance';
import { parseSchema, tableFromRows, tableToJsonLines } from '@silt/parquet-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaTable, restore, vacuum, writeDeltaLake } from '../src/index.js';

const SCHEMA = 'id INT, part STRING';

/** delta-rs's VACUUM dry run (retention 0, check off), lite and full, as sorted paths. */
const DELTA_RS_DRY_RUN = `
import json, sys
from deltalake import DeltaTable
table = DeltaTable(sys.argv[1])
result = {}
for full in (False, True):
    files = table.vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=True, full=full)
    result["full" if full else "lite"] = sorted(files)
print(json.dumps(result))
`;

function canonical(rows: Record<string, unknown>[]): string[] {
  return [...tableToJsonLines(tableFromRows(parseSchema(SCHEMA), rows))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RESTORE and VACUUM by Silt, read by delta-rs', () => {
  let root: string;
  let dir: string;
  let copy: string;

  beforeAll(async () => {
    root = await makeTempDir('silt-vacuum-restore-');
    dir = join(root, 'table');
    copy = join(root, 'copy');
    const row = (id: number) => ({ id, part: id % 2 === 0 ? 'even' : 'odd' });
    const options = { partitionBy: ['part'] };
    await writeDeltaLake(dir, { rows: [1, 2, 3].map(row), schema: SCHEMA }, options); // v0
    await writeDeltaLake(dir, { rows: [row(4)], schema: SCHEMA }, { mode: 'append' }); // v1
    await writeDeltaLake(
      dir,
      { rows: [], schema: SCHEMA },
      { mode: 'overwrite', replaceWhere: 'id = 3' },
    ); // v2: a delete-like rewrite of the odd file
    await writeDeltaLake(dir, { rows: [row(5)], schema: SCHEMA }, { mode: 'append' }); // v3
    const restored = await restore(dir, { version: 1 }); // v4: 1, 2, 3, 4 again
    expect(restored.version).toBe(4);
    await sleep(20);
    await cp(dir, copy, { recursive: true, preserveTimestamps: true });
  });

  afterAll(async () => {
    if (root) await removeTempDir(root);
  });

  it("delta-rs's vacuum dry run lists the same files as Silt's", async () => {
    const silt = await vacuum(copy, {
      retentionHours: 0,
      enforceRetentionDuration: false,
      dryRun: true,
    });
    const siltPaths = silt.filesToDelete.map((file) => file.path).sort();
    // The files of v2's rewrite and of v3, removed by the restore.
    expect(siltPaths).toHaveLength(2);
    const deltaRs = JSON.parse(await runPython(DELTA_RS_DRY_RUN, [copy])) as {
      lite: string[];
      full: string[];
    };
    expect(deltaRs.lite).toEqual(siltPaths);
    expect(deltaRs.full).toEqual(siltPaths);
  });

  it('delta-rs reads the restored, vacuumed table with the expected rows', async () => {
    const plan = await vacuum(dir, {
      retentionHours: 0,
      enforceRetentionDuration: false,
      dryRun: true,
    });
    const done = await vacuum(dir, { retentionHours: 0, enforceRetentionDuration: false });
    expect(done.filesDeleted).toEqual(plan.filesToDelete);
    expect(done.version).toBe(6);

    const expected = canonical([1, 2, 3, 4].map((id) => ({ id, part: id % 2 ? 'odd' : 'even' })));
    const table = await DeltaTable.open(dir);
    expect(
      rowsDifference(expected, [...tableToJsonLines(await table.scan().toArrow())]),
    ).toBeNull();

    const out = await runPython('conformance_deltars.py', [dir], { timeoutMs: 300_000 });
    const result = JSON.parse(out.trim().split('\n').at(-1)!) as {
      version: number;
      rows?: string[];
      error?: unknown;
    };
    expect(result.error).toBeNull();
    expect(result.version).toBe(6);
    expect(rowsDifference(expected, result.rows ?? [])).toBeNull();

    const history = JSON.parse(
      await runPython(
        'import json, sys\nfrom deltalake import DeltaTable\nprint(json.dumps([h["operation"] for h in DeltaTable(sys.argv[1]).history(3)]))',
        [dir],
      ),
    ) as string[];
    expect(history).toEqual(['VACUUM END', 'VACUUM START', 'RESTORE']);
  });
});
