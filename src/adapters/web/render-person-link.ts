import { html, type SafeHtml } from './html.ts';
import type { PersonLink, SiteLinks } from './site-links.ts';

/**
 * A person as a link to their page, or as plain text when the site has no page for them. The text
 * is their login unless `label` says otherwise (an unlinked person is shown by name, not handle).
 */
export function renderPersonLink(
  links: SiteLinks,
  person: PersonLink,
  label: string = person.login,
): SafeHtml {
  const href = links.person(person);
  return href === null ? html`${label}` : html`<a href="${href}">${label}</a>`;
}
