import { expect, test } from 'vitest';
import { isListedBot } from '../../core/people/bot-list.ts';
import { loadBotList } from './load-bot-list.ts';

test('the shipped bot list names the common automation and coding-agent accounts, in any case', async () => {
  const list = await loadBotList(null);
  for (const login of [
    'Copilot',
    'k8s-ci-robot',
    'K8S-TRIAGE-ROBOT',
    'dependabot',
    'renovate',
    'netlify',
    'codecov',
    'linux-foundation-easycla',
    'web-flow',
    'github-actions',
  ]) {
    expect(isListedBot(list, login), login).toBe(true);
  }
  expect(isListedBot(list, 'alice')).toBe(false);
});
