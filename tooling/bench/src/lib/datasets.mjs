// Deterministic (seeded) data sets for the benchmarks, built straight into Arrow buffers.
import * as arrow from 'apache-arrow';

/** splitmix32: a small, fast, well-distributed seeded generator of 32-bit integers. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return {
    /** uniform integer in [0, 2^32) */
    uint32: next,
    /** uniform integer in [0, n) */
    below: (n) => Math.floor((next() / 2 ** 32) * n),
    /** uniform double in [0, 1) with 53 random bits */
    double: () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53,
  };
}

const ALPHABET = new TextEncoder().encode(
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
);
const EPOCH_2024_MICROS = 1_704_067_200_000_000n; // 2024-01-01T00:00:00Z
const YEAR_MICROS = 366 * 24 * 3600 * 1_000_000;

/** The schema of {@link primitivesTable}. */
export const primitivesSchema = new arrow.Schema([
  new arrow.Field('id', new arrow.Int32(), true),
  new arrow.Field('value', new arrow.Float64(), true),
  new arrow.Field('ts', new arrow.Timestamp(arrow.TimeUnit.MICROSECOND, 'UTC'), true),
  new arrow.Field('name', new arrow.Utf8(), true),
]);

/**
 * `rows` rows of four columns, no nulls, in record batches of `batchRows`:
 * - `id` int32, uniform in [0, 1,000,000)
 * - `value` double, uniform in [0, 1000)
 * - `ts` timestamp[µs, UTC], uniform over 2024 (whole microseconds)
 * - `name` string, 10 to 20 ASCII letters and digits, uniform
 * The same seed always gives the same bytes.
 */
export function primitivesTable({ rows, batchRows = 65_536, seed = 42 }) {
  const random = seededRandom(seed);
  const batches = [];
  for (let offset = 0; offset < rows; offset += batchRows) {
    const length = Math.min(batchRows, rows - offset);
    const ids = new Int32Array(length);
    const values = new Float64Array(length);
    const ts = new BigInt64Array(length);
    const offsets = new Int32Array(length + 1);
    const bytes = new Uint8Array(length * 20);
    let at = 0;
    for (let k = 0; k < length; k++) {
      ids[k] = random.below(1_000_000);
      values[k] = random.double() * 1000;
      ts[k] = EPOCH_2024_MICROS + BigInt(random.below(YEAR_MICROS));
      const size = 10 + random.below(11);
      for (let c = 0; c < size; c++) bytes[at++] = ALPHABET[random.below(ALPHABET.length)];
      offsets[k + 1] = at;
    }
    const children = [
      arrow.makeData({ type: primitivesSchema.fields[0].type, length, data: ids }),
      arrow.makeData({ type: primitivesSchema.fields[1].type, length, data: values }),
      arrow.makeData({ type: primitivesSchema.fields[2].type, length, data: ts }),
      arrow.makeData({
        type: primitivesSchema.fields[3].type,
        length,
        valueOffsets: offsets,
        data: bytes.slice(0, at),
      }),
    ];
    const struct = arrow.makeData({
      type: new arrow.Struct(primitivesSchema.fields),
      length,
      children,
    });
    batches.push(new arrow.RecordBatch(primitivesSchema, struct));
  }
  return new arrow.Table(primitivesSchema, batches);
}

/**
 * Order-independent checksums of a table's columns, to compare what two engines read:
 * integer sums (int64 sums wrapping to a signed 64-bit integer, as pyarrow's do) and timestamp
 * sums modulo 2^64 (as decimal strings) and the UTF-8 byte total of string columns.
 * Same shape as bench_worker.py's `check_parquet` answer.
 */
export function tableChecksums(table) {
  const columns = {};
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name);
    const id = field.type.typeId;
    if (arrow.DataType.isInt(field.type) && field.type.bitWidth <= 32) {
      let sum = 0;
      for (const data of vector.data)
        for (const v of data.values.subarray(0, data.length)) sum += v;
      columns[field.name] = { sum: String(sum) };
    } else if (arrow.DataType.isInt(field.type) && field.type.bitWidth === 64) {
      // As pyarrow's sum of an int64 column: wrapping to a signed 64-bit integer.
      let sum = 0n;
      for (const data of vector.data)
        for (const v of data.values.subarray(0, data.length)) sum += BigInt(v);
      columns[field.name] = { sum: String(BigInt.asIntN(64, sum)) };
    } else if (arrow.DataType.isTimestamp(field.type)) {
      let sum = 0n;
      for (const data of vector.data)
        for (const v of data.values.subarray(0, data.length)) sum += v;
      columns[field.name] = {
        sum_mod_2_64: String(BigInt.asUintN(64, sum)),
        type: String(field.type),
      };
    } else if (id === arrow.Type.Utf8 || id === arrow.Type.LargeUtf8) {
      let bytes = 0;
      for (const data of vector.data)
        bytes += Number(data.valueOffsets[data.length]) - Number(data.valueOffsets[0]);
      columns[field.name] = { utf8_bytes: String(bytes) };
    }
  }
  return { rows: table.numRows, columns };
}

/**
 * Whether `actual` (a {@link tableChecksums} answer, or bench_worker.py's) has `expected`'s row
 * count and column checksums; the column types (`type`) are left to the caller to compare.
 */
export function sameChecksums(expected, actual) {
  if (expected.rows !== actual.rows) return false;
  for (const [column, sums] of Object.entries(expected.columns)) {
    for (const [key, value] of Object.entries(sums)) {
      if (key === 'type') continue;
      if (actual.columns[column]?.[key] !== value) return false;
    }
  }
  return true;
}

/**
 * The sum of {@link tableChecksums} answers, each with a sign: `[[checksums, 1], [other, -1]]`
 * gives the checksums of a table holding the first's rows without the second's (rows and
 * column sums add up; the sums keep their wrapping). The first answer names the columns.
 */
export function addChecksums(terms) {
  const [first] = terms[0];
  const columns = {};
  for (const [column, sums] of Object.entries(first.columns)) {
    columns[column] = {};
    for (const [key, value] of Object.entries(sums)) {
      if (key === 'type') {
        columns[column].type = value;
        continue;
      }
      let total = 0n;
      for (const [checksums, sign] of terms)
        total += BigInt(sign) * BigInt(checksums.columns[column][key]);
      // Timestamp sums wrap to unsigned 64 bits; integer sums to signed 64 bits, as int64 sums
      // do (int32 sums never come near).
      total = key === 'sum_mod_2_64' ? BigInt.asUintN(64, total) : BigInt.asIntN(64, total);
      columns[column][key] = String(total);
    }
  }
  const rows = terms.reduce((sum, [checksums, sign]) => sum + sign * checksums.rows, 0);
  return { rows, columns };
}
