import { describe, expect, test } from 'vitest';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

function draws(seed: number, count: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.next());
}

describe('createSeededRandom', () => {
  test('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(42, 100)).toEqual(draws(42, 100));
    expect(draws(42, 100)).not.toEqual(draws(43, 100));
  });

  test('draws floats in [0, 1) spread over the whole interval', () => {
    const values = draws(7, 10_000);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(values.filter((v) => v < 0.1).length).toBeGreaterThan(900);
  });

  test('keeps integers within their inclusive bounds and reaches both ends', () => {
    const random = createSeededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(random.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  test('never picks an index whose weight is zero, and favours heavier weights', () => {
    const random = createSeededRandom(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[random.weightedIndex([1, 0, 3])]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.5);
    expect(random.weightedIndex([0, 0])).toBe(-1);
  });

  test('draws Poisson counts with the requested mean', () => {
    const random = createSeededRandom(3);
    let total = 0;
    for (let i = 0; i < 5000; i++) total += random.poisson(2.5);
    expect(total / 5000).toBeGreaterThan(2.35);
    expect(total / 5000).toBeLessThan(2.65);
    expect(random.poisson(0)).toBe(0);
  });

  test('writes hexadecimal strings of the requested length, like git shas', () => {
    const sha = createSeededRandom(4).hex(40);
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
  });

  test('derives distinct seeds per label, the same for the same label', () => {
    expect(deriveSeed(1, 'events')).toBe(deriveSeed(1, 'events'));
    expect(deriveSeed(1, 'events')).not.toBe(deriveSeed(1, 'rows'));
    expect(deriveSeed(1, 'events')).not.toBe(deriveSeed(2, 'events'));
  });
});
