import { describe, expect, test } from 'vitest';
import { parseAsOf } from './parse-as-of.ts';
import type { WindowSpec } from './parse-window-spec.ts';
import { parseWindowSpec } from './parse-window-spec.ts';
import { resolveWindow } from './resolve-window.ts';

function spec(text: string): WindowSpec {
  const parsed = parseWindowSpec(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const now = '2026-03-31T10:00:00Z';

describe('resolveWindow', () => {
  test('resolves all time as open-ended up to now', () => {
    expect(resolveWindow(spec('all'), { now })).toEqual({ label: 'all time', from: null, to: now });
  });

  test('resolves year to date from 1 January of the as-of year', () => {
    expect(resolveWindow(spec('ytd'), { now })).toEqual({
      label: '2026 year to date',
      from: '2026-01-01T00:00:00Z',
      to: now,
    });
  });

  test('keeps year to date in the old year when the as-of date is 31 December', () => {
    const asOf = parseAsOf('2025-12-31');
    if (!asOf.ok) throw new Error(asOf.error);
    expect(resolveWindow(spec('ytd'), { now, asOf: asOf.value })).toEqual({
      label: '2025 year to date as of 2026-01-01T00:00:00Z',
      from: '2025-01-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
  });

  test('measures rolling days and weeks back from the as-of instant', () => {
    expect(resolveWindow(spec('30d'), { now })).toEqual({
      label: 'last 30 days',
      from: '2026-03-01T10:00:00Z',
      to: now,
    });
    expect(resolveWindow(spec('12w'), { now })).toEqual({
      label: 'last 12 weeks',
      from: '2026-01-06T10:00:00Z',
      to: now,
    });
  });

  test('measures rolling months back with correct month ends', () => {
    expect(resolveWindow(spec('2mo'), { now }).from).toBe('2026-01-31T10:00:00Z');
    expect(resolveWindow(spec('1mo'), { now })).toEqual({
      label: 'last 1 month',
      from: '2026-02-28T10:00:00Z',
      to: now,
    });
    expect(resolveWindow(spec('1mo'), { now: '2024-03-31T00:00:00Z' }).from).toBe('2024-02-29T00:00:00Z');
  });

  test('measures rolling years back, clamping 29 February', () => {
    expect(resolveWindow(spec('1y'), { now })).toEqual({
      label: 'last 1 year',
      from: '2025-03-31T10:00:00Z',
      to: now,
    });
    expect(resolveWindow(spec('1y'), { now: '2024-02-29T12:00:00Z' }).from).toBe('2023-02-28T12:00:00Z');
    expect(resolveWindow(spec('4y'), { now: '2024-02-29T12:00:00Z' }).from).toBe('2020-02-29T12:00:00Z');
  });

  test('resolves a past calendar month and year whole', () => {
    expect(resolveWindow(spec('2026-02'), { now })).toEqual({
      label: 'February 2026',
      from: '2026-02-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
    });
    expect(resolveWindow(spec('2024-02'), { now }).to).toBe('2024-03-01T00:00:00Z');
    expect(resolveWindow(spec('2025-12'), { now }).to).toBe('2026-01-01T00:00:00Z');
    expect(resolveWindow(spec('2025'), { now })).toEqual({
      label: '2025',
      from: '2025-01-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
  });

  test('cuts the current month or year at now', () => {
    expect(resolveWindow(spec('2026-03'), { now })).toEqual({
      label: 'March 2026',
      from: '2026-03-01T00:00:00Z',
      to: now,
    });
    expect(resolveWindow(spec('2026'), { now }).to).toBe(now);
  });

  test('resolves a window that starts after the as-of instant as empty', () => {
    expect(resolveWindow(spec('2026-05'), { now })).toEqual({
      label: 'May 2026',
      from: '2026-05-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
    });
  });

  test('resolves explicit ranges with an inclusive date-only end, labelled as written', () => {
    expect(resolveWindow(spec('2026-01-01..2026-01-31'), { now })).toEqual({
      label: '2026-01-01 through 2026-01-31',
      from: '2026-01-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    });
    expect(resolveWindow(spec('2026-01-01T06:00:00Z..2026-01-02T12:00:00Z'), { now })).toEqual({
      label: '2026-01-01T06:00:00Z until 2026-01-02T12:00:00Z',
      from: '2026-01-01T06:00:00Z',
      to: '2026-01-02T12:00:00Z',
    });
    expect(resolveWindow(spec('2026-03-01..'), { now })).toEqual({
      label: 'since 2026-03-01',
      from: '2026-03-01T00:00:00Z',
      to: now,
    });
    expect(resolveWindow(spec('..2025-12-31'), { now })).toEqual({
      label: 'through 2025-12-31',
      from: null,
      to: '2026-01-01T00:00:00Z',
    });
  });

  test('sees the board as it was: every window ends at the as-of instant and rolls back from it', () => {
    const asOf = '2025-03-01T00:00:00Z';
    expect(resolveWindow(spec('all'), { now, asOf })).toEqual({
      label: 'all time as of 2025-03-01T00:00:00Z',
      from: null,
      to: asOf,
    });
    expect(resolveWindow(spec('ytd'), { now, asOf }).from).toBe('2025-01-01T00:00:00Z');
    expect(resolveWindow(spec('2mo'), { now, asOf }).from).toBe('2025-01-01T00:00:00Z');
    expect(resolveWindow(spec('1mo'), { now, asOf: '2025-03-30T00:00:00Z' }).from).toBe(
      '2025-02-28T00:00:00Z',
    );
    expect(resolveWindow(spec('2026-01-01..2026-01-31'), { now, asOf: '2026-01-15T00:00:00Z' }).to).toBe(
      '2026-01-15T00:00:00Z',
    );
    expect(resolveWindow(spec('2025'), { now, asOf }).to).toBe(asOf);
  });

  test('throws on a malformed now, which only the program supplies', () => {
    expect(() => resolveWindow(spec('all'), { now: 'yesterday' })).toThrow(/not an ISO instant/);
  });
});
