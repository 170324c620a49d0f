import { describe, expect, test } from 'vitest';
import { toActorIdentity } from './actor-identity.ts';

describe('toActorIdentity', () => {
  test('lists a GitHub id, the lower-cased login and the lower-cased email, in resolution order', () => {
    const identity = toActorIdentity({
      githubId: 42,
      login: 'Octo-Cat',
      email: 'Octo@Example.COM',
      name: 'Octo',
    });
    expect(identity?.identities.map((key) => key.key)).toEqual([
      'github_id:42',
      'login:octo-cat',
      'email:octo@example.com',
    ]);
    expect(identity).toMatchObject({
      login: 'Octo-Cat',
      loginIsCurrent: true,
      handle: 'Octo-Cat',
      isBot: false,
    });
  });

  test('reads the GitHub id and login out of an id-form noreply email, without making the login current', () => {
    const identity = toActorIdentity({ email: '12345+Mona@users.noreply.github.com' });
    expect(identity).toMatchObject({ githubId: 12345, login: 'Mona', loginIsCurrent: false, handle: 'Mona' });
    expect(identity?.identities.map((key) => key.key)).toEqual([
      'github_id:12345',
      'login:mona',
      'email:12345+mona@users.noreply.github.com',
    ]);
  });

  test('reads the login out of a plain noreply email and keeps what the actor states itself', () => {
    expect(toActorIdentity({ email: 'hubot@users.noreply.github.com' })).toMatchObject({
      githubId: null,
      login: 'hubot',
    });
    expect(
      toActorIdentity({ githubId: 7, login: 'new', email: '7+old@users.noreply.github.com' }),
    ).toMatchObject({
      githubId: 7,
      login: 'new',
    });
    expect(toActorIdentity({ email: 'someone@users.noreply.github.com.evil.example' })?.login).toBeNull();
  });

  test('flags [bot] logins, also from a bot noreply email', () => {
    expect(toActorIdentity({ githubId: 1, login: 'dependabot[bot]' })?.isBot).toBe(true);
    expect(toActorIdentity({ email: '49699333+dependabot[bot]@users.noreply.github.com' })).toMatchObject({
      isBot: true,
      githubId: 49699333,
    });
    expect(toActorIdentity({ login: 'robot' })?.isBot).toBe(false);
  });

  test('gives id-only actors a handle, leaves email-only ones without one, and a name alone identifies nobody', () => {
    // An email's local part would pass for a GitHub login: the store gives an unlinked handle instead.
    expect(toActorIdentity({ email: 'Jane.Doe@Example.com' })?.handle).toBeNull();
    expect(toActorIdentity({ githubId: 99 })?.handle).toBe('github-id:99');
    expect(toActorIdentity({ name: 'Jane Doe' })).toBeNull();
    expect(toActorIdentity({ login: '  ', email: '' })).toBeNull();
  });

  test('gives equal signatures to equal actors and different ones when any fact differs', () => {
    const signature = (actor: Parameters<typeof toActorIdentity>[0]) => toActorIdentity(actor)?.signature;
    expect(signature({ githubId: 1, login: 'a' })).toBe(signature({ login: 'a', githubId: 1 }));
    expect(signature({ githubId: 1, login: 'a' })).not.toBe(signature({ githubId: 1, login: 'A' }));
    expect(signature({ login: 'a' })).not.toBe(signature({ email: 'a@users.noreply.github.com' }));
  });
});
