import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createServeWorld,
  deliver,
  issueOpenedPayload,
  type ServeWorld,
  storeActivities,
} from './support/serve-world.ts';

const EVIL = '<script>alert(1)</script>';
let world: ServeWorld;

async function getPage(path: string, status = 200): Promise<string> {
  const response = await world.app.request(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.text();
}

/** The markup with the page's own inline script removed, to look for injected ones. */
function withoutOwnScript(page: string): string {
  return page.replace(/<script>[\s\S]*?<\/script>\s*<\/body>/, '</body>');
}

beforeAll(async () => {
  world = await createServeWorld({ now: '2026-03-15T12:00:00Z' });
  await storeActivities(world, [
    { kind: 'talk_given', login: 'ada', date: '2026-03-02', title: 'Rungs at FOSDEM' },
    { kind: 'meeting_attended', login: 'bob', date: '2026-03-09' },
    // Someone known only by an email: the local part looks like a login and must not be shown as one.
    { kind: 'meeting_attended', email: 'quinn-local@example.org', date: '2026-03-11' },
    ...Array.from({ length: 60 }, (_, index) => ({
      kind: 'meeting_attended',
      login: `member-${String(index).padStart(2, '0')}`,
      date: '2025-12-01',
    })),
  ]);
  // An account whose login (as a webhook states it) is markup: it is shown as text everywhere.
  const opened = issueOpenedPayload({ login: EVIL, githubId: 666, number: 1, at: '2026-03-10T09:00:00Z' });
  expect(await deliver(world, 'issues', 'evil-1', opened)).toBe(202);
});
afterAll(async () => {
  await world.close();
});

describe('the leaderboard page', () => {
  test('lists people with rank, points, a sparkline and a link to each profile', async () => {
    const page = await getPage('/');
    expect(page).toContain('<h1>Leaderboard</h1>');
    expect(page).toContain('2026 year to date');
    expect(page).toMatch(/<td class="num rank">1<\/td>\s*<td class="who"><a href="\/people\/ada">ada<\/a>/);
    expect(page).toContain('<svg class="spark"');
    expect(page).toContain('aria-current="page">Year to date</a>');
  });

  test('says which scoring preset ranks the board, as its JSON does', async () => {
    const page = await getPage('/?window=all');
    expect(page).toMatch(/all time: \d+ people ranked by points of the <strong>balanced<\/strong> scoring\./);
    expect(page).toContain('Points follow the balanced scoring: Balanced');
    const json = (await (await world.app.request('/api/leaderboard?window=all')).json()) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({ scoring: { name: 'balanced' }, window: { name: 'all', label: 'all time' } });
  });

  test('offers the four windows as links and marks the chosen one', async () => {
    const page = await getPage('/?window=all');
    for (const [href, title] of [
      ['/', 'Year to date'],
      ['/?window=12w', 'Last 12 weeks'],
      ['/?window=1mo', 'Last month'],
      ['/?window=all', 'All time'],
    ]) {
      expect(page).toContain(`href="${href}"`);
      expect(page).toContain(`>${title}</a>`);
    }
    expect(page).toContain('aria-current="page">All time</a>');
    expect(page).toContain('member-00');
  });

  test('searches by login with a plain form and says how many match', async () => {
    const page = await getPage('/?q=ad');
    expect(page).toContain('<form class="search" role="search" method="get" action="/">');
    expect(page).toContain('value="ad"');
    expect(page).toMatch(/1 of \d+ people match “ad”/);
    expect(page).not.toContain('href="/people/bob"');
  });

  test('pages through a long board', async () => {
    const first = await getPage('/?window=all');
    expect(first).toContain('href="/?window=all&amp;page=2" rel="next"');
    const second = await getPage('/?window=all&page=2');
    expect(second).toContain('rel="prev"');
    expect(second).toMatch(/51–6\d of 6\d/);
  });

  test('sorts by recent activity through a link', async () => {
    const page = await getPage('/?sort=recent');
    expect(page).toContain('aria-current="true">Recent activity</a>');
  });

  test('answers a bad window with an error page carrying the code', async () => {
    const page = await getPage('/?window=someday', 400);
    expect(page).toContain('<code>invalid_parameter</code>');
  });
});

describe('unlinked people', () => {
  test('are shown by their handle, marked unlinked, never by their email or its local part', async () => {
    const response = await world.app.request('/api/leaderboard?window=all&limit=500');
    const board = (await response.json()) as { rows: { handle: string; unlinked: boolean }[] };
    const handle = board.rows.find((row) => row.unlinked)?.handle;
    expect(handle).toMatch(/^person:\d+$/);
    // Found by the whole handle (a search for "person" alone does not list every unlinked person).
    const page = await getPage(`/?window=all&q=${encodeURIComponent(handle!)}`);
    expect(page).toContain(
      `<a href="/people/${encodeURIComponent(handle!)}">${handle}</a><small class="unlinked">unlinked`,
    );
    const profile = await getPage(`/people/${encodeURIComponent(handle!)}`);
    expect(profile).toContain(`<h1>${handle}</h1>`);
    expect(profile).toContain('Unlinked: known by git commits only');
    for (const text of [page, profile]) expect(text).not.toContain('quinn-local');
  });
});

describe('escaping', () => {
  test('a login made of markup is printed as text on the board, the profile and the badge', async () => {
    const board = await getPage('/');
    expect(withoutOwnScript(board)).not.toContain('<script>');
    expect(board).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    const path = `/people/${encodeURIComponent(EVIL)}`;
    expect(board).toContain(`href="${path}"`);
    const profile = await getPage(path);
    expect(withoutOwnScript(profile)).not.toContain('<script>');
    expect(profile).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');

    const badge = await world.app.request(`/badge/${encodeURIComponent(EVIL)}.svg`);
    expect(badge.status).toBe(200);
    expect(await badge.text()).not.toContain('<script>');
  });

  test('a search made of markup is printed as text', async () => {
    const page = await getPage(`/?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  test("an unknown person's login is escaped on the error page", async () => {
    const page = await getPage(`/people/${encodeURIComponent('<b>nobody</b>')}`, 404);
    expect(page).toContain('&lt;b&gt;nobody&lt;/b&gt;');
    expect(page).toContain('<code>person_not_found</code>');
  });
});

describe('the profile page', () => {
  test('names the scoring preset and the window of its points, as its JSON does', async () => {
    const page = await getPage('/people/ada?window=all');
    expect(page).toContain('<p class="muted" id="scoring">Points of the balanced scoring: Balanced');
    expect(page).toContain('<h2>Points by kind: all time</h2>');
    const json = (await (await world.app.request('/api/people/ada?window=all')).json()) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({ scoring: { name: 'balanced' }, window: { name: 'all', label: 'all time' } });
  });

  test('shows standings, a weekly activity chart, points by kind and the evidence', async () => {
    const page = await getPage('/people/ADA');
    expect(page).toContain('<h1>ada</h1>');
    expect(page).toContain('rank 1 of');
    expect(page).toContain('<svg class="chart"');
    expect(page).toContain('Talks given');
    expect(page).toContain('gave a talk');
    expect(page).toContain('<img src="/badge/ada.svg"');
    expect(page).toContain('[![rungs](http://localhost/badge/ada.svg)](http://localhost/people/ada)');
  });

  test('switches the breakdown window through links', async () => {
    const page = await getPage('/people/ada?window=all');
    expect(page).toContain('Points by kind: all time');
    expect(page).toContain('href="/people/ada?window=12w"');
  });
});

test('the community page draws four monthly charts and the top repositories', async () => {
  const page = await getPage('/community');
  expect(page.match(/<svg class="chart"/g)).toHaveLength(4);
  for (const title of [
    'Contributors per month',
    'Contributions per month',
    'Reviewers per month',
    'New contributors per month',
  ]) {
    expect(page).toContain(title);
  }
  expect(page).toContain('Top repositories since 2025-04');
});

describe('the badge', () => {
  test('is a cacheable SVG with points and rank', async () => {
    const response = await world.app.request('/badge/ada.svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const svg = await response.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('100 points · #1');

    const etag = response.headers.get('etag')!;
    const again = await world.app.request('/badge/ada.svg', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  test('of an unknown login says unknown with 404', async () => {
    const response = await world.app.request('/badge/nobody.svg');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('unknown');
  });
});

test('an unknown page answers an HTML 404 with the not_found code', async () => {
  const page = await getPage('/nowhere', 404);
  expect(page).toContain('<code>not_found</code>');
});
