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

/** Moves Arrow JS data into wasm memory through the IPC stream format. The caller owns the result. */
export function toWasmTable(table: arrow.Table): wasm.Table {
  return wasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
}

/** The current size of parquet-wasm's linear memory, in bytes (for leak tests and benchmarks). */
export function wasmMemoryBytes(): number {
  return memory().byteLength;
}
