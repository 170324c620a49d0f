import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { IngestItem } from '../../app/ingest.ts';
import { InputError } from '../../app/input-error.ts';
import {
  type ActivityRow,
  formatRowError,
  type RowError,
  readActivitiesFile,
} from './read-activities-file.ts';
import { readActivityIngestItems } from './read-activity-ingest-items.ts';

let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rungs-activities-'));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function readAll(path: string): Promise<(ActivityRow | RowError)[]> {
  const entries: (ActivityRow | RowError)[] = [];
  for await (const entry of readActivitiesFile(path)) entries.push(entry);
  return entries;
}

async function itemsOf(path: string): Promise<IngestItem[]> {
  const items: IngestItem[] = [];
  for await (const item of readActivityIngestItems(path)) items.push(item);
  return items;
}

function keysOf(items: readonly IngestItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.record.key] : []));
}

function problemsOf(items: readonly IngestItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'problem' ? [`${item.location} ${item.message}`] : []));
}

describe('readActivitiesFile on CSV', () => {
  test('reads rows by header, skipping blank lines, numbering each row by the line it starts on', async () => {
    const path = write(
      'meetings.csv',
      [
        'kind,login,date,title,series',
        'meeting_attended,alice,2024-05-02,"Community call, May",community-call',
        '',
        ',,,,',
        'talk_given,bob,2024-05-03,"A talk',
        'on two lines",',
        'meeting_attended,carol,2024-05-02,,community-call',
      ].join('\n'),
    );
    expect(await readAll(path)).toEqual([
      {
        kind: 'row',
        file: path,
        line: 2,
        values: {
          kind: 'meeting_attended',
          login: 'alice',
          date: '2024-05-02',
          title: 'Community call, May',
          series: 'community-call',
        },
      },
      {
        kind: 'row',
        file: path,
        line: 5,
        values: {
          kind: 'talk_given',
          login: 'bob',
          date: '2024-05-03',
          title: 'A talk\non two lines',
          series: '',
        },
      },
      {
        kind: 'row',
        file: path,
        line: 7,
        values: {
          kind: 'meeting_attended',
          login: 'carol',
          date: '2024-05-02',
          title: '',
          series: 'community-call',
        },
      },
    ]);
  });

  test('reads a spreadsheet export with a byte order mark, CRLF line ends and capitalised headers', async () => {
    const path = write('export.csv', '\uFEFFKind,Login,Date\r\ntalk_given,alice,2024-05-02\r\n');
    expect(await readAll(path)).toEqual([
      {
        kind: 'row',
        file: path,
        line: 2,
        values: { kind: 'talk_given', login: 'alice', date: '2024-05-02' },
      },
    ]);
  });

  test('rejects the whole file at its header when a column is unknown, naming the column', async () => {
    const path = write(
      'unknown.csv',
      'kind,login,date,attendee_count\nmeeting_attended,alice,2024-05-02,12\n',
    );
    const entries = await readAll(path);
    expect(entries).toEqual([
      {
        kind: 'error',
        file: path,
        line: 1,
        field: 'attendee_count',
        message:
          'unknown column; expected some of id, kind, login, email, date, title, series, url, repo, points, granted_by, reason, newcomer, attestation, level, affiliation',
      },
    ]);
    expect(formatRowError(entries[0] as RowError)).toMatch(
      new RegExp(`^${path}:1 attendee_count: unknown column; `),
    );
  });

  test('rejects a header without kind, date, or a login or email column, and repeated columns', async () => {
    const path = write('missing.csv', 'title,title\nx,y\n');
    const entries = await readAll(path);
    expect(
      entries.map((entry) => (entry.kind === 'error' ? `${entry.field}: ${entry.message}` : 'row')),
    ).toEqual([
      'title: the column appears twice',
      'kind: missing column',
      'date: missing column',
      'login: missing column: a login or an email column is required',
    ]);
  });

  test('reports an empty file', async () => {
    const path = write('empty.csv', '\n\n');
    expect(await readAll(path)).toEqual([
      {
        kind: 'error',
        file: path,
        line: 1,
        field: null,
        message:
          'the file is empty; expected a header row (expected some of id, kind, login, email, date, title, series, url, repo, points, granted_by, reason, newcomer, attestation, level, affiliation)',
      },
    ]);
  });

  test('reports a row with the wrong number of fields and a badly quoted row, and keeps the good rows', async () => {
    const path = write(
      'shapes.csv',
      'kind,login,date\ntalk_given,alice\ntalk_given,"bob"x,2024-05-02\ntalk_given,carol,2024-05-02\n',
    );
    const entries = await readAll(path);
    expect(
      entries.map((entry) => (entry.kind === 'error' ? formatRowError(entry) : `row ${entry.line}`)),
    ).toEqual([
      `${path}:2 expected 3 fields as in the header, got 2`,
      `${path}:3 unexpected "x" after a closing quote; quote the whole field and double any quote inside it`,
      'row 4',
    ]);
  });
});

