import { expect, test } from 'vitest';
import { createSeededRandom } from './seeded-random.ts';
import { createTimeOrderedQueue } from './time-ordered-queue.ts';

test('pops values in time order, and values of the same time in the order they were pushed', () => {
  const queue = createTimeOrderedQueue<string>();
  queue.push(5, 'e');
  queue.push(1, 'a');
  queue.push(3, 'c1');
  queue.push(3, 'c2');
  queue.push(2, 'b');
  queue.push(3, 'c3');
  expect(queue.peekTime()).toBe(1);
  const out: string[] = [];
  for (let v = queue.pop(); v !== undefined; v = queue.pop()) out.push(v);
  expect(out).toEqual(['a', 'b', 'c1', 'c2', 'c3', 'e']);
  expect(queue.size).toBe(0);
  expect(queue.peekTime()).toBeUndefined();
});

test('stays ordered under many interleaved pushes and pops', () => {
  const random = createSeededRandom(9);
  const queue = createTimeOrderedQueue<number>();
  const popped: number[] = [];
  let floor = 0;
  for (let i = 0; i < 5000; i++) {
    // Like the simulation: new values are never earlier than what was already popped.
    queue.push(floor + random.int(0, 1000), i);
    if (random.chance(0.4)) {
      const time = queue.peekTime() as number;
      queue.pop();
      popped.push(time);
      floor = time;
    }
  }
  while (queue.size > 0) {
    popped.push(queue.peekTime() as number);
    queue.pop();
  }
  expect(popped).toHaveLength(5000);
  expect(popped.every((t, i) => i === 0 || (popped[i - 1] as number) <= t)).toBe(true);
});
