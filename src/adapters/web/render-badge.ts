import { formatNumber } from './format-number.ts';
import { html } from './html.ts';

/** What a badge says: a label on the left, a message on the right. */
export interface BadgeText {
  readonly label: string;
  readonly message: string;
  /** The message's background, a hex colour. */
  readonly color?: string;
}

/** Roughly how wide 11px Verdana text is, so the badge fits its words without measuring. */
function textWidth(text: string): number {
  let width = 0;
  for (const character of text)
    width += /[iIl.,:;|!' ]/.test(character) ? 3.6 : /[mwMW@#]/.test(character) ? 9.5 : 6.8;
  return Math.ceil(width);
}

/**
 * A standalone SVG badge in the shields.io look (flat), for a README or a profile: every value
 * is escaped, and it loads nothing, so it passes GitHub's image proxy and a strict policy.
 */
export function renderBadge(badge: BadgeText): string {
  const labelWidth = textWidth(badge.label) + 12;
  const messageWidth = textWidth(badge.message) + 12;
  const width = labelWidth + messageWidth;
  const color = /^#[0-9a-f]{3,6}$/i.test(badge.color ?? '') ? badge.color! : '#2456c9';
  const title = `${badge.label}: ${badge.message}`;
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${title}"><title>${title}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="${labelWidth}" height="20" fill="#555"/><rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${color}"/><rect width="${width}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="${labelWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${badge.label}</text><text x="${labelWidth / 2}" y="14">${badge.label}</text><text x="${labelWidth + messageWidth / 2}" y="15" fill="#010101" fill-opacity=".3">${badge.message}</text><text x="${labelWidth + messageWidth / 2}" y="14">${badge.message}</text></g></svg>`
    .text;
}

/** A person's badge: points this year and rank, or `unknown` for a login nobody has. */
export function renderPersonBadge(
  facts: { readonly points: number; readonly rank: number | null } | null,
): string {
  if (facts === null) return renderBadge({ label: 'rungs', message: 'unknown', color: '#9f9f9f' });
  return renderBadge({
    label: 'rungs',
    message: `${formatNumber(facts.points)} points${facts.rank === null ? '' : ` · #${facts.rank}`}`,
  });
}
