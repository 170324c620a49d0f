import { describe, expect, test } from 'vitest';
import { mapConcurrently } from './map-concurrently.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapping with bounded concurrency', () => {
  test('keeps the order of the values and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0], 2, async (value) => {
      running += 1;
      most = Math.max(most, running);
      await tick(value);
      running -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  test('rejects with the first failure once the tasks under way settle, starting no new ones', async () => {
    const started: number[] = [];
    let settled = 0;
    const run = mapConcurrently([1, 2, 3, 4, 5], 2, async (value) => {
      started.push(value);
      await tick(value === 1 ? 1 : 5);
      settled += 1;
      if (value === 1) throw new Error('one failed');
      return value;
    });
    await expect(run).rejects.toThrow('one failed');
    expect(started).toEqual([1, 2]);
    expect(settled).toBe(2);
  });

  test('an empty list gives an empty result', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
