import type { ActorRef } from '../../core/activity.ts';
import type { IdentityKind } from './schema.ts';

/** One identity an actor carries, lower-cased as stored. */
export interface IdentityKey {
  readonly kind: IdentityKind;
  readonly value: string;
  /** `kind:value`, the identity's key in caches. */
  readonly key: string;
}

/** An actor as the store resolves it: what identifies them, in resolution order. */
export interface ActorIdentity {
  /** Equal for actors that carry the same facts, so a batch resolves each distinct actor once. */
  readonly signature: string;
  readonly githubId: number | null;
  /** The login as written (GitHub keeps case), from the actor or from a noreply email. */
  readonly login: string | null;
  /**
   * True when the actor stated the login; false when it was read from a noreply email, which may
   * name a former login and so never makes a login current.
   */
  readonly loginIsCurrent: boolean;
  /** Lower-cased. */
  readonly email: string | null;
  readonly name: string | null;
  readonly isBot: boolean;
  /** Github id first, then login, then email: the order identities resolve a person in. */
  readonly identities: readonly IdentityKey[];
  /**
   * `people.login` for a new person: the login, else `github-id:N`; null for an actor known only by
   * an email, who gets an unlinked handle (`person:<id>`, see `toUnlinkedHandle`) once stored. An
   * email's local part is never used: it would pass for a GitHub login and could take a real one's
   * name.
   */
  readonly handle: string | null;
}

// `12345+login@users.noreply.github.com` (accounts since 2017) or `login@users.noreply.github.com`.
const NOREPLY_EMAIL = /^(?:(\d+)\+)?([a-z\d](?:[a-z\d-]*[a-z\d])?(?:\[bot\])?)@users\.noreply\.github\.com$/i;

/**
 * Normalizes an actor for identity resolution; null when it carries no GitHub id, login or email
 * (a name alone identifies nobody). A GitHub noreply email stands for the login it contains and,
 * in its `id+login` form, for that GitHub id, when the actor does not state them itself.
 */
export function toActorIdentity(actor: ActorRef): ActorIdentity | null {
  let githubId = actor.githubId ?? null;
  let login = nonEmpty(actor.login);
  const loginIsCurrent = login !== null;
  const email = nonEmpty(actor.email)?.toLowerCase() ?? null;
  const name = nonEmpty(actor.name);
  if (email !== null && (githubId === null || login === null)) {
    const noreply = NOREPLY_EMAIL.exec(actor.email!.trim());
    if (noreply !== null) {
      if (login === null) login = noreply[2]!;
      if (githubId === null && noreply[1] !== undefined) githubId = Number(noreply[1]);
    }
  }
  const identities: IdentityKey[] = [];
  if (githubId !== null) identities.push(identityKey('github_id', String(githubId)));
  if (login !== null) identities.push(identityKey('login', login.toLowerCase()));
  if (email !== null) identities.push(identityKey('email', email));
  if (identities.length === 0) return null;
  const isBot = actor.isBot === true || login?.toLowerCase().endsWith('[bot]') === true;
  const handle = login ?? (githubId !== null ? `github-id:${githubId}` : null);
  return {
    signature: `${githubId ?? ''}\u0001${login ?? ''}\u0001${loginIsCurrent ? 1 : 0}\u0001${email ?? ''}\u0001${name ?? ''}\u0001${isBot ? 1 : 0}`,
    githubId,
    login,
    loginIsCurrent,
    email,
    name,
    isBot,
    identities,
    handle,
  };
}

/** The identity key of a kind and an already lower-cased value. */
export function identityKey(kind: IdentityKind, value: string): IdentityKey {
  return { kind, value, key: `${kind}:${value}` };
}

function nonEmpty(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
