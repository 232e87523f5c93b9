import * as arrow from 'apache-arrow';
import { parseRecordBatch, parseSchema, parseTable } from 'arrow-js-ffi';
import * as wasm from 'parquet-wasm';

/**
 * The one place that touches parquet-wasm's objects. Every wasm object is freed (or moved into
 * a call that consumes it) before a function returns, so wasm memory does not grow with use.
 */
export { wasm };

function memory(): ArrayBuffer {
  return wasm.wasmMemory().buffer as ArrayBuffer;
}

/** Copies a wasm table into an Arrow JS table and releases the wasm side. */
export function takeTable(table: wasm.Table): arrow.Table {
  const ffi = table.intoFFI();
  try {
    return parseTable(memory(), ffi.arrayAddrs(), ffi.schemaAddr(), true);
  } finally {
    ffi.drop();
  }
}

/** Copies a wasm record batch into an Arrow JS record batch and releases the wasm side. */
export function takeRecordBatch(batch: wasm.RecordBatch): arrow.RecordBatch {
  const ffi = batch.intoFFI();
  try {
    return parseRecordBatch(memory(), ffi.arrayAddr(), ffi.schemaAddr(), true);
  } finally {
    ffi.free();
  }
}

/** Copies a wasm schema into an Arrow JS schema and releases the wasm side. */
export function takeSchema(schema: wasm.Schema): arrow.Schema {
  const ffi = schema.intoFFI();
  try {
    return parseSchema(memory(), ffi.addr());
  } finally {
    ffi.free();
  }
}

/**
 * Moves Arrow JS data into wasm memory through the IPC stream format. The caller owns the result.
 *
 * The IPC stream is assembled in a reused scratch buffer, not a fresh one per call (as
 * `tableToIPC` does): parquet-wasm copies the bytes into its own memory at once, and a fresh
 * buffer of tens of MiB costs more in page faults than the copy itself.
 */
export function toWasmTable(table: arrow.Table): wasm.Table {
  const sink = new ChunkSink();
  const writer = new arrow.RecordBatchStreamWriter();
  writer.reset(sink);
  writer.write(table);
  writer.finish();
  const ipc = scratch(sink.byteLength);
  let at = 0;
  for (const chunk of sink.chunks) {
    ipc.set(chunk, at);
    at += chunk.byteLength;
  }
  return wasm.Table.fromIPCStream(ipc);
}

/** The IPC writer's output as the chunks it writes (views of the Arrow buffers, not copies). */
class ChunkSink extends arrow.AsyncByteQueue {
  readonly chunks: Uint8Array[] = [];
  byteLength = 0;
  override write(value: Parameters<arrow.AsyncByteQueue['write']>[0]): void {
    const chunk = value as Uint8Array;
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.byteLength += chunk.byteLength;
  }
}

/** Scratch bytes are released once no write has used them for this long. */
const SCRATCH_IDLE_MS = 5_000;
let scratchBytes: Uint8Array | undefined;
let scratchTimer: ReturnType<typeof setTimeout> | undefined;

/** A view of `length` scratch bytes, valid until the next call (their content is overwritten). */
function scratch(length: number): Uint8Array {
  if (!scratchBytes || scratchBytes.byteLength < length) {
    scratchBytes = undefined;
    // Grow in 1 MiB steps, so slightly larger inputs than the last reuse the buffer.
    scratchBytes = new Uint8Array(Math.ceil(length / 2 ** 20) * 2 ** 20);
  }
  if (scratchTimer) clearTimeout(scratchTimer);
  scratchTimer = setTimeout(() => {
    scratchBytes = undefined;
    scratchTimer = undefined;
  }, SCRATCH_IDLE_MS);
  scratchTimer.unref?.();
  return scratchBytes.subarray(0, length);
}

/** The current size of parquet-wasm's linear memory, in bytes (for leak tests and benchmarks). */
export function wasmMemoryBytes(): number {
  return memory().byteLength;
}
