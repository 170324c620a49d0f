/**
 * The handle of a person known only by git emails and names: `person:<id>`. A colon never appears
 * in a GitHub login, so the handle can neither be taken for one nor collide with one; it names the
 * person (`rungs person person:12`, `/people/person:12`) without showing their email.
 */
const UNLINKED_HANDLE = /^person:[1-9]\d*$/;

/** The unlinked handle of the person with this id. */
export function toUnlinkedHandle(personId: number): string {
  return `person:${personId}`;
}

/** True when `login` is an unlinked person's handle rather than a GitHub login. */
export function isUnlinkedHandle(login: string): boolean {
  return UNLINKED_HANDLE.test(login);
}

/** The GitHub login a person's `login` is, or null when it is an unlinked handle. */
export function toGitHubLogin(login: string): string | null {
  return isUnlinkedHandle(login) ? null : login;
}

/**
 * How a person is named in text: their login, or for an unlinked person their name (the handle
 * when git gave none) marked unlinked with the handle that names them, so it never passes for a
 * login: `Jane Doe (unlinked: person:12)`.
 */
export function toDisplayName(person: { readonly login: string; readonly name: string | null }): string {
  if (!isUnlinkedHandle(person.login)) return person.login;
  return person.name === null ? `${person.login} (unlinked)` : `${person.name} (unlinked: ${person.login})`;
}
