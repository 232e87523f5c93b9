/** What a progress line reports. */
export interface ProgressState {
  rows: number;
  /** Bytes of the input read so far, when known. */
  bytesRead?: number;
  /** The size of the input, when known (for a percentage). */
  totalBytes?: number;
  /** The rows of the input, when known (Parquet footers tell). */
  totalRows?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Progress is shown only on a terminal. */
  enabled: boolean;
  /** What is being done, such as `writing orders.csv`. */
  label: string;
  /** Nothing is shown before this many milliseconds: short writes stay quiet. Default 1000. */
  delayMs?: number;
  /** Milliseconds between redraws. Default 200. */
  intervalMs?: number;
  now?: () => number;
}

/** A single status line on stderr, redrawn in place; {@link Progress.done} erases it. */
export interface Progress {
  update(state: ProgressState): void;
  done(): void;
}

/** A progress line for long writes: `writing orders.csv: 1,234,567 rows (42%)`. */
export function createProgress(write: (text: string) => void, options: ProgressOptions): Progress {
  if (!options.enabled) return { update: () => {}, done: () => {} };
  const now = options.now ?? Date.now;
  const start = now();
  const delay = options.delayMs ?? 1000;
  const interval = options.intervalMs ?? 200;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(state) {
      const t = now();
      if (t - start < delay || t - last < interval) return;
      last = t;
      shown = true;
      write(`\r${options.label}: ${progressText(state)}\x1b[K`);
    },
    done() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}

/** `1,234 rows`, with the share of the input read when its size is known. */
export function progressText(state: ProgressState): string {
  const rows = `${state.rows.toLocaleString('en-US')} ${state.rows === 1 ? 'row' : 'rows'}`;
  let fraction: number | undefined;
  if (state.totalRows !== undefined && state.totalRows > 0) fraction = state.rows / state.totalRows;
  else if (state.totalBytes !== undefined && state.totalBytes > 0 && state.bytesRead !== undefined)
    fraction = state.bytesRead / state.totalBytes;
  return fraction === undefined ? rows : `${rows} (${Math.min(100, Math.floor(fraction * 100))}%)`;
}
