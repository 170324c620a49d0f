import { describe, expect, test } from 'vitest';
import { parseGhArchiveHourRange, toGhArchiveHourName } from './gharchive-hour-range.ts';

describe('parseGhArchiveHourRange', () => {
  test('a date on both ends means all 24 hours of each day, named without padding', () => {
    const range = parseGhArchiveHourRange('2025-01-01', '2025-01-02');
    expect(range.ok && range.hours.length).toBe(48);
    expect(range.ok && range.hours.slice(0, 3)).toEqual(['2025-01-01-0', '2025-01-01-1', '2025-01-01-2']);
    expect(range.ok && range.hours.at(-1)).toBe('2025-01-02-23');
  });

  test('an hour on either end narrows the range to that hour, inclusive', () => {
    expect(parseGhArchiveHourRange('2025-01-01T22', '2025-01-02T01')).toEqual({
      ok: true,
      hours: ['2025-01-01-22', '2025-01-01-23', '2025-01-02-0', '2025-01-02-1'],
    });
    expect(parseGhArchiveHourRange('2025-01-01T05', '2025-01-01T05')).toEqual({
      ok: true,
      hours: ['2025-01-01-5'],
    });
  });

  test('crosses month and leap-day boundaries', () => {
    const range = parseGhArchiveHourRange('2024-02-29T23', '2024-03-01T00');
    expect(range).toEqual({ ok: true, hours: ['2024-02-29-23', '2024-03-01-0'] });
  });

  test('refuses impossible dates and hours, naming the option', () => {
    expect(parseGhArchiveHourRange('2025-02-30', '2025-03-01')).toEqual({
      ok: false,
      error: '--from "2025-02-30": expected a date (2025-01-01) or an hour (2025-01-01T05)',
    });
    expect(parseGhArchiveHourRange('2025-01-01', '2025-01-01T24').ok).toBe(false);
    expect(parseGhArchiveHourRange('2025-01-01', 'tomorrow').ok).toBe(false);
  });

  test('refuses a range that ends before it starts', () => {
    expect(parseGhArchiveHourRange('2025-01-02', '2025-01-01T23')).toEqual({
      ok: false,
      error: '--to 2025-01-01T23 is before --from 2025-01-02',
    });
  });
});

test('toGhArchiveHourName names an hour as GH Archive does', () => {
  expect(toGhArchiveHourName(Date.UTC(2015, 1, 1, 15))).toBe('2015-02-01-15');
  expect(toGhArchiveHourName(Date.UTC(2015, 1, 1, 0))).toBe('2015-02-01-0');
});