describe('readActivitiesFile on JSON lines', () => {
  test('reads one object per line, skipping blank lines, with a byte order mark and CRLF', async () => {
    const path = write(
      'records.jsonl',
      '\uFEFF{"kind":"bonus","login":"alice","date":"2024-05-02","points":500,"granted_by":"m","reason":"r"}\r\n\r\n{"kind":"talk_given","email":"b@example.com","date":"2024-05-03T10:00:00Z"}\r\n',
    );
    expect(await readAll(path)).toEqual([
      {
        kind: 'row',
        file: path,
        line: 1,
        values: {
          kind: 'bonus',
          login: 'alice',
          date: '2024-05-02',
          points: 500,
          granted_by: 'm',
          reason: 'r',
        },
      },
      {
        kind: 'row',
        file: path,
        line: 3,
        values: { kind: 'talk_given', email: 'b@example.com', date: '2024-05-03T10:00:00Z' },
      },
    ]);
  });

  test('reports lines that are not JSON objects or have unknown keys, and keeps the good ones', async () => {
    const path = write(
      'bad.ndjson',
      '{"kind":"talk_given","login":"a","date":"2024-05-02"}\n{"kind": "talk_given",\n[1,2]\n{"kind":"talk_given","login":"a","date":"2024-05-02","venue":"KubeCon"}\n',
    );
    const entries = await readAll(path);
    expect(
      entries.map((entry) => (entry.kind === 'error' ? formatRowError(entry) : `row ${entry.line}`)),
    ).toEqual([
      'row 1',
      expect.stringMatching(new RegExp(`^${path}:2 not valid JSON: `)),
      `${path}:3 expected a JSON object, got [1,2]`,
      `${path}:4 venue: unknown key; expected some of id, kind, login, email, date, title, series, url, repo, points, granted_by, reason, newcomer, attestation, level, affiliation`,
    ]);
  });
});

describe('readActivitiesFile failures', () => {
  test('rejects a missing file, a folder and an unsupported extension with one clear error', async () => {
    await expect(readAll(join(folder, 'nowhere.csv'))).rejects.toThrow(
      `file not found: ${join(folder, 'nowhere.csv')}`,
    );
    const directory = join(folder, 'a-folder.csv');
    mkdirSync(directory);
    await expect(readAll(directory)).rejects.toThrow(`not a file: ${directory}`);
    const text = write('notes.txt', 'kind,login,date\n');
    await expect(readAll(text)).rejects.toBeInstanceOf(InputError);
    await expect(readAll(text)).rejects.toThrow(
      `cannot import ${text}: expected a .csv or .jsonl file, got ".txt"`,
    );
  });
});

describe('readActivityIngestItems', () => {
  const csv = [
    'id,kind,login,email,date,title,series,url,points,granted_by,reason,newcomer',
    ',meeting_attended,alice,,2024-05-02,Community call,community-call,,,,,',
    'talk-1,talk_given,,bob@example.com,2024-05-03T18:00:00+02:00,Ladders at scale,,https://example.com/t,,,,',
    ',newcomer_onboarded,alice,,2024-05-04,,,,,,,dave',
    ',content_published,carol,,2024-05-05,Blog post,,http://example.com/b,,,,',
    ',bonus,alice,,2024-05-06,,,,250,maint,release captain,',
    ',bonus,alice,,2024-05-06,,,,,,,',
    ',meeting_attended,alice,,yesterday,,,,,,,',
    ',meeting_attended,,,2024-05-02,,,,,,,',
    ',talk_given,bob,,2024-05-02,,,javascript:alert(1),5,,,',
    ',pr_merged,bob,,2024-05-02,,,,,,,',
  ].join('\n');

  test('turns good rows into records and reports every bad row located, with all its problems', async () => {
    const path = write('mixed.csv', csv);
    const items = await itemsOf(path);
    expect(keysOf(items)).toEqual([
      expect.stringMatching(/^meeting_attended:row-[0-9a-f]{20}$/),
      'talk_given:talk-1',
      expect.stringMatching(/^newcomer_onboarded:row-/),
      expect.stringMatching(/^content_published:row-/),
      expect.stringMatching(/^bonus:row-/),
    ]);
    expect(problemsOf(items)).toEqual([
      `${path}:7 points: required for bonus; granted_by: required for bonus; reason: required for bonus`,
      `${path}:8 date: expected YYYY-MM-DD or an ISO datetime, got "yesterday"`,
      `${path}:9 login: login or email is required`,
      `${path}:10 url: expected an http(s) URL, got "javascript:alert(1)"; points: only bonus rows have points, not talk_given`,
      `${path}:11 kind: expected one of meeting_attended, talk_given, newcomer_onboarded, content_published, bonus, attestation, sponsorship, got "pr_merged"`,
    ]);
    const talk = items.find((item) => item.kind === 'record' && item.record.key === 'talk_given:talk-1');
    expect(talk).toMatchObject({
      record: {
        occurredAt: '2024-05-03T16:00:00Z',
        observations: [
          { kind: 'actor', actor: { email: 'bob@example.com' } },
          {
            kind: 'activity',
            activity: { url: 'https://example.com/t', details: { title: 'Ladders at scale' } },
          },
        ],
      },
    });
  });

  test('gives the same keys when the same file is read again, and for the same rows as JSON lines', async () => {
    const path = write('again.csv', csv);
    const first = keysOf(await itemsOf(path));
    expect(keysOf(await itemsOf(path))).toEqual(first);

    const jsonl = write(
      'again.jsonl',
      [
        '{"kind":"meeting_attended","login":"alice","date":"2024-05-02","title":"Community call","series":"community-call"}',
        '{"id":"talk-1","kind":"talk_given","email":"bob@example.com","date":"2024-05-03T18:00:00+02:00","title":"Ladders at scale","url":"https://example.com/t"}',
        '{"kind":"bonus","login":"alice","date":"2024-05-06","points":250,"granted_by":"maint","reason":"release captain","title":null}',
      ].join('\n'),
    );
    const fromJson = keysOf(await itemsOf(jsonl));
    expect(fromJson).toEqual([first[0], first[1], first[4]]);
  });
});
