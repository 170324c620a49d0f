import { html, type SafeHtml } from './html.ts';
import type { PersonLink, SiteLinks } from './site-links.ts';

/** A person's login as a link to their page, or as plain text when the site has no page for them. */
export function renderPersonLink(links: SiteLinks, person: PersonLink): SafeHtml {
  const href = links.person(person);
  return href === null ? html`${person.login}` : html`<a href="${href}">${person.login}</a>`;
}
