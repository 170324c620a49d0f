import { expect, test } from 'vitest';
import { withArticle } from './with-article.ts';

test('puts "an" before a vowel sound and "a" before a consonant sound, numbers said aloud', () => {
  expect(
    [
      'approver',
      'maintainer',
      'Emeritus',
      'user group',
      'hour',
      '8-week term',
      '12-week term',
      '11-week term',
      '18-month term',
      '180-day term',
      '800-point bar',
      '1-year term',
    ].map(withArticle),
  ).toEqual([
    'an approver',
    'a maintainer',
    'an Emeritus',
    'a user group',
    'an hour',
    'an 8-week term',
    'a 12-week term',
    'an 11-week term',
    'an 18-month term',
    'a 180-day term',
    'an 800-point bar',
    'a 1-year term',
  ]);
});
