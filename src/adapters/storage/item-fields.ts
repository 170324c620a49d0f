import type { ItemSnapshot } from '../../core/item.ts';

/** The item fields a snapshot may leave undefined, each with its bit in `items.known_fields`. */
export const ITEM_FIELD_BITS = {
  title: 1,
  author: 2,
  labels: 4,
  state: 8,
  stateReason: 16,
  createdAt: 32,
  closedAt: 64,
  mergedAt: 128,
  mergedBy: 256,
  url: 512,
  transferredTo: 1024,
} as const satisfies Partial<Record<keyof ItemSnapshot, number>>;
