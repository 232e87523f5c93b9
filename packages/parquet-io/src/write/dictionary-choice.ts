import * as arrow from 'apache-arrow';

/**
 * arrow-rs's dictionary page size limit (1 MiB, also pyarrow's and parquet-mr's default): once
 * a column chunk's dictionary outgrows it, the encoder falls back to plain encoding for the rest
 * of the chunk, having spent the time to build the dictionary for nothing.
 */
export const DICTIONARY_PAGE_LIMIT = 1024 * 1024;

/** Values sampled per column, from the start of the first batch. */
export const SAMPLE_ROWS = 8_192;

/**
 * The top-level columns whose dictionary cannot pay off, judged from a sample of `batch`: the
 * writer encodes them plain from the start instead of building a dictionary and then falling
 * back (see docs/decisions/0003). Every other column keeps dictionary encoding.
 *
 * From the distinct count `d` of `n` sampled values, the column's distinct count `D` is
 * estimated by inverting the expected distinct count of `n` draws from `D` equally likely values
 * (`D·(1 − e^(−n/D)) = d`). The dictionary is off when a row group of `rowsPerGroup` rows would
 * hold a dictionary larger than the dictionary page limit (the encoder would fall back anyway),
 * or more than half as many distinct values as rows (the dictionary and its indices take more
 * room than the values). Only flat columns are judged: parquet-wasm names columns by a one-part
 * path, so nested leaves keep the writer's default.
 */
export function plainColumns(
  batch: arrow.RecordBatch,
  rowsPerGroup: number,
  pageLimit = DICTIONARY_PAGE_LIMIT,
): string[] {
  const plain: string[] = [];
  if (batch.numRows === 0 || rowsPerGroup < 2) return plain;
  const uses = new Map<string, number>();
  for (const field of batch.schema.fields) uses.set(field.name, (uses.get(field.name) ?? 0) + 1);
  batch.schema.fields.forEach((field, k) => {
    // A duplicated name cannot be told apart in writer properties: leave it alone.
    if (uses.get(field.name) !== 1 || !judged(field.type)) return;
    const data = batch.data.children[k];
    const sample = data && sampleColumn(data);
    if (!sample || sample.values < 64) return;
    const inGroup = Math.min(estimateDistinct(sample.distinct, sample.values), rowsPerGroup);
    if (inGroup * sample.bytesPerValue > pageLimit || inGroup > rowsPerGroup / 2)
      plain.push(field.name);
  });
  return plain;
}

/** Flat types arrow-rs dictionary-encodes (not booleans, nulls, nested or Arrow dictionaries). */
function judged(type: arrow.DataType): boolean {
  switch (type.typeId) {
    case arrow.Type.Int:
    case arrow.Type.Float:
    case arrow.Type.Decimal:
    case arrow.Type.Date:
    case arrow.Type.Time:
    case arrow.Type.Timestamp:
    case arrow.Type.Duration:
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
    case arrow.Type.FixedSizeBinary:
      return true;
    default:
      return false;
  }
}

interface Sample {
  /** Non-null values sampled. */
  values: number;
  /** Distinct values among them (by a 53-bit hash of their bytes). */
  distinct: number;
  /** Bytes one value takes in a plain-encoded dictionary page (length prefix included). */
  bytesPerValue: number;
}

/** Hashes the first {@link SAMPLE_ROWS} non-null values of a column chunk. */
function sampleColumn(data: arrow.Data): Sample | undefined {
  const values = data.values as ArrayBufferView | undefined;
  if (!values) return undefined;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const offsets = data.valueOffsets as Int32Array | BigInt64Array | undefined;
  const validity = data.nullCount > 0 ? data.nullBitmap : undefined;
  const width = offsets
    ? 0
    : ((values as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT ?? 1) * data.stride;
  if (!offsets && !(width > 0)) return undefined;
  const seen = new Set<number>();
  let sampled = 0;
  let sampledBytes = 0;
  for (let row = 0; row < data.length && sampled < SAMPLE_ROWS; row++) {
    if (validity) {
      const bit = data.offset + row;
      if ((validity[bit >> 3]! & (1 << (bit & 7))) === 0) continue;
    }
    let start: number;
    let end: number;
    if (offsets) {
      start = Number(offsets[row]!);
      end = Number(offsets[row + 1]!);
    } else {
      start = row * width;
      end = start + width;
    }
    seen.add(hashBytes(bytes, start, end));
    sampled++;
    sampledBytes += end - start;
  }
  if (sampled === 0) return undefined;
  return {
    values: sampled,
    distinct: seen.size,
    bytesPerValue: offsets ? sampledBytes / sampled + 4 : width,
  };
}

/** A 53-bit hash of `bytes[start, end)` (two 32-bit FNV-1a variants), exact enough to count. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (end - start);
  for (let k = start; k < end; k++) {
    const byte = bytes[k]!;
    a = Math.imul(a ^ byte, 0x01000193);
    b = Math.imul(b ^ byte, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * The number of equally likely values `D` for which `n` draws are expected to show `d` distinct
 * ones: the root of `D·(1 − e^(−n/D)) = d` (infinite when every draw was distinct).
 */
export function estimateDistinct(d: number, n: number): number {
  if (d <= 1) return d;
  if (d >= n) return Number.POSITIVE_INFINITY;
  const expected = (D: number): number => D * -Math.expm1(-n / D);
  let low = d;
  let high = d;
  while (expected(high) < d) high *= 2;
  for (let k = 0; k < 60 && high - low > 0.5; k++) {
    const middle = (low + high) / 2;
    if (expected(middle) < d) low = middle;
    else high = middle;
  }
  return high;
}
