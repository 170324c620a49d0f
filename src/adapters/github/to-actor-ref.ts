import type { ActorRef } from '../../core/activity.ts';

/**
 * The person a GitHub account object names (`sender`, `user`, `merged_by`, a GH Archive `actor`):
 * numeric id and login, flagged as a bot when GitHub's type says `Bot` or the login ends in
 * `[bot]`. Undefined when the value names nobody (not an object, or neither id nor login).
 */
export function toActorRef(account: unknown): ActorRef | undefined {
  if (typeof account !== 'object' || account === null) return undefined;
  const fields = account as Record<string, unknown>;
  const id = fields.id;
  const login = fields.login;
  const hasId = typeof id === 'number' && Number.isSafeInteger(id);
  const hasLogin = typeof login === 'string' && login !== '';
  if (!hasId && !hasLogin) return undefined;
  const ref: { githubId?: number; login?: string; isBot?: boolean } = {};
  if (hasId) ref.githubId = id;
  if (hasLogin) ref.login = login;
  if (fields.type === 'Bot' || (hasLogin && login.endsWith('[bot]'))) ref.isBot = true;
  return ref;
}

const NOREPLY_DOMAIN = '@users.noreply.github.com';

/**
 * The author of a git commit as a push lists it (`{name, email, username?}`). GitHub's noreply
 * addresses (`21031067+Codertocat@users.noreply.github.com`, or the older `login@...`) name the
 * account exactly, so they also give the numeric id and login. A name or login ending in `[bot]`
 * marks a bot. Undefined when nothing identifies the author.
 */
export function toGitAuthorRef(author: unknown): ActorRef | undefined {
  if (typeof author !== 'object' || author === null) return undefined;
  const fields = author as Record<string, unknown>;
  const ref: { githubId?: number; login?: string; email?: string; name?: string; isBot?: boolean } = {};
  if (typeof fields.username === 'string' && fields.username !== '') ref.login = fields.username;
  if (typeof fields.name === 'string' && fields.name !== '') ref.name = fields.name;
  const email = fields.email;
  if (typeof email === 'string' && email !== '') {
    ref.email = email;
    if (email.endsWith(NOREPLY_DOMAIN)) {
      const local = email.slice(0, email.length - NOREPLY_DOMAIN.length);
      const plus = local.indexOf('+');
      const id = plus > 0 ? Number(local.slice(0, plus)) : Number.NaN;
      if (Number.isSafeInteger(id) && id > 0) ref.githubId = id;
      const login = plus > 0 ? local.slice(plus + 1) : local;
      if (ref.login === undefined && login !== '') ref.login = login;
    }
  }
  if (ref.login === undefined && ref.email === undefined && ref.name === undefined) return undefined;
  if (ref.login?.endsWith('[bot]') || ref.name?.endsWith('[bot]')) ref.isBot = true;
  return ref;
}
