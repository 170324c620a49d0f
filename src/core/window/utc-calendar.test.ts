import { describe, expect, test } from 'vitest';
import {
  addUtcMonths,
  daysInUtcMonth,
  formatUtcInstant,
  isoInstantToMs,
  parseUtcInstant,
} from './utc-calendar.ts';

const at = (text: string) => Date.parse(text);

describe('addUtcMonths', () => {
  test('clamps to the end of a shorter month and keeps the time of day', () => {
    expect(formatUtcInstant(addUtcMonths(at('2026-03-31T10:00:00Z'), -1))).toBe('2026-02-28T10:00:00Z');
    expect(formatUtcInstant(addUtcMonths(at('2026-03-31T10:00:00Z'), -2))).toBe('2026-01-31T10:00:00Z');
    expect(formatUtcInstant(addUtcMonths(at('2026-05-31T23:59:59Z'), -1))).toBe('2026-04-30T23:59:59Z');
  });

  test('lands on 29 February in a leap year and 28 February otherwise', () => {
    expect(formatUtcInstant(addUtcMonths(at('2024-03-31T00:00:00Z'), -1))).toBe('2024-02-29T00:00:00Z');
    expect(formatUtcInstant(addUtcMonths(at('2024-02-29T00:00:00Z'), -12))).toBe('2023-02-28T00:00:00Z');
    expect(formatUtcInstant(addUtcMonths(at('2024-02-29T00:00:00Z'), 48))).toBe('2028-02-29T00:00:00Z');
  });

  test('crosses year boundaries both ways', () => {
    expect(formatUtcInstant(addUtcMonths(at('2026-01-15T00:00:00Z'), -13))).toBe('2024-12-15T00:00:00Z');
    expect(formatUtcInstant(addUtcMonths(at('2025-11-30T00:00:00Z'), 3))).toBe('2026-02-28T00:00:00Z');
  });
});

describe('daysInUtcMonth', () => {
  test('knows leap years, including the century rules', () => {
    expect([
      daysInUtcMonth(2024, 2),
      daysInUtcMonth(2025, 2),
      daysInUtcMonth(2000, 2),
      daysInUtcMonth(2100, 2),
    ]).toEqual([29, 28, 29, 28]);
  });
});

describe('parseUtcInstant', () => {
  test('tells dates from date-times and refuses impossible ones', () => {
    expect(parseUtcInstant('2026-01-02')).toEqual({ ms: at('2026-01-02T00:00:00Z'), dateOnly: true });
    expect(parseUtcInstant('2026-01-02T03:04Z')).toEqual({ ms: at('2026-01-02T03:04:00Z'), dateOnly: false });
    expect(parseUtcInstant('2026-01-02T03:04:05')).toBeNull();
    expect(parseUtcInstant('2025-02-29')).toBeNull();
    expect(parseUtcInstant('1969-12-31')).toBeNull();
  });
});

describe('isoInstantToMs', () => {
  test('agrees with Date.parse on stored instants, leap days and other ISO forms', () => {
    for (const text of [
      '1970-01-01T00:00:00Z',
      '2024-02-29T23:59:59Z',
      '2026-03-01T00:00:00Z',
      '2100-03-01T12:34:56Z',
      '2026-01-01T10:00:00.250Z',
      '2026-01-01T10:00:00+02:00',
    ]) {
      expect(isoInstantToMs(text)).toBe(Date.parse(text));
    }
  });

  test('gives NaN for text that is no instant', () => {
    expect(isoInstantToMs('2026-01-0xT00:00:00Z')).toBeNaN();
    expect(isoInstantToMs('soon')).toBeNaN();
  });
});
