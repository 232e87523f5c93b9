// The data of the `merge` benchmark: a seeded target table shaped like TPC-DS's web_returns
// (a two-column key, a few measures), kept as flat columns so that sources can be gathered from
// its rows, and the sources of delta-rs's merge cases drawn from it.
import * as arrow from 'apache-arrow';
import { seededRandom } from './datasets.mjs';

const ALPHABET = new TextEncoder().encode(
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
);
const EPOCH_2024_MICROS = 1_704_067_200_000_000n; // 2024-01-01T00:00:00Z
const YEAR_MICROS = 366 * 24 * 3600 * 1_000_000;
/** Distinct items, as in TPC-DS at scale factor 1. */
const ITEMS = 18_000;

/** The schema of the merge target and sources. */
export const mergeSchema = new arrow.Schema([
  new arrow.Field('order_number', new arrow.Int64(), true),
  new arrow.Field('item_sk', new arrow.Int64(), true),
  new arrow.Field('quantity', new arrow.Int32(), true),
  new arrow.Field('amount', new arrow.Float64(), true),
  new arrow.Field('returned_at', new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, 'UTC'), true),
  new arrow.Field('reason', new arrow.Utf8(), true),
]);

/** The key of a row, as delta-rs's benchmark joins web_returns (source alias `s`, target `t`). */
export const MERGE_PREDICATE = 's.item_sk = t.item_sk AND s.order_number = t.order_number';

/**
 * `rows` rows as flat columns, no nulls, the same for the same seed:
 * - `order_number` int64, the row's position (0 … rows - 1): unique, ascending, so that a table
 *   written in order holds a contiguous range of it in each file
 * - `item_sk` int64, uniform in [0, 18,000)
 * - `quantity` int32, uniform in [1, 100]
 * - `amount` double, uniform in [0, 1000)
 * - `returned_at` timestamp[µs, UTC], uniform over 2024
 * - `reason` string, 10 to 20 ASCII letters and digits
 */
export function mergeTargetColumns({ rows, seed = 42 }) {
  const random = seededRandom(seed);
  const columns = {
    rows,
    order_number: new BigInt64Array(rows),
    item_sk: new BigInt64Array(rows),
    quantity: new Int32Array(rows),
    amount: new Float64Array(rows),
    returned_at: new BigInt64Array(rows),
    reasonOffsets: new Int32Array(rows + 1),
    reasonBytes: new Uint8Array(rows * 20),
  };
  let at = 0;
  for (let k = 0; k < rows; k++) {
    columns.order_number[k] = BigInt(k);
    columns.item_sk[k] = BigInt(random.below(ITEMS));
    columns.quantity[k] = 1 + random.below(100);
    columns.amount[k] = random.double() * 1000;
    columns.returned_at[k] = EPOCH_2024_MICROS + BigInt(random.below(YEAR_MICROS));
    const size = 10 + random.below(11);
    for (let c = 0; c < size; c++)
      columns.reasonBytes[at++] = ALPHABET[random.below(ALPHABET.length)];
    columns.reasonOffsets[k + 1] = at;
  }
  columns.reasonBytes = columns.reasonBytes.slice(0, at);
  return columns;
}

/** The rows `indices` (in that order) of `columns`, as new flat columns. */
export function takeColumns(columns, indices) {
  const rows = indices.length;
  let bytes = 0;
  for (const k of indices) bytes += columns.reasonOffsets[k + 1] - columns.reasonOffsets[k];
  const out = {
    rows,
    order_number: new BigInt64Array(rows),
    item_sk: new BigInt64Array(rows),
    quantity: new Int32Array(rows),
    amount: new Float64Array(rows),
    returned_at: new BigInt64Array(rows),
    reasonOffsets: new Int32Array(rows + 1),
    reasonBytes: new Uint8Array(bytes),
  };
  let at = 0;
  for (let j = 0; j < rows; j++) {
    const k = indices[j];
    out.order_number[j] = columns.order_number[k];
    out.item_sk[j] = columns.item_sk[k];
    out.quantity[j] = columns.quantity[k];
    out.amount[j] = columns.amount[k];
    out.returned_at[j] = columns.returned_at[k];
    const start = columns.reasonOffsets[k];
    const end = columns.reasonOffsets[k + 1];
    out.reasonBytes.set(columns.reasonBytes.subarray(start, end), at);
    at += end - start;
    out.reasonOffsets[j + 1] = at;
  }
  return out;
}

