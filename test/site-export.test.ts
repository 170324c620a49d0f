import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// `rungs export site` over people whose handles collide or cannot be file names, end to end in
// process: a real activities file, a real SQLite database, the real composition, files on disk.

const NOW = '2026-06-30T12:00:00Z';
let dir: string;
let db: string;
let site: string;

function rungs(...args: string[]): Promise<RungsRun> {
  return runRungs(db, NOW, args);
}

const LONG_LOCAL_PART = 'x'.repeat(141);
/** Git authors whose email local parts collide (all `dev`), one whose local part is 141 characters. */
const EMAILS = [
  ...Array.from({ length: 50 }, (_, index) => `dev@company${index}.example`),
  `${LONG_LOCAL_PART}@example.org`,
];

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-site-export-'));
  db = join(dir, 'rungs.db');
  site = join(dir, 'site');
  const rows = [
    'id,kind,login,email,date,series',
    'm-alice,meeting_attended,alice,,2026-03-04,community-call',
    ...EMAILS.map(
      (email, index) =>
        `m-${index},meeting_attended,,${email},2026-03-${String(5 + (index % 20)).padStart(2, '0')},community-call`,
    ),
  ];
  const file = join(dir, 'meetings.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  expect((await rungs('import', 'activities', file)).failed).toBeNull();
  // A ladder role for someone with no acts: listed on the ladder page, with no page of their own.
  expect((await rungs('roles', 'grant', 'ghost', 'maintainer', '--since', '2025-01-01')).failed).toBeNull();
  const run = await rungs('export', 'site', site);
  expect(run.failed).toBeNull();
  expect(run.out).toContain('(52 people)');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every person gets exactly one page, named by id, even when handles collide or are long', async () => {
  const board = JSON.parse(await readFile(join(site, 'leaderboard', 'all.json'), 'utf8')) as {
    rows: { login: string; profile: string }[];
  };
  expect(board.rows).toHaveLength(52);
  // Git authors' email local parts (all `dev`) are never shown as logins: each has a handle of its own.
  expect(board.rows.filter((row) => row.login === 'dev')).toHaveLength(0);
  expect(board.rows.filter((row) => row.login.startsWith('person:'))).toHaveLength(51);
  const profiles = board.rows.map((row) => row.profile);
  expect(new Set(profiles).size).toBe(52);
  const pages = (await filesUnder(join(site, 'people'))).filter((path) => path.endsWith('.html'));
  expect(pages.map((path) => relative(site, path).split('\\').join('/')).sort()).toEqual(
    [...profiles].sort(),
  );
  for (const path of pages) expect(relative(join(site, 'people'), path)).toMatch(/^\d+\.html$/);
  const headings = await Promise.all(
    pages.map(async (path) => /<h1>([^<]*)<\/h1>/.exec(await readFile(path, 'utf8'))?.[1]),
  );
  // Unlinked git authors are headed by their handle, never by their email's local part.
  expect(headings.filter((heading) => heading?.startsWith('person:'))).toHaveLength(51);
  expect(headings).not.toContain('dev');
  expect(headings).not.toContain(LONG_LOCAL_PART);
  expect(headings).toContain('alice');
});

test('every link and image of every page resolves to a written file', async () => {
  const pages = (await filesUnder(site)).filter((path) => path.endsWith('.html'));
  expect(pages.length).toBeGreaterThan(52);
  const missing: string[] = [];
  let checked = 0;
  for (const page of pages) {
    const text = await readFile(page, 'utf8');
    for (const [, target] of text.matchAll(/(?:href|src)="([^"]*)"/g)) {
      if (target === undefined || /^(?:[a-z]+:|#|\/\/)/i.test(target)) continue;
      const path = decodeURIComponent(target.replace(/[?#].*$/, '').replaceAll('&amp;', '&'));
      checked += 1;
      if (!(await exists(join(dirname(page), path)))) missing.push(`${relative(site, page)} -> ${target}`);
    }
  }
  expect(missing).toEqual([]);
  expect(checked).toBeGreaterThan(52 * 3);
  const ladder = await readFile(join(site, 'ladder.html'), 'utf8');
  expect(ladder).toContain('ghost');
  expect(ladder).not.toMatch(/<a href="[^"]*">ghost<\/a>/);
});
