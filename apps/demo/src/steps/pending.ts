/** The steps of the demo story that are not built yet, and the issue each waits for. */
export const PENDING_STEPS: Record<string, string> = {
  bronze:
    'ingest raw CSV into the bronze Delta table as a stream (the Delta writer exists; needs @silt/stream)',
  silver:
    'build silver by a streaming merge that drops duplicates (MERGE exists; needs @silt/stream)',
  delete:
    'delete rows across all files, then vacuum them away (DELETE and VACUUM exist; needs the silver table)',
  'time-travel':
    'read earlier versions of the demo tables by number and by timestamp (time travel exists; needs the bronze and silver tables)',
  gold: 'aggregate silver into daily revenue (needs @silt/medallion)',
};

/** Says plainly that a step is not built yet; exits 0 so the rest of the story still runs. */
export function reportPending(step: string): void {
  console.log(`${step}: not built yet — ${PENDING_STEPS[step] ?? 'unknown step'}.`);
}