/** Flat columns as an Arrow table of `mergeSchema`, in record batches of `batchRows`. */
export function columnsToTable(columns, batchRows = 65_536) {
  const batches = [];
  const fields = mergeSchema.fields;
  for (let offset = 0; offset < columns.rows; offset += batchRows) {
    const length = Math.min(batchRows, columns.rows - offset);
    const end = offset + length;
    const byteStart = columns.reasonOffsets[offset];
    const offsets = columns.reasonOffsets.slice(offset, end + 1).map((o) => o - byteStart);
    const children = [
      arrow.makeData({
        type: fields[0].type,
        length,
        data: columns.order_number.slice(offset, end),
      }),
      arrow.makeData({ type: fields[1].type, length, data: columns.item_sk.slice(offset, end) }),
      arrow.makeData({ type: fields[2].type, length, data: columns.quantity.slice(offset, end) }),
      arrow.makeData({ type: fields[3].type, length, data: columns.amount.slice(offset, end) }),
      arrow.makeData({
        type: fields[4].type,
        length,
        data: columns.returned_at.slice(offset, end),
      }),
      arrow.makeData({
        type: fields[5].type,
        length,
        valueOffsets: offsets,
        data: columns.reasonBytes.slice(byteStart, columns.reasonOffsets[end]),
      }),
    ];
    const struct = arrow.makeData({ type: new arrow.Struct(fields), length, children });
    batches.push(new arrow.RecordBatch(mergeSchema, struct));
  }
  return new arrow.Table(mergeSchema, batches);
}

/** `count` distinct positions in [0, n), drawn with `random`, in ascending order. */
export function sampleIndices(random, n, count) {
  if (count > n) throw new Error(`cannot draw ${count} distinct rows of ${n}`);
  const pool = new Int32Array(n);
  for (let k = 0; k < n; k++) pool[k] = k;
  for (let k = 0; k < count; k++) {
    const j = k + random.below(n - k);
    const swap = pool[k];
    pool[k] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, count).sort();
}

/**
 * The source of one merge case, as delta-rs's benchmark draws it from the target: `matched`
 * rows of the target (a fraction of its rows, drawn without replacement) keep their key, and
 * `notMatched` other draws get new keys (here `order_number` = rows + k: never in the target);
 * the matched rows come first. With `changeMatched`, the matched rows' `quantity` is one more
 * than the target's, so that an update shows in the table. Returns the source's flat columns and
 * its parts (the target rows matched, as they are in the target; the new rows), to compute the
 * expected result from.
 */
export function mergeSource(target, { matched, notMatched, seed, changeMatched }) {
  const random = seededRandom(seed);
  const matchedRows = sampleIndices(random, target.rows, Math.round(matched * target.rows));
  const newRows = sampleIndices(random, target.rows, Math.round(notMatched * target.rows));
  const matchedTarget = takeColumns(target, matchedRows);
  const matchedSource = takeColumns(target, matchedRows);
  if (changeMatched) for (let k = 0; k < matchedSource.rows; k++) matchedSource.quantity[k] += 1;
  const inserted = takeColumns(target, newRows);
  for (let k = 0; k < inserted.rows; k++) inserted.order_number[k] = BigInt(target.rows + k);
  return {
    source: concatColumns([matchedSource, inserted]),
    matchedTarget,
    matchedSource,
    inserted,
  };
}

/** Flat columns one after the other. */
export function concatColumns(parts) {
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const bytes = parts.reduce((sum, part) => sum + part.reasonBytes.length, 0);
  const out = {
    rows,
    order_number: new BigInt64Array(rows),
    item_sk: new BigInt64Array(rows),
    quantity: new Int32Array(rows),
    amount: new Float64Array(rows),
    returned_at: new BigInt64Array(rows),
    reasonOffsets: new Int32Array(rows + 1),
    reasonBytes: new Uint8Array(bytes),
  };
  let row = 0;
  let at = 0;
  for (const part of parts) {
    for (const key of ['order_number', 'item_sk', 'quantity', 'amount', 'returned_at'])
      out[key].set(part[key], row);
    out.reasonBytes.set(part.reasonBytes, at);
    for (let k = 1; k <= part.rows; k++) out.reasonOffsets[row + k] = at + part.reasonOffsets[k];
    row += part.rows;
    at += part.reasonBytes.length;
  }
  return out;
}

/** The positions of the target rows that `keep(k)` selects, ascending. */
export function selectIndices(columns, keep) {
  const out = [];
  for (let k = 0; k < columns.rows; k++) if (keep(k)) out.push(k);
  return Int32Array.from(out);
}
