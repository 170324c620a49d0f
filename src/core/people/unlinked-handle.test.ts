import { describe, expect, test } from 'vitest';
import { isUnlinkedHandle, toDisplayName, toGitHubLogin, toUnlinkedHandle } from './unlinked-handle.ts';

describe('unlinked handles', () => {
  test('name a person by id in a form no GitHub login can take', () => {
    expect(toUnlinkedHandle(12)).toBe('person:12');
    expect(isUnlinkedHandle('person:12')).toBe(true);
    for (const login of ['person-12', 'person', 'Person12', 'person:', 'person:0', 'person:12x', 'jane'])
      expect(isUnlinkedHandle(login), login).toBe(false);
  });

  test('are never given out as a login, and show the name marked unlinked', () => {
    expect(toGitHubLogin('person:12')).toBeNull();
    expect(toGitHubLogin('Octo-Cat')).toBe('Octo-Cat');
    expect(toDisplayName({ login: 'person:12', name: 'Jane Doe' })).toBe('Jane Doe (unlinked: person:12)');
    expect(toDisplayName({ login: 'person:12', name: null })).toBe('person:12 (unlinked)');
    expect(toDisplayName({ login: 'octo-cat', name: 'Octo' })).toBe('octo-cat');
  });
});
