import { describe, expect, test } from 'vitest';
import { fromNumberRanges, toNumberRanges } from './number-ranges.ts';

describe('number ranges', () => {
  test('writes runs of consecutive numbers as ranges, in ascending order, once each', () => {
    expect(toNumberRanges([12, 3, 1, 2, 3, 40, 13, 14, 9])).toBe('1-3,9,12-14,40');
    expect(toNumberRanges([])).toBe('');
  });

  test('reads back exactly what it wrote', () => {
    const numbers = [1, 2, 3, 5, 8, 9, 10, 11, 100, 101, 4000];
    expect(fromNumberRanges(toNumberRanges(numbers))).toEqual(numbers);
    expect(fromNumberRanges('')).toEqual([]);
  });

  test('skips damaged parts and keeps the rest', () => {
    expect(fromNumberRanges('1-3,x,9-7,12, 15 ')).toEqual([1, 2, 3, 12, 15]);
  });
});
