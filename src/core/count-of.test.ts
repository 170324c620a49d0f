import { expect, test } from 'vitest';
import { countOf } from './count-of.ts';

test('says one thing in the singular and any other count in the plural, with grouped digits', () => {
  expect([
    countOf(1, 'problem'),
    countOf(0, 'problem'),
    countOf(2, 'problem'),
    countOf(12_300, 'point'),
  ]).toEqual(['1 problem', '0 problems', '2 problems', '12,300 points']);
  expect([countOf(1, 'entry', 'entries'), countOf(3, 'entry', 'entries')]).toEqual(['1 entry', '3 entries']);
});
