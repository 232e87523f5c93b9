const MILLISECONDS_PER_UNIT: Record<string, number> = {
  week: 7 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
};

/**
 * Parses a duration written as Spark's interval strings, as Delta table properties hold them
 * (`delta.logRetentionDuration = "interval 30 days"`), into milliseconds. The `interval` prefix
 * is optional; units are weeks, days, hours, minutes, seconds (fractions allowed), milliseconds
 * and microseconds, singular or plural, in any case; several may follow each other
 * (`interval 1 day 12 hours`). Months and years are refused, as Delta refuses them for
 * durations (their length varies), and so are negative durations.
 *
 * @returns milliseconds (fractions of a millisecond from microseconds are kept), or `undefined`
 * when the text is not such a duration.
 */
export function parseIntervalMilliseconds(text: string): number | undefined {
  const words = text.trim().toLowerCase().split(/\s+/);
  if (words[0] === 'interval') words.shift();
  if (words.length === 0 || words.length % 2 !== 0) return undefined;
  let total = 0;
  for (let index = 0; index < words.length; index += 2) {
    const amount = words[index]!;
    const unit = words[index + 1]!.replace(/s$/, '');
    const perUnit = MILLISECONDS_PER_UNIT[unit];
    if (perUnit === undefined) return undefined;
    const pattern = unit === 'second' ? /^\+?\d+(\.\d+)?$/ : /^\+?\d+$/;
    if (!pattern.test(amount)) return undefined;
    total += Number(amount) * perUnit;
  }
  return total;
}
