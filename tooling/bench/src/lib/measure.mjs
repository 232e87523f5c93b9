// Timing and memory measurement of one operation in this Node process, plus small statistics.
//
// Peak memory, relative to the resident set size just before the op, comes from one of:
// - the high-water mark: on Linux, writing 5 to /proc/self/clear_refs resets VmHWM, and VmHWM
//   after the op is then its exact peak, spikes shorter than any sampling period included, at
//   no cost during the op;
// - else sampling: a worker thread reads the process RSS every `intervalMs` while the op runs
//   (a thread, because a synchronous wasm call blocks this thread's event loop, timers included).
// `peakRssDelta` returns whichever was measured.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const IDLE = 0;
const STOP = -1;

const samplerSource = `
const { workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const peak = new Float64Array(workerData.peak);
let epoch = 0;
let max = 0;
for (;;) {
  const current = Atomics.load(control, 0);
  if (current === ${STOP}) break;
  if (current === ${IDLE}) { Atomics.wait(control, 0, ${IDLE}); continue; }
  if (current !== epoch) { epoch = current; max = 0; }
  const rss = process.memoryUsage.rss();
  if (rss > max) max = rss;
  peak[0] = max;
  Atomics.store(control, 1, epoch);
  Atomics.wait(control, 0, current, workerData.intervalMs);
}
`;

function procStatusBytes(field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync('/proc/self/status', 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function resetHighWaterMark() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples this process's RSS from a worker thread, one measured op at a time. */
export class RssSampler {
  #control = new Int32Array(new SharedArrayBuffer(8));
  #peak = new Float64Array(new SharedArrayBuffer(8));
  #worker;
  #epoch = 0;

  constructor(intervalMs = 2) {
    this.intervalMs = intervalMs;
    this.#worker = new Worker(samplerSource, {
      eval: true,
      workerData: { control: this.#control.buffer, peak: this.#peak.buffer, intervalMs },
    });
    this.#worker.unref();
  }

  start() {
    this.#epoch += 1;
    Atomics.store(this.#control, 0, this.#epoch);
    Atomics.notify(this.#control, 0);
  }

  /** Ends the current op; returns its sampled peak RSS (0 when no sample landed in it). */
  stop() {
    const acknowledged = Atomics.load(this.#control, 1) === this.#epoch;
    const peak = acknowledged ? this.#peak[0] : 0;
    Atomics.store(this.#control, 0, IDLE);
    Atomics.notify(this.#control, 0);
    return peak;
  }

  async close() {
    Atomics.store(this.#control, 0, STOP);
    Atomics.notify(this.#control, 0);
    await this.#worker.terminate();
  }
}

/**
 * Runs `fn` once (awaited) and measures it: wall time with performance.now() around the call
 * only; garbage is collected first when Node runs with --expose-gc (outside the timed region).
 * `probe` (optional) is called after the op for extra figures (such as wasm memory size).
 */
export async function measure(sampler, fn, probe) {
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  const hwmReset = resetHighWaterMark();
  if (!hwmReset) sampler.start();
  const start = performance.now();
  const value = await fn();
  const seconds = (performance.now() - start) / 1000;
  const sampled = hwmReset ? null : Math.max(sampler.stop(), process.memoryUsage.rss());
  const hwm = hwmReset ? procStatusBytes('VmHWM') : null;
  return {
    seconds,
    value,
    rss_before: rssBefore,
    peak_rss_delta_sampled: sampled === null ? null : Math.max(0, sampled - rssBefore),
    peak_rss_delta_hwm: hwm === null ? null : Math.max(0, hwm - rssBefore),
    ...(probe ? probe() : {}),
  };
}

/** The peak delta measured: the exact high-water mark where available, else the sampled one. */
export function peakRssDelta(sample) {
  return sample.peak_rss_delta_hwm ?? sample.peak_rss_delta_sampled;
}

export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** median, min, max of a list of numbers. */
export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}
