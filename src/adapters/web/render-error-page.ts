import { html } from './html.ts';
import { type PageContext, renderPage } from './render-page.ts';

/** The page for an error: what went wrong, its stable code, and the way back. */
export function renderErrorPage(
  context: PageContext,
  error: { readonly status: number; readonly code: string; readonly message: string },
): string {
  const title =
    error.status === 404 ? 'Not found' : error.status < 500 ? 'Bad request' : 'Something went wrong';
  const body = html`<h1>${title}</h1>
<p class="lead">${error.message}</p>
<p class="muted">Error code <code>${error.code}</code> (HTTP ${error.status}).</p>
<p><a href="${context.links.leaderboard({ window: 'ytd' })}">Back to the leaderboard</a></p>`;
  return renderPage(context, { title, section: 'error', body });
}
