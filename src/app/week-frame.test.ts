import { describe, expect, test } from 'vitest';
import { toWeekFrame, weekIndexOf, weekStartsOf } from './week-frame.ts';

describe('week frames', () => {
  test('end with the UTC week (Monday to Monday) holding now', () => {
    // 2026-03-15 is a Sunday: its week started on Monday 2026-03-09.
    const frame = toWeekFrame('2026-03-15T23:59:59Z', 3);
    expect(frame).toEqual({ from: '2026-02-23T00:00:00Z', weeks: 3 });
    expect(weekStartsOf(frame)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(toWeekFrame('2026-03-16T00:00:00Z', 1)).toEqual({ from: '2026-03-16T00:00:00Z', weeks: 1 });
  });

  test('place a time in its week, before the frame at -1, after it in the last week', () => {
    const frame = toWeekFrame('2026-03-15T12:00:00Z', 3);
    expect(weekIndexOf(frame, '2026-02-22T23:59:59Z')).toBe(-1);
    expect(weekIndexOf(frame, '2026-02-23T00:00:00Z')).toBe(0);
    expect(weekIndexOf(frame, '2026-03-08T23:59:59Z')).toBe(1);
    expect(weekIndexOf(frame, '2026-03-09T00:00:00Z')).toBe(2);
    expect(weekIndexOf(frame, '2026-04-30T00:00:00Z')).toBe(2);
  });

  test('refuse a frame of no weeks', () => {
    expect(() => toWeekFrame('2026-03-15T12:00:00Z', 0)).toThrow(RangeError);
  });
});
