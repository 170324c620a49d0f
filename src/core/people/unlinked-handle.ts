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
