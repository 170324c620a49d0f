import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { UsageError } from '../../src/adapters/cli/usage-error.ts';
import { openDatabase } from '../../src/adapters/storage/create-database.ts';
import { runRungs } from '../support/run-rungs.ts';

const NOW = '2025-02-01T00:00:00Z';

// Five real events of 2015-02-01 hour 0 (see the fixture's neighbours); each hour file below holds
// copies with ids of its own, three of them moved into the org `acme`.
const fixtureEvents = readFileSync(
  new URL('../../src/adapters/gharchive/fixtures/gharchive-2015-02-01-00-five-events.jsonl', import.meta.url),
  'utf8',
)
  .trimEnd()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

function hourFile(hourIndex: number): Buffer {
  const lines = fixtureEvents.map((event, index) => {
    const repo = event.repo as Record<string, unknown>;
    const name = index >= 2 ? `acme/repo-${index}` : String(repo.name);
    // Each hour's pushes carry commits of their own: a commit seen in two pushes keeps the time of
    // whichever file is stored first, which --jobs 2 does not fix (see the closing note of session 5).
    const payload = event.payload as { commits?: { sha: string }[]; head?: string };
    const ofHour = (sha: string) => `${sha.slice(0, -1)}${hourIndex}`;
    const commits = payload.commits?.map((commit) => ({
      ...commit,
      sha: ofHour(commit.sha),
    }));
    return JSON.stringify({
      ...event,
      ...(commits === undefined
        ? {}
        : {
            payload: {
              ...payload,
              commits,
              ...(payload.head === undefined ? {} : { head: ofHour(payload.head) }),
            },
          }),
      id: `${9000 + hourIndex * 10 + index}`,
      repo: { ...repo, name },
      created_at: `2025-01-01T0${hourIndex}:0${index}:00Z`,
    });
  });
  return gzipSync(`${lines.join('\n')}\n`);
}

/** A local GH Archive: serves the hours it holds, 404 for others, 500 for a flaky hour's first tries. */
class LocalGhArchive {
  readonly requests = new Map<string, number>();
  readonly files = new Map<string, Buffer>();
  /** Hour file name -> how many requests answer 500 before it is served. */
  readonly failFirst = new Map<string, number>();
  #server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((request, response) => {
      const name = (request.url ?? '/').slice(1);
      const count = (this.requests.get(name) ?? 0) + 1;
      this.requests.set(name, count);
      if (count <= (this.failFirst.get(name) ?? 0)) {
        response.writeHead(500).end('upstream trouble');
        return;
      }
      const file = this.files.get(name);
      if (file === undefined) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/gzip' }).end(file);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  totalRequests(): number {
    return [...this.requests.values()].reduce((sum, count) => sum + count, 0);
  }
}

let archive: LocalGhArchive;
let folder: string;

beforeEach(async () => {
  archive = new LocalGhArchive();
  // 2025-01-01 hours 0 to 3: hour 1 answers 500 once, hour 2 is a gap in GH Archive.
  for (const hour of [0, 1, 3]) archive.files.set(`2025-01-01-${hour}.json.gz`, hourFile(hour));
  archive.failFirst.set('2025-01-01-1.json.gz', 1);
  await archive.start();
  folder = mkdtempSync(join(tmpdir(), 'rungs-gharchive-range-'));
});

afterEach(async () => {
  await archive.stop();
  rmSync(folder, { recursive: true, force: true });
});

const rangeArgs = (cache: string, extra: readonly string[] = []) => [
  'import',
  'gharchive',
  '--from',
  '2025-01-01T00',
  '--to',
  '2025-01-01T03',
  '--cache',
  cache,
  '--base-url',
  archive.url,
  ...extra,
];

/** What a database holds, by natural keys and logins (never by row ids, which depend on order). */
async function readStored(path: string) {
  const database = await openDatabase({ kind: 'sqlite', path });
  try {
    const db = database.db;
    const records = await db.selectFrom('source_records').select(['source', 'key']).orderBy('key').execute();
    const activities = await db
      .selectFrom('activities')
      .innerJoin('people', 'people.id', 'activities.person_id')
      .select(['activities.key', 'activities.kind', 'activities.occurred_at', 'people.login'])
      .orderBy('activities.key')
      .execute();
    const items = await db
      .selectFrom('items')
      .leftJoin('people', 'people.id', 'items.author_id')
      .select(['items.repo', 'items.number', 'items.type', 'items.state', 'items.labels', 'people.login'])
      .orderBy('items.repo')
      .orderBy('items.number')
      .execute();
    const people = await db.selectFrom('people').select(['login', 'github_id']).orderBy('login').execute();
    const marks = await db
      .selectFrom('cursors')
      .select('name')
      .where('name', 'like', 'gharchive:%')
      .orderBy('name')
      .execute();
    return { records, activities, items, people, marks: marks.map((row) => row.name) };
  } finally {
    await database.close();
  }
}

