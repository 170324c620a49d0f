/**
 * A min-heap of scheduled values ordered by time, then by the order they were added, so that values
 * scheduled for the same second come out in a deterministic order. Lets the demo generator plan an
 * item's whole life when it is created and still emit every event in time order.
 */
export interface TimeOrderedQueue<T> {
  /** Schedules `value` at `at` (any number, e.g. epoch seconds). */
  push(at: number, value: T): void;
  /** The time of the earliest value, or undefined when empty. */
  peekTime(): number | undefined;
  /** Removes and returns the earliest value, or undefined when empty. */
  pop(): T | undefined;
  readonly size: number;
}

interface Entry<T> {
  readonly at: number;
  readonly seq: number;
  readonly value: T;
}

/** Creates an empty queue. */
export function createTimeOrderedQueue<T>(): TimeOrderedQueue<T> {
  const heap: Entry<T>[] = [];
  let seq = 0;
  const before = (x: Entry<T>, y: Entry<T>): boolean => x.at < y.at || (x.at === y.at && x.seq < y.seq);
  return {
    push(at, value) {
      const entry: Entry<T> = { at, seq: seq++, value };
      heap.push(entry);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const p = heap[parent] as Entry<T>;
        if (!before(entry, p)) break;
        heap[i] = p;
        i = parent;
      }
      heap[i] = entry;
    },
    peekTime() {
      return heap[0]?.at;
    },
    pop() {
      const top = heap[0];
      if (top === undefined) return undefined;
      const last = heap.pop() as Entry<T>;
      if (heap.length > 0) {
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          if (left >= heap.length) break;
          const right = left + 1;
          const child =
            right < heap.length && before(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
          if (!before(heap[child] as Entry<T>, last)) break;
          heap[i] = heap[child] as Entry<T>;
          i = child;
        }
        heap[i] = last;
      }
      return top.value;
    },
    get size() {
      return heap.length;
    },
  };
}
