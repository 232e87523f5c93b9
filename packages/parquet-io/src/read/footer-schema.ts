import type * as arrow from 'apache-arrow';
import { takeSchema, wasm } from '../wasm/parquet-wasm.js';

const MAGIC = new TextEncoder().encode('PAR1');

/**
 * The Arrow schema of Parquet bytes in memory, read from the footer alone. wasm-bindgen copies
 * whatever it is given into wasm memory, so handing parquet-wasm the whole file to read its
 * schema copied megabytes per data file for a few kilobytes of footer; given the footer with the
 * magic around it, parquet-wasm reads the same schema. When the tail is not a well-formed footer,
 * the whole file is read, so that errors are parquet-wasm's own.
 */
export function schemaOfBytes(bytes: Uint8Array): arrow.Schema {
  const footer = footerOnly(bytes);
  if (footer) {
    try {
      return takeSchema(wasm.readSchema(footer));
    } catch {
      // Fall through: the whole file gives the reader's own error (or reads after all).
    }
  }
  return takeSchema(wasm.readSchema(bytes));
}

/** `PAR1`, the footer, its length and the closing `PAR1`; undefined when the tail is not that shape. */
function footerOnly(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < 12) return undefined;
  const end = bytes.length;
  for (let k = 0; k < 4; k++) if (bytes[end - 4 + k] !== MAGIC[k]) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset + end - 8, 4).getUint32(0, true);
  const start = end - 8 - length;
  if (start < 4) return undefined;
  const footer = new Uint8Array(4 + 8 + length);
  footer.set(MAGIC, 0);
  footer.set(bytes.subarray(start), 4);
  return footer;
}