describe('rungs import gharchive --from/--to', () => {
  test('downloads the hours it lacks into the cache, retries a 500, reports a 404 as a gap and exits 3', async () => {
    const db = join(folder, 'rungs.db');
    const cache = join(folder, 'cache');
    const run = await runRungs(db, NOW, rangeArgs(cache, ['--org', 'acme']));

    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(3);
    expect(run.err).toContain(
      `gap: 2025-01-01-2: ${archive.url}/2025-01-01-2.json.gz answered 404 (not in GH Archive)`,
    );
    expect(run.out).toContain(
      '4 hours: 3 imported (3 downloaded), 0 already imported, 1 missing from GH Archive, 0 failed to download',
    );
    expect(run.out).toContain('15 lines, 6 outside the filter');
    // Plain progress lines, one per file, since stderr is not a terminal here.
    expect(run.err).toMatch(/^gharchive 4\/4 files, \d+ events, .*; 2025-01-01-\d+ /m);
    expect(archive.requests.get('2025-01-01-1.json.gz')).toBe(2);
    expect(readdirSync(cache).sort()).toEqual([
      '2025-01-01-0.json.gz',
      '2025-01-01-1.json.gz',
      '2025-01-01-3.json.gz',
    ]);
    const stored = await readStored(db);
    expect(stored.records.map((record) => record.key)).toEqual([
      '9002',
      '9004',
      '9012',
      '9014',
      '9032',
      '9034',
    ]);
    expect(stored.marks).toEqual([
      'gharchive:2025-01-01-0:org=acme',
      'gharchive:2025-01-01-1:org=acme',
      'gharchive:2025-01-01-3:org=acme',
    ]);
  });

  test('a second run downloads and reads nothing it already imported', async () => {
    const db = join(folder, 'rungs.db');
    const cache = join(folder, 'cache');
    await runRungs(db, NOW, rangeArgs(cache, ['--org', 'acme']));
    const before = await readStored(db);
    const requestsBefore = new Map(archive.requests);

    const again = await runRungs(db, NOW, rangeArgs(cache, ['--org', 'acme']));

    expect(again.out).toContain('4 hours: 0 imported (0 downloaded), 3 already imported, 1 missing');
    expect(again.out).toContain('0 records read, 0 new');
    // Only the gap is asked for again: GH Archive may fill it later.
    for (const hour of [0, 1, 3]) {
      const name = `2025-01-01-${hour}.json.gz`;
      expect(archive.requests.get(name)).toBe(requestsBefore.get(name));
    }
    expect(archive.requests.get('2025-01-01-2.json.gz')).toBe(2);
    expect(await readStored(db)).toEqual(before);
  });

  test('reads a cached hour without downloading it, and re-reads a file that was never marked imported', async () => {
    const db = join(folder, 'rungs.db');
    const cache = join(folder, 'cache');
    await runRungs(db, NOW, rangeArgs(cache, ['--org', 'acme']));
    // As if the run had been killed while reading hour 3: its mark is gone, its records stay.
    const database = await openDatabase({ kind: 'sqlite', path: db });
    await database.db.deleteFrom('cursors').where('name', '=', 'gharchive:2025-01-01-3:org=acme').execute();
    await database.close();
    const before = await readStored(db);
    const requests = archive.totalRequests();

    const again = await runRungs(db, NOW, rangeArgs(cache, ['--org', 'acme']));

    expect(again.out).toContain('4 hours: 1 imported (0 downloaded), 2 already imported, 1 missing');
    expect(again.out).toContain('2 records read, 0 new');
    expect(archive.totalRequests()).toBe(requests + 1); // the gap only
    const after = await readStored(db);
    expect({ ...after, marks: [] }).toEqual({ ...before, marks: [] });
    expect(after.marks).toContain('gharchive:2025-01-01-3:org=acme');
  });

  test('--jobs 2 stores exactly what --jobs 1 stores', async () => {
    const cache = join(folder, 'cache');
    const one = await runRungs(join(folder, 'one.db'), NOW, rangeArgs(cache, ['--jobs', '1', '--all']));
    const two = await runRungs(join(folder, 'two.db'), NOW, rangeArgs(cache, ['--jobs', '2', '--all']));

    expect(one.failed).toBeNull();
    expect(two.failed).toBeNull();
    expect(two.out).toContain('4 hours: 3 imported (0 downloaded)');
    const stored = await readStored(join(folder, 'one.db'));
    expect(stored.records.length).toBe(9);
    expect(stored.activities.length).toBeGreaterThan(0);
    expect(await readStored(join(folder, 'two.db'))).toEqual(stored);
  });

  test('a download that keeps failing is reported after its retries, and the rest is imported', async () => {
    archive.failFirst.set('2025-01-01-3.json.gz', 100);
    const run = await runRungs(join(folder, 'rungs.db'), NOW, rangeArgs(join(folder, 'cache'), ['--all']));

    expect(run.exitCode).toBe(3);
    expect(run.err).toContain(
      `failed: 2025-01-01-3: ${archive.url}/2025-01-01-3.json.gz answered 500 Internal Server Error (after 4 attempts)`,
    );
    expect(archive.requests.get('2025-01-01-3.json.gz')).toBe(4);
    expect(run.out).toContain(
      '2 imported (2 downloaded), 0 already imported, 1 missing from GH Archive, 1 failed',
    );
    expect(existsSync(join(folder, 'cache', '2025-01-01-3.json.gz'))).toBe(false);
    expect(readdirSync(join(folder, 'cache')).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  test('files and a range together, or a range with one end, are usage errors', async () => {
    const db = join(folder, 'rungs.db');
    const both = await runRungs(db, NOW, [
      'import',
      'gharchive',
      'a.json.gz',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-01',
    ]);
    expect(both.failed).toBeInstanceOf(UsageError);
    expect((both.failed as Error).message).toBe('give hour files or --from/--to, not both');
    const oneEnd = await runRungs(db, NOW, ['import', 'gharchive', '--from', '2025-01-01']);
    expect((oneEnd.failed as Error).message).toBe('a range of hours needs both --from and --to');
    const neither = await runRungs(db, NOW, ['import', 'gharchive']);
    expect(neither.failed).toBeInstanceOf(UsageError);
    expect(archive.totalRequests()).toBe(0);
  });
});
