import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { serve } from '@hono/node-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { KyselyRoleStore } from '../../src/adapters/storage/kysely-role-store.ts';
import {
  createServeWorld,
  deliver,
  issueCommentPayload,
  issuePayload,
  type ServeWorld,
  storeActivities,
} from '../http/support/serve-world.ts';
import { chromiumProblem, launchBrowser, type TestBrowser } from './support/browser.ts';

// A person's path through the dashboard in a real browser: Debian's Chromium, headless.

const EVIL = '<script>alert(1)</script>';
const problem = chromiumProblem();
const required = process.env.RUNGS_E2E_REQUIRED === '1';
/** Set to a folder to keep a screenshot of each page at desktop and phone widths. */
const screenshots = process.env.RUNGS_E2E_SCREENSHOTS ?? null;

type Server = ReturnType<typeof serve>;

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ server, url: `http://127.0.0.1:${info.port}` });
    });
  });
}

/** Stops a server, dropping the browser's idle keep-alive connections (which `close` would wait for). */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    (server as Server & { closeAllConnections(): void }).closeAllConnections();
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A plain file server, as GitHub Pages is: the path names a file under `root`, nothing more. */
async function serveFile(root: string, request: Request): Promise<Response> {
  const path = normalize(decodeURIComponent(new URL(request.url).pathname));
  if (path.includes('..')) return new Response('no', { status: 400 });
  try {
    const body = await readFile(join(root, path));
    return new Response(body, {
      headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

async function seed(world: ServeWorld): Promise<void> {
  // ada holds a level, so the board and her profile show a level pill.
  await new KyselyRoleStore(world.database).addRoleAssignment(
    {
      login: 'ada',
      level: 'maintainer',
      scope: null,
      since: '2025-01-01T00:00:00Z',
      decision: 'e2e roster',
      previousLevel: null,
    },
    'refuse',
  );
  const alice = { login: 'alice', githubId: 21 };
  const bob = { login: 'bob', githubId: 22 };
  await storeActivities(world, [
    { kind: 'talk_given', login: 'ada', date: '2026-03-02', title: 'Rungs at FOSDEM' },
    { kind: 'talk_given', login: 'ada', date: '2026-02-10', title: 'Ladders' },
    { kind: 'meeting_attended', login: 'bob', date: '2026-03-09' },
    { kind: 'talk_given', login: 'dave', date: '2024-05-10', title: 'Long ago' },
  ]);
  await deliver(
    world,
    'issues',
    'e2e-1',
    issuePayload('opened', { ...alice, number: 1, at: '2026-03-04T10:00:00Z', labels: ['bug'] }),
  );
  await deliver(
    world,
    'issue_comment',
    'e2e-2',
    issueCommentPayload({
      commenter: bob,
      author: alice,
      number: 1,
      commentId: 901,
      at: '2026-03-05T10:00:00Z',
      issueCreatedAt: '2026-03-04T10:00:00Z',
      labels: ['bug'],
    }),
  );
  // An account whose login, as a webhook states it, is markup.
  await deliver(
    world,
    'issue_comment',
    'e2e-3',
    issueCommentPayload({
      commenter: { login: EVIL, githubId: 666 },
      author: alice,
      number: 1,
      commentId: 902,
      at: '2026-03-10T10:00:00Z',
      issueCreatedAt: '2026-03-04T10:00:00Z',
      labels: ['bug'],
    }),
  );
}

if (problem !== null && !required) {
  console.warn(`End-to-end browser tests skipped: ${problem}. Set RUNGS_E2E_REQUIRED=1 to fail instead.`);
}

describe.skipIf(problem !== null && !required)('the dashboard in Chromium', () => {
  let world: ServeWorld;
  let browser: TestBrowser;
  let server: Server;
  let base: string;
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    if (problem !== null) throw new Error(`cannot run the browser tests: ${problem}`);
    // Boards scored with the balanced preset; the KubeStellar ladder judges its own points.
    world = await createServeWorld({ now: '2026-03-15T12:00:00Z', ladder: 'kubestellar' });
    await seed(world);
    ({ server, url: base } = await listen(world.app.fetch));
    browser = await launchBrowser();
    if (screenshots !== null) await mkdir(screenshots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await close(server);
    await world?.close();
  });

  beforeEach(async () => {
    await page?.close();
    page = await browser.context.newPage();
    // A step that cannot happen fails in seconds, naming the step, instead of timing out the test.
    page.setDefaultTimeout(5000);
    dialogs = [];
    // A script that runs from data would open a dialog: none may.
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  async function shoot(name: string): Promise<void> {
    if (screenshots === null) return;
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }

  async function boardLogins(): Promise<string[]> {
    return page.locator('#board-rows td.who a').allTextContents();
  }

  test('opens the leaderboard, changes the window, searches and opens a profile', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Leaderboard');
    expect(await boardLogins()).toEqual(['ada', 'alice', 'bob', EVIL]);
    expect(await page.locator('#board-rows tr').first().locator('svg.spark').count()).toBe(1);
    await shoot('leaderboard');

    await page.getByRole('link', { name: 'All time' }).click();
    await page.waitForURL(/window=all/);
    expect(await boardLogins()).toContain('dave');
    expect(await page.getByRole('link', { name: 'All time' }).getAttribute('aria-current')).toBe('page');

    await page.getByRole('searchbox', { name: 'Search by login' }).fill('bo');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=bo/);
    expect(await boardLogins()).toEqual(['bob']);
    expect(await page.locator('#board-status').textContent()).toMatch(/1 of 5 people match/);

    await page.getByRole('link', { name: 'bob', exact: true }).click();
    await page.waitForURL(/\/people\/bob/);
    expect(await page.locator('h1').textContent()).toBe('bob');
    expect(await page.getByText('Meetings attended').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.chart').count()).toBe(1);
    expect(dialogs).toEqual([]);
  });

  test('sorts by recent activity', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Recent activity' }).click();
    await page.waitForURL(/sort=recent/);
    expect((await boardLogins())[0]).toBe('ada');
    expect(await page.getByRole('link', { name: 'Recent activity' }).getAttribute('aria-current')).toBe(
      'true',
    );
  });

  test('a profile explains the points act by act and shows the badge', async () => {
    await page.goto(`${base}/people/alice`);
    expect(await page.locator('h1').textContent()).toBe('alice');
    expect(await page.locator('td', { hasText: 'opened an issue' }).allTextContents()).toEqual([
      'opened an issue (bug)',
    ]);
    const link = page.getByRole('link', { name: 'octo-org/hello-world#1' });
    expect(await link.getAttribute('href')).toBe('https://github.com/octo-org/hello-world/issues/1');
    const badge = page.locator('img[alt^="rungs badge"]');
    await expect
      .poll(() =>
        badge.evaluate(
          (image) => (image as unknown as { complete: boolean; naturalWidth: number }).naturalWidth,
        ),
      )
      .toBeGreaterThan(50);
    await shoot('profile');
  });

  test('reads the requirement trace of the next rung on a profile', async () => {
    await page.goto(`${base}/people/alice`);
    const ladder = page.locator('section[aria-labelledby="ladder-heading"]');
    expect(await ladder.locator('h2').textContent()).toBe('On the ladder');
    expect(await ladder.getByText('No level held yet.').count()).toBe(1);
    const next = ladder.locator('h3', { hasText: 'Next: Contributor' });
    expect(await next.textContent()).toBe('Next: Contributor — not yet');
    const requirement = ladder.locator('li.requirement').first();
    expect(await requirement.locator('.requirement-head strong').textContent()).toBe(
      'at least 500 leaderboard points in the last year',
    );
    expect(await requirement.locator('.requirement-head [role="img"]').getAttribute('aria-label')).toBe(
      'not met',
    );
    const bar = requirement.locator('progress');
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['300', '500']);
    expect(await requirement.locator('p.left').textContent()).toBe('200 more points in the last 1 year');
    expect(await requirement.locator('ul.evidence a').first().getAttribute('href')).toBe(
      'https://github.com/octo-org/hello-world/issues/1',
    );
    await shoot('profile-ladder');
  });

  test('opens the ladder from the navigation and shows every level in order', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ladder' }).click();
    await page.waitForURL(/\/ladder$/);
    expect(await page.locator('h1').textContent()).toBe('KubeStellar contributor ladder');
    const titles = await page.locator('.levels h2').allTextContents();
    expect(titles.map((title) => title.split(' ·')[0])).toEqual([
      'Contributor',
      'Unpaid Mentee',
      'Paid Mentee',
      'Mentor',
      'Maintainer',
      'Ambassador',
    ]);
    await shoot('ladder');
  });

  test('loads a badge as an image', async () => {
    const response = await page.goto(`${base}/badge/ada.svg`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(await page.locator('svg text').first().textContent()).toBe('rungs');
    expect(await page.content()).toContain('200 points · #1');
  });

  test('shows the community charts', async () => {
    await page.goto(`${base}/community`);
    expect(await page.locator('svg.chart').count()).toBe(4);
    expect(await page.locator('figcaption').allTextContents()).toEqual([
      'Contributors per month',
      'Contributions per month',
      'Reviewers per month',
      'New contributors per month',
    ]);
    await shoot('community');
  });

  test('prints a login made of markup as text and never runs it', async () => {
    await page.goto(`${base}/`);
    expect(await boardLogins()).toContain(EVIL);
    await page.getByRole('link', { name: EVIL }).click();
    expect(await page.locator('h1').textContent()).toBe(EVIL);
    expect(dialogs).toEqual([]);
  });

  test('shows a level pill once per person, on a phone and on a desktop', async () => {
    /** The level pills a person's row (or the profile) shows, as the screen lays them out. */
    const visiblePills = (selector: string): Promise<string[]> =>
      page
        .locator(selector)
        .locator('.level')
        .evaluateAll((pills) =>
          pills
            .filter(
              (pill) =>
                (pill as unknown as { getClientRects(): { length: number } }).getClientRects().length > 0,
            )
            .map((pill) => pill.textContent ?? ''),
        );
    for (const width of [375, 1100]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${base}/`);
      const ada = page.locator('#board-rows tr', {
        has: page.getByRole('link', { name: 'ada', exact: true }),
      });
      expect(await ada.count(), `${width}px`).toBe(1);
      expect(await visiblePills('#board-rows tr:has(a[href="/people/ada"])'), `board at ${width}px`).toEqual([
        'Maintainer',
      ]);
      await page.goto(`${base}/people/ada`);
      expect(await visiblePills('main'), `profile at ${width}px`).toEqual(['Maintainer']);
      await shoot(`pill-${width}`);
    }
  });

  test('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['/', 'leaderboard-phone'],
      ['/people/alice', 'profile-phone'],
      ['/community', 'community-phone'],
      ['/ladder', 'ladder-phone'],
    ] as const) {
      await page.goto(`${base}${path}`);
      const overflow = await page.evaluate<number>(
        'document.documentElement.scrollWidth - window.innerWidth',
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shoot(name);
    }
  });

  test('the exported static site works from files, search included', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'rungs-site-'));
    try {
      const summary = await world.wiring.exportSite(directory);
      expect(summary.people).toBe(5);
      const { server: staticServer, url } = await listen((request) => serveFile(directory, request));
      try {
        await page.goto(`${url}/index.html`);
        expect(await boardLogins()).toEqual(['ada', 'alice', 'bob', EVIL]);
        await page.getByRole('link', { name: 'All time' }).click();
        await page.waitForURL(/leaderboard\/all\/points\/1\.html$/);
        expect(await boardLogins()).toContain('dave');
        await page.getByRole('searchbox', { name: 'Search by login' }).fill('ALI');
        await page.getByRole('button', { name: 'Search' }).click();
        await expect.poll(boardLogins).toEqual(['alice']);
        await page.getByRole('link', { name: 'alice', exact: true }).click();
        await page.waitForURL(/people\/\d+\.html$/);
        expect(await page.locator('h1').textContent()).toBe('alice');
        const badge = page.locator('img[alt^="rungs badge"]');
        await expect
          .poll(() => badge.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth))
          .toBeGreaterThan(50);
        await page.getByRole('link', { name: 'Community' }).click();
        expect(await page.locator('svg.chart').count()).toBe(4);
        expect(dialogs).toEqual([]);
      } finally {
        await close(staticServer);
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
