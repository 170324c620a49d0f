import type { PersonSummary } from '../scoring-fact.ts';

/**
 * Whether a person is an automation account: flagged a bot (by GitHub's account type, the
 * community's list of bots, or a person's decision), or a login ending in `[bot]`, which is
 * GitHub's mark of an app and cannot belong to a human.
 */
export function isBotAccount(person: Pick<PersonSummary, 'isBot' | 'login'>): boolean {
  return person.isBot || person.login.toLowerCase().endsWith('[bot]');
}
