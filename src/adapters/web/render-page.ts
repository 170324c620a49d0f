import { html, type SafeHtml, trustedHtml } from './html.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { PAGE_STYLE } from './page-style.ts';
import type { SiteLinks } from './site-links.ts';

/** What every page shares: where things are, what the site is called, and a notice to show. */
export interface PageContext {
  readonly links: SiteLinks;
  /** The community's name, shown beside the brand (`demo-rungs`, `KubeStellar`). */
  readonly siteName: string | null;
  /** A line shown on every page (the demo says its data is generated), or null. */
  readonly notice: string | null;
  /** The current time, ISO UTC: ages ("3 days ago") are measured from it. */
  readonly now: string;
  /** Whether the ladder pages exist (the ladder engine is wired in). */
  readonly hasLadder: boolean;
}

/** Which part of the site a page belongs to, for the navigation. */
export type PageSection = 'leaderboard' | 'ladder' | 'community' | 'person' | 'error';

/** A whole HTML document: the navigation, the notice, the page's body and the inline style and script. */
export function renderPage(
  context: PageContext,
  page: { readonly title: string; readonly section: PageSection; readonly body: SafeHtml },
): string {
  const { links } = context;
  const current = (section: PageSection): SafeHtml | '' =>
    page.section === section ? trustedHtml(' aria-current="page"') : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title} · rungs${context.siteName === null ? '' : ` · ${context.siteName}`}</title>
<style>${trustedHtml(PAGE_STYLE)}</style>
</head>
<body>
<a class="skip" href="#content">Skip to content</a>
<header class="site"><div class="bar">
<a class="brand" href="${links.leaderboard({ window: 'ytd' })}">rungs${context.siteName === null ? '' : html`<span>${context.siteName}</span>`}</a>
<nav class="main" aria-label="Main">
<a href="${links.leaderboard({ window: 'ytd' })}"${current('leaderboard')}>Leaderboard</a>
${context.hasLadder ? html`<a href="${links.ladder()}"${current('ladder')}>Ladder</a>` : ''}
<a href="${links.community()}"${current('community')}>Community</a>
</nav>
</div></header>
${context.notice === null ? '' : html`<div class="notice" role="note"><p>${context.notice}</p></div>`}
<main id="content">
${page.body}
</main>
<footer class="site">Every number here is recomputed from recorded activity and explained on each person's page.${links.isStatic ? ` Generated ${context.now.slice(0, 10)}.` : ''}</footer>
<script>${trustedHtml(PAGE_SCRIPT)}</script>
</body>
</html>
`.text;
}
