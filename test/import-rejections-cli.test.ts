import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { runRungs } from './support/run-rungs.ts';

// `rungs import` through the real composition: a bad record costs itself only, and says where it is.

const NOW = '2026-06-30T12:00:00Z';
// 100 events of the real GH Archive hour 2015-02-01-00 (created_at such as 2015-02-01T00:00:00.00001Z).
const SAMPLE = new URL(
  '../src/adapters/gharchive/fixtures/gharchive-2015-02-01-00-sample.jsonl',
  import.meta.url,
).pathname;
const FIVE_EVENTS = new URL(
  '../src/adapters/gharchive/fixtures/gharchive-2015-02-01-00-five-events.jsonl',
  import.meta.url,
);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rungs-rejections-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function comment(id: number, createdAt: string, body = 'thanks') {
  return {
    id: String(id),
    type: 'IssueCommentEvent',
    actor: { id: 100 + (id % 7), login: `person${id % 7}` },
    repo: { id: 1, name: 'acme/widgets' },
    payload: {
      action: 'created',
      issue: {
        number: 1,
        title: 'Widgets',
        user: { id: 100, login: 'person0' },
        labels: [],
        state: 'open',
        created_at: '2026-01-01T00:00:00Z',
      },
      comment: { id, body, user: { id: 100 + (id % 7), login: `person${id % 7}` }, created_at: createdAt },
    },
    public: true,
    created_at: createdAt,
  };
}

test('a GH Archive batch with one impossible date stores the other 2,000 events and names the line on stderr', async () => {
  const lines: string[] = [];
  for (let index = 1; index <= 2001; index += 1) {
    const createdAt =
      index === 1234
        ? '2026-02-30T10:00:00Z'
        : `2026-03-01T10:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.${index}Z`;
    lines.push(JSON.stringify(comment(index, createdAt)));
  }
  const file = join(dir, '2026-03-01-10.json');
  await writeFile(file, `${lines.join('\n')}\n`);

  const run = await runRungs(join(dir, 'rungs.db'), NOW, ['import', 'gharchive', file, '--org', 'acme']);

  expect(run.failed).toBeNull();
  expect(run.out).toContain('2000 records read, 2000 new');
  expect(run.out).toContain('1 problems, 1 of them records rejected for a bad field');
  expect(run.err).toContain(
    `${file}:1234: event 1234 rejected: created_at: expected a time like 2024-05-01T12:00:00Z, got "2026-02-30T10:00:00Z": 2026-02 has no day 30`,
  );
});

test('the real GH Archive hour, fractions of seconds and all, imports every event the mapper uses', async () => {
  const run = await runRungs(join(dir, 'rungs.db'), NOW, ['import', 'gharchive', SAMPLE, '--all']);
  expect(run.failed).toBeNull();
  const events = (await readFile(SAMPLE, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string });
  const unused = events.filter((event) =>
    [
      'CreateEvent',
      'WatchEvent',
      'ForkEvent',
      'PublicEvent',
      'DeleteEvent',
      'GollumEvent',
      'MemberEvent',
      'ReleaseEvent',
    ].includes(event.type),
  ).length;
  expect(run.out).toContain(`${events.length - unused} records read, ${events.length - unused} new`);
  expect(run.out).toContain(`${unused} inputs not used`);
  expect(run.out).not.toContain('problems');
  expect(run.err).toBe('');

  const five = await runRungs(join(dir, 'five.db'), NOW, [
    'import',
    'gharchive',
    FIVE_EVENTS.pathname,
    '--all',
  ]);
  expect(five.out).toContain('3 records read, 3 new');
  expect(five.err).toBe('');
});

test("a meeting dated before GitHub is kept, with a warning on stderr, since off-GitHub clocks are not GitHub's", async () => {
  const rows = [
    'id,kind,login,date,title,series',
    'm-1,meeting_attended,alice,2005-03-04,Community call,community-call',
    'm-2,meeting_attended,bob,2026-03-04,Community call,community-call',
  ];
  const file = join(dir, 'meetings.csv');
  await writeFile(file, `${rows.join('\n')}\n`);
  const run = await runRungs(join(dir, 'rungs.db'), NOW, ['import', 'activities', file]);
  expect(run.failed).toBeNull();
  expect(run.out).toContain('2 records read, 2 new');
  expect(run.out).toContain('1 records kept with warnings');
  expect(run.err).toContain(`warning: ${file}:2: kept, but occurredAt: 2005-03-04`);
  expect(run.err).toContain('is before GitHub existed (2008)');
});
