/**
 * String bounds as Delta writes them: cut to a prefix so the log stays small, yet still bounds.
 *
 * Spark (delta-io/delta, spark/.../stats/StatisticsCollection.scala) takes the min as
 * `substring(min(c), 0, prefix)`, which counts code points, and passes the max through
 * `truncateMaxStringAgg`: keep the prefix, then append U+FFFD as a tie-breaker, extending the
 * prefix first over characters that are not below U+FFFD. Spark compares strings as UTF-8
 * bytes, which is code point order.
 */

import { StatsError } from './stats-error.js';

const TIE_BREAKER = '\uFFFD';
/** The largest code point: a tie-breaker above any supplementary character. */
const LAST_CODE_POINT = '\u{10FFFF}';

/**
 * The first `prefixLength` code points of the min: a prefix sorts before its string, so it
 * stays a lower bound. Counting code points never splits a surrogate pair.
 *
 * @example
 * ```ts
 * truncateMinString('😀😀😀', 2); // '😀😀'
 * ```
 * @throws {StatsError} when `prefixLength` is not a positive integer.
 */
export function truncateMinString(value: string, prefixLength: number): string {
  checkPrefixLength(prefixLength);
  const end = codePointEnd(value, prefixLength);
  return end === undefined ? value : value.slice(0, end);
}

/**
 * An upper bound of `value` no longer than needed: the first `prefixLength` code points, then a
 * tie-breaker that sorts above the character it replaces, so the result stays above every string
 * up to `value`, both in code point order (Spark, Parquet) and in UTF-16 order (Java, JavaScript).
 *
 * - next character below U+FFFD and in the BMP: append U+FFFD (what Spark writes);
 * - next character U+FFFD..U+FFFF or U+10FFFF: nothing sorts above it that way, so it joins the
 *   prefix and the next one is examined (Spark does the same for U+FFFD..U+FFFF);
 * - next character supplementary: append U+10FFFF. Spark appends U+FFFD there, which is below
 *   every supplementary character in code point order, so its max can exclude its own file.
 *
 * The prefix is counted in code points; Spark counts UTF-16 units for the max only, which can cut
 * a surrogate pair in two. For BMP strings the two agree.
 *
 * @example
 * ```ts
 * truncateMaxString('abcdef', 3); // 'abc\uFFFD'
 * ```
 * @throws {StatsError} when `prefixLength` is not a positive integer.
 */
export function truncateMaxString(value: string, prefixLength: number): string {
  checkPrefixLength(prefixLength);
  let at = codePointEnd(value, prefixLength);
  if (at === undefined) return value;
  while (at < value.length) {
    const codePoint = value.codePointAt(at)!;
    if (codePoint < 0xfffd && codePoint <= 0xffff) return value.slice(0, at) + TIE_BREAKER;
    if (codePoint > 0xffff && codePoint < 0x10ffff) return value.slice(0, at) + LAST_CODE_POINT;
    at += codePoint > 0xffff ? 2 : 1;
  }
  return value;
}

function checkPrefixLength(prefixLength: number): void {
  if (!Number.isInteger(prefixLength) || prefixLength < 1) {
    throw new StatsError({
      reason: `the string prefix length must be a positive integer, got ${prefixLength}`,
      hint: 'Delta writers keep 32 code points of string bounds by default.',
    });
  }
}

/** UTF-16 index after `count` code points, or undefined when the string has no more than that. */
function codePointEnd(value: string, count: number): number | undefined {
  // Fast path: no string of `count` or fewer UTF-16 units has more code points than that.
  if (value.length <= count) return undefined;
  let at = 0;
  for (let seen = 0; seen < count; seen++) {
    if (at >= value.length) return undefined;
    const unit = value.charCodeAt(at);
    const isPair =
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      at + 1 < value.length &&
      isLowSurrogate(value.charCodeAt(at + 1));
    at += isPair ? 2 : 1;
  }
  return at >= value.length ? undefined : at;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/**
 * Compares two byte ranges as unsigned bytes, shorter first on a common prefix: for UTF-8 this
 * is code point order, the order Spark and Parquet give strings.
 */
export function compareBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < length; k++) {
    const x = a[aStart + k]!;
    const y = b[bStart + k]!;
    if (x !== y) return x - y;
  }
  return aEnd - aStart - (bEnd - bStart);
}
