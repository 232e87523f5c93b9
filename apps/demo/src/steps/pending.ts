/** The steps of the demo story that are not built yet, and the issue each waits for. */
export const PENDING_STEPS: Record<string, string> = {
  bronze:
    'ingest raw CSV into the bronze Delta table as a stream (needs the Delta writer and @silt/stream)',
  silver: 'build silver by a streaming merge that drops duplicates (needs MERGE and @silt/stream)',
  delete: 'delete rows across all files, then vacuum them away (needs DELETE and VACUUM)',
  'time-travel':
    'read earlier versions of the demo tables by number and by timestamp (the reader exists; the tables need the Delta writer)',
  gold: 'aggregate silver into daily revenue (needs @silt/medallion)',
};

/** Says plainly that a step is not built yet; exits 0 so the rest of the story still runs. */
export function reportPending(step: string): void {
  console.log(`${step}: not built yet — ${PENDING_STEPS[step] ?? 'unknown step'}.`);
}
