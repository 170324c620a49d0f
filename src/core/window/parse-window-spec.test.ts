import { describe, expect, test } from 'vitest';
import { parseWindowRange, parseWindowSpec } from './parse-window-spec.ts';

describe('parseWindowSpec', () => {
  test('reads all time and year to date', () => {
    expect(parseWindowSpec('all')).toEqual({ ok: true, value: { kind: 'all' } });
    expect(parseWindowSpec(' YTD ')).toEqual({ ok: true, value: { kind: 'ytd' } });
  });

  test('reads rolling windows in days, weeks, months and years', () => {
    expect(parseWindowSpec('30d')).toEqual({ ok: true, value: { kind: 'rolling', amount: 30, unit: 'day' } });
    expect(parseWindowSpec('12w')).toEqual({
      ok: true,
      value: { kind: 'rolling', amount: 12, unit: 'week' },
    });
    expect(parseWindowSpec('2mo')).toEqual({
      ok: true,
      value: { kind: 'rolling', amount: 2, unit: 'month' },
    });
    expect(parseWindowSpec('1y')).toEqual({ ok: true, value: { kind: 'rolling', amount: 1, unit: 'year' } });
  });

  test('reads a calendar month and a year', () => {
    expect(parseWindowSpec('2026-03')).toEqual({ ok: true, value: { kind: 'month', year: 2026, month: 3 } });
    expect(parseWindowSpec('2025')).toEqual({ ok: true, value: { kind: 'year', year: 2025 } });
  });

  test('reads a range whose date-only end includes that whole day', () => {
    expect(parseWindowSpec('2026-01-01..2026-01-31')).toEqual({
      ok: true,
      value: { kind: 'range', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    });
  });

  test('reads a range with date-times, offsets and open ends', () => {
    expect(parseWindowSpec('2026-01-01T12:00:00+02:00..2026-01-02T00:00:00Z')).toEqual({
      ok: true,
      value: { kind: 'range', from: '2026-01-01T10:00:00Z', to: '2026-01-02T00:00:00Z' },
    });
    expect(parseWindowSpec('2026-01-01..')).toEqual({
      ok: true,
      value: { kind: 'range', from: '2026-01-01T00:00:00Z', to: null },
    });
    expect(parseWindowSpec('..2026-01-01')).toEqual({
      ok: true,
      value: { kind: 'range', from: null, to: '2026-01-02T00:00:00Z' },
    });
  });

  test('returns a clear error for text that is no window', () => {
    const result = parseWindowSpec('last week');
    expect(result).toEqual({
      ok: false,
      error:
        'unknown window "last week"; expected all, ytd, a rolling window (30d, 12w, 2mo, 1y), a month (2026-03), a year (2025) or a range (2026-01-01..2026-02-01)',
    });
  });

  test('rejects impossible or ambiguous windows with the reason', () => {
    expect(parseWindowSpec('3m')).toEqual({ ok: false, error: 'window "3m": write months as "mo" (3mo)' });
    expect(parseWindowSpec('0d')).toEqual({
      ok: false,
      error: 'window "0d": a rolling window needs a length of at least 1',
    });
    expect(parseWindowSpec('101y')).toEqual({
      ok: false,
      error: 'window "101y": a rolling window may span at most 100 years',
    });
    expect(parseWindowSpec('2026-13')).toEqual({ ok: false, error: 'window "2026-13": no month 13' });
    expect(parseWindowSpec('1969')).toEqual({
      ok: false,
      error: 'window "1969": years before 1970 are not supported',
    });
    expect(parseWindowSpec('2026-02-30..2026-03-01').ok).toBe(false);
    expect(parseWindowSpec('2026-02-01..2026-01-01')).toEqual({
      ok: false,
      error: 'range 2026-02-01..2026-01-01: the start must come before the end',
    });
  });
});

describe('parseWindowRange', () => {
  test('reads --from and --to, with a date-only --to covering its whole day', () => {
    expect(parseWindowRange({ from: '2026-01-01', to: '2026-02-01' })).toEqual({
      ok: true,
      value: { kind: 'range', from: '2026-01-01T00:00:00Z', to: '2026-02-02T00:00:00Z' },
    });
  });

  test('treats a date-time --to as exclusive', () => {
    expect(parseWindowRange({ to: '2026-02-01T00:00:00Z' })).toEqual({
      ok: true,
      value: { kind: 'range', from: null, to: '2026-02-01T00:00:00Z' },
    });
  });

  test('says which bound is malformed', () => {
    expect(parseWindowRange({ from: 'yesterday' })).toEqual({
      ok: false,
      error:
        'range start "yesterday": expected a date (2026-01-31) or an ISO date-time (2026-01-31T12:00:00Z)',
    });
    expect(parseWindowRange({})).toEqual({
      ok: false,
      error: 'a range needs a start, an end or both (2026-01-01..2026-02-01)',
    });
  });
});
