import { describe, expect, test } from 'vitest';
import { parseAsOf } from './parse-as-of.ts';

describe('parseAsOf', () => {
  test('takes a date to mean the end of that UTC day', () => {
    expect(parseAsOf('2026-03-31')).toEqual({ ok: true, value: '2026-04-01T00:00:00Z' });
    expect(parseAsOf('2024-02-29')).toEqual({ ok: true, value: '2024-03-01T00:00:00Z' });
  });

  test('takes a date-time as is, in UTC, rounded up to the second', () => {
    expect(parseAsOf('2026-03-31T12:30:00Z')).toEqual({ ok: true, value: '2026-03-31T12:30:00Z' });
    expect(parseAsOf('2026-03-31T12:30:00-05:00')).toEqual({ ok: true, value: '2026-03-31T17:30:00Z' });
    expect(parseAsOf('2026-03-31T12:30:00.250Z')).toEqual({ ok: true, value: '2026-03-31T12:30:01Z' });
  });

  test('rejects what is not a date', () => {
    expect(parseAsOf('2023-02-29')).toEqual({
      ok: false,
      error: 'as-of "2023-02-29": expected a date (2026-03-31) or an ISO date-time (2026-03-31T12:00:00Z)',
    });
    expect(parseAsOf('2026-03-31T25:00:00Z').ok).toBe(false);
  });
});
