import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { InputError } from '../../app/input-error.ts';
import type { GhArchiveEntry, GhArchiveFilter } from './read-gharchive-file.ts';
import { readGhArchiveFile } from './read-gharchive-file.ts';

// Five real events of 2015-02-01 hour 0: CreateEvent DuaneGarber/mongoman, PushEvent
// elektronika-ba/ctrl-android-test1, IssueCommentEvent emberjs/ember-inspector (org emberjs),
// ForkEvent google/ExoPlayer (org google), PullRequestEvent crysalead/kahlan (org crysalead).
const fixtureLines = readFileSync(
  new URL('./fixtures/gharchive-2015-02-01-00-five-events.jsonl', import.meta.url),
  'utf8',
)
  .trimEnd()
  .split('\n');
const fixtureEvents = fixtureLines.map((line) => JSON.parse(line) as Record<string, unknown>);

const directory = mkdtempSync(join(tmpdir(), 'rungs-gharchive-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let fileCount = 0;

function writeTemp(name: string, content: string | Buffer): string {
  fileCount += 1;
  const path = join(directory, `${fileCount}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** A copy of fixture event `index` with another id, repo name and any other top-level changes. */
function eventLine(
  index: number,
  id: string,
  repoName: string,
  changes: Record<string, unknown> = {},
): string {
  const event = structuredClone(fixtureEvents[index]!);
  const repo = event.repo as Record<string, unknown>;
  return JSON.stringify({ ...event, id, repo: { ...repo, name: repoName }, ...changes });
}

async function readAll(path: string, filter?: GhArchiveFilter): Promise<GhArchiveEntry[]> {
  const entries: GhArchiveEntry[] = [];
  for await (const entry of readGhArchiveFile(path, filter === undefined ? {} : { filter }))
    entries.push(entry);
  return entries;
}

const summarize = (entries: readonly GhArchiveEntry[]) =>
  entries.map((entry) => {
    if (entry.kind === 'event') return `${entry.line}: ${String(entry.event.id)}`;
    if (entry.kind === 'malformed') return `${entry.line}! ${entry.message}`;
    return `done lines=${entry.lines} kept=${entry.kept} skipped=${entry.skipped} malformed=${entry.malformed}`;
  });

describe('readGhArchiveFile', () => {
  test('yields every event of a plain JSON lines file with its line, then the counts', async () => {
    const content = `${fixtureLines.join('\n')}\n`;
    const entries = await readAll(writeTemp('events.jsonl', content));
    expect(summarize(entries)).toEqual([
      '1: 2549961020',
      '2: 2549961022',
      '3: 2549961030',
      '4: 2549961158',
      '5: 2549961159',
      'done lines=5 kept=5 skipped=0 malformed=0',
    ]);
    expect(entries[2]).toEqual({ kind: 'event', line: 3, event: fixtureEvents[2] });
    expect(entries.at(-1)).toMatchObject({ kind: 'done', bytes: Buffer.byteLength(content) });
  });

  test('detects gzip by its magic bytes, not by the file name', async () => {
    const content = `${fixtureLines.join('\n')}\n`;
    const gzipNamedPlain = await readAll(writeTemp('events.jsonl', gzipSync(content)));
    const plain = await readAll(writeTemp('events-plain.jsonl', content));
    expect(gzipNamedPlain).toEqual(plain);
    expect(gzipNamedPlain.at(-1)).toMatchObject({ kind: 'done', lines: 5, kept: 5, bytes: content.length });
  });

  test('refuses a file named .gz that is not gzip data, before reading any line', async () => {
    const path = writeTemp('2015-02-01-0.json.gz', `${fixtureLines.join('\n')}\n`);
    await expect(readAll(path)).rejects.toThrow(
      new InputError(
        `${path}: not gzip data (the name ends in .gz, but the file does not start with gzip's magic bytes); nothing was read`,
      ),
    );
  });

  test('reads every member of a gzip file made of several concatenated members', async () => {
    const first = `${fixtureLines.slice(0, 2).join('\n')}\n`;
    const second = `${fixtureLines.slice(2).join('\n')}\n`;
    const entries = await readAll(
      writeTemp('members.json.gz', Buffer.concat([gzipSync(first), gzipSync(second)])),
    );
    expect(summarize(entries)).toEqual([
      '1: 2549961020',
      '2: 2549961022',
      '3: 2549961030',
      '4: 2549961158',
      '5: 2549961159',
      'done lines=5 kept=5 skipped=0 malformed=0',
    ]);
  });

  test('joins a line split across gzip members', async () => {
    const content = `${fixtureLines.join('\n')}\n`;
    const cut = fixtureLines[0]!.length + 100;
    const file = Buffer.concat([gzipSync(content.slice(0, cut)), gzipSync(content.slice(cut))]);
    const entries = await readAll(writeTemp('split.json.gz', file));
    expect(entries.at(-1)).toMatchObject({ kind: 'done', lines: 5, kept: 5, malformed: 0 });
    expect(entries[1]).toEqual({ kind: 'event', line: 2, event: fixtureEvents[1] });
  });

  test('accepts CRLF line ends, a byte order mark and a last line without newline', async () => {
    const content = `\uFEFF${fixtureLines.join('\r\n')}`;
    for (const file of [writeTemp('crlf.jsonl', content), writeTemp('crlf.json.gz', gzipSync(content))]) {
      const entries = await readAll(file);
      expect(summarize(entries)).toEqual([
        '1: 2549961020',
        '2: 2549961022',
        '3: 2549961030',
        '4: 2549961158',
        '5: 2549961159',
        'done lines=5 kept=5 skipped=0 malformed=0',
      ]);
      expect(entries[4]).toEqual({ kind: 'event', line: 5, event: fixtureEvents[4] });
      const filtered = await readAll(file, {
        orgs: ['emberjs', 'crysalead'],
        repos: ['duanegarber/mongoman'],
      });
      expect(summarize(filtered)).toEqual([
        '1: 2549961020',
        '3: 2549961030',
        '5: 2549961159',
        'done lines=5 kept=3 skipped=2 malformed=0',
      ]);
    }
  });

  test('yields only the counts for an empty file, plain or gzip', async () => {
    for (const file of [writeTemp('empty.jsonl', ''), writeTemp('empty.json.gz', gzipSync(''))]) {
      expect(await readAll(file)).toEqual([
        { kind: 'done', lines: 0, kept: 0, skipped: 0, malformed: 0, bytes: 0, brokenGzip: null },
      ]);
    }
  });

  test('reports each malformed line with its number and a reason, and reads on', async () => {
    const lines = [
      eventLine(0, '1', 'a/b'),
      '{"id":"2","type":"PushEvent","repo":{"name":"a/b"}',
      '[1,2]',
      '42',
      JSON.stringify({ id: '5', type: 'PushEvent', repo: { id: 1 } }),
      JSON.stringify({ id: '6', repo: { name: 'a/b' } }),
      JSON.stringify({ type: 'PushEvent', repo: { name: 'a/b' } }),
      JSON.stringify({ id: '8', type: 'PushEvent', repo: 'a/b' }),
      '',
      eventLine(1, '10', 'a/b'),
    ];
    const entries = await readAll(writeTemp('malformed.json.gz', gzipSync(`${lines.join('\n')}\n`)));
    expect(summarize(entries)).toEqual([
      '1: 1',
      expect.stringMatching(/^2! invalid JSON: /),
      '3! expected a JSON object, got an array',
      '4! expected a JSON object, got number 42',
      '5! repo.name: expected a string, got nothing',
      '6! type: expected a string, got nothing',
      '7! id: expected a string or number, got nothing',
      '8! repo: expected an object, got a string',
      '10: 10',
      'done lines=10 kept=2 skipped=1 malformed=7',
    ]);
  });

  test('reports a truncated gzip file at the line where its data stops, after every line before it', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => eventLine(i % 5, String(i + 1), `org${i}/repo`));
    const whole = gzipSync(`${lines.join('\n')}\n`);
    const entries = await readAll(
      writeTemp('truncated.json.gz', whole.subarray(0, Math.floor(whole.length * 0.6))),
    );
    const events = entries.filter((entry) => entry.kind === 'event');
    const done = entries.at(-1)!;
    const problem = entries.at(-2)!;

    expect(events.length).toBeGreaterThan(100);
    expect(events.map((entry) => entry.line)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((entry) => entry.event.id)).toEqual(events.map((_, i) => String(i + 1)));
    expect(problem).toEqual({
      kind: 'malformed',
      line: events.length + 1,
      message: expect.stringMatching(/^truncated gzip file: the data ends inside line \d+ after \d+ bytes/),
    });
    expect(done).toMatchObject({
      kind: 'done',
      lines: events.length + 1,
      kept: events.length,
      malformed: 1,
      brokenGzip: (problem as { message: string }).message,
    });
  });

  test('reports a gzip file cut in its trailer after its last complete line', async () => {
    const whole = gzipSync(`${fixtureLines.join('\n')}\n`);
    const entries = await readAll(writeTemp('no-trailer.json.gz', whole.subarray(0, whole.length - 4)));
    expect(summarize(entries)).toEqual([
      '1: 2549961020',
      '2: 2549961022',
      '3: 2549961030',
      '4: 2549961158',
      '5: 2549961159',
      '6! truncated gzip file: the data ends after line 5, before the end of the gzip stream; the lines before it were read',
      'done lines=6 kept=5 skipped=0 malformed=1',
    ]);
  });

  test('reports corrupt gzip data as a located problem instead of failing', async () => {
    const file = gzipSync(`${fixtureLines.join('\n')}\n`);
    file.fill(0xff, 20, 60);
    const entries = await readAll(writeTemp('corrupt.json.gz', file));
    const problem = entries.at(-2)!;
    expect(problem).toMatchObject({
      kind: 'malformed',
      message: expect.stringMatching(/^corrupt gzip data \(/),
    });
    expect(entries.at(-1)).toMatchObject({ kind: 'done', malformed: 1 });
  });

  test('reads lines longer than the read and inflate chunks', async () => {
    const long = eventLine(4, 'long', 'crysalead/kahlan', { padding: 'x'.repeat(3_000_000) });
    const lines = [eventLine(0, 'a', 'a/b'), long, eventLine(1, 'b', 'a/b'), long];
    const content = `${lines.join('\n')}\n`;
    for (const file of [writeTemp('long.jsonl', content), writeTemp('long.json.gz', gzipSync(content))]) {
      for (const filter of [undefined, { orgs: ['crysalead'], repos: [] }]) {
        const entries = await readAll(file, filter);
        const ids = entries.flatMap((entry) =>
          entry.kind === 'event' ? [`${entry.line}:${entry.event.id}`] : [],
        );
        expect(ids).toEqual(filter === undefined ? ['1:a', '2:long', '3:b', '4:long'] : ['2:long', '4:long']);
      }
    }
  });

  test('reports a line longer than the limit without keeping it, within a chunk or across chunks', async () => {
    const long = eventLine(4, 'long', 'crysalead/kahlan', { padding: 'x'.repeat(3_000_000) });
    const lines = [eventLine(0, 'a', 'a/b'), long, eventLine(1, 'b', 'a/b'), 'y'.repeat(2_000_001)];
    const content = `${lines.join('\n')}\n${long.slice(0, 1_000)}`;
    for (const file of [
      writeTemp('too-long.jsonl', content),
      writeTemp('too-long.json.gz', gzipSync(content)),
    ]) {
      for (const maxLineBytes of [2_000_000, 500]) {
        const entries: GhArchiveEntry[] = [];
        for await (const entry of readGhArchiveFile(file, { maxLineBytes })) entries.push(entry);
        expect(summarize(entries)).toEqual(
          maxLineBytes === 2_000_000
            ? [
                '1: a',
                `2! line of ${long.length} bytes is longer than the 2000000 allowed; it was not read`,
                '3: b',
                '4! line of 2000001 bytes is longer than the 2000000 allowed; it was not read',
                expect.stringMatching(/^5! invalid JSON/),
                'done lines=5 kept=2 skipped=0 malformed=3',
              ]
            : [
                `1! line of ${lines[0]!.length} bytes is longer than the 500 allowed; it was not read`,
                `2! line of ${long.length} bytes is longer than the 500 allowed; it was not read`,
                `3! line of ${lines[2]!.length} bytes is longer than the 500 allowed; it was not read`,
                '4! line of 2000001 bytes is longer than the 500 allowed; it was not read',
                '5! line of 1000 bytes is longer than the 500 allowed; it was not read',
                'done lines=5 kept=0 skipped=0 malformed=5',
              ],
        );
      }
    }
  });

  test('reports a line longer than the limit when reading with a filter too', async () => {
    const long = eventLine(4, 'long', 'crysalead/kahlan', { padding: 'x'.repeat(3_000_000) });
    const lines = [eventLine(4, 'a', 'crysalead/kahlan'), long, eventLine(4, 'b', 'crysalead/kahlan')];
    const file = writeTemp('too-long-filtered.json.gz', gzipSync(`${lines.join('\n')}\n`));
    const entries: GhArchiveEntry[] = [];
    const filter = { orgs: ['crysalead'], repos: [] };
    for await (const entry of readGhArchiveFile(file, { filter, maxLineBytes: 2_000_000 }))
      entries.push(entry);
    expect(summarize(entries)).toEqual([
      '1: a',
      `2! line of ${long.length} bytes is longer than the 2000000 allowed; it was not read`,
      '3: b',
      'done lines=3 kept=2 skipped=0 malformed=1',
    ]);
  });

  test('rejects a missing path, a directory and a symlink loop with an input error naming the path', async () => {
    const missing = join(directory, 'missing.json.gz');
    await expect(readAll(missing)).rejects.toThrow(new InputError(`${missing}: no such file or directory`));
    const folder = join(directory, 'an-hour.json.gz');
    mkdirSync(folder);
    await expect(readAll(folder)).rejects.toThrow(
      new InputError(`${folder}: is a directory, expected a file`),
    );
    const loop = join(directory, 'loop.json.gz');
    symlinkSync(loop, loop);
    await expect(readAll(loop)).rejects.toThrow(
      new InputError(`${loop}: too many levels of symbolic links (a symlink loop)`),
    );
  });
});

describe('readGhArchiveFile with a filter', () => {
  // The org name appears in the wrong places on purpose: only the event's own repo.name counts.
  const lines = [
    eventLine(2, 'kept-org', 'emberjs/ember-inspector'),
    eventLine(2, 'kept-org-case', 'EmberJS/Ember.js'),
    eventLine(2, 'other-repo-emberjs-org-field', 'someone/ember-inspector'),
    eventLine(1, 'name-in-payload', 'someone/fork', {
      payload: { commits: [{ author: { name: 'emberjs/bot' }, message: 'from emberjs/ember.js' }] },
    }),
    eventLine(4, 'payload-repos-of-org', 'forker/kahlan'),
    eventLine(0, 'prefix-org', 'emberjs-addons/ember-cli'),
    eventLine(0, 'org-as-suffix', 'not-emberjs/x'),
    eventLine(4, 'kept-repo', 'crysalead/kahlan'),
    eventLine(4, 'other-repo-same-owner', 'crysalead/kahlan-extra'),
    eventLine(0, 'kube-prefix', 'kubernetes/x'),
  ];
  const content = `${lines.join('\n')}\n`;
  const filter = { orgs: ['emberjs', 'kube'], repos: ['crysalead/kahlan'] };

  const keptIds = (entries: readonly GhArchiveEntry[]) =>
    entries.flatMap((entry) => (entry.kind === 'event' ? [`${entry.line}:${entry.event.id}`] : []));

  test('keeps the events of listed orgs and repos only, from gzip and plain files alike', async () => {
    for (const file of [writeTemp('filter.jsonl', content), writeTemp('filter.json.gz', gzipSync(content))]) {
      const entries = await readAll(file, filter);
      expect(keptIds(entries)).toEqual(['1:kept-org', '2:kept-org-case', '8:kept-repo']);
      expect(entries.at(-1)).toMatchObject({ kind: 'done', lines: 10, kept: 3, skipped: 7, malformed: 0 });
    }
  });

  test('keeps exactly what reading everything and testing repo.name keeps', async () => {
    const all = await readAll(writeTemp('filter-all.jsonl', content));
    const expected = all.flatMap((entry) => {
      if (entry.kind !== 'event') return [];
      const name = String((entry.event.repo as { name: string }).name).toLowerCase();
      const kept = filter.orgs.includes(name.split('/')[0]!) || filter.repos.includes(name);
      return kept ? [`${entry.line}:${entry.event.id}`] : [];
    });
    expect(keptIds(await readAll(writeTemp('filter-some.jsonl', content), filter))).toEqual(expected);
  });

  test('keeps everything when both lists are empty', async () => {
    const entries = await readAll(writeTemp('filter-empty.jsonl', content), { orgs: [], repos: [] });
    expect(entries.at(-1)).toMatchObject({ kind: 'done', lines: 10, kept: 10, skipped: 0 });
  });

  test('reports broken lines unless their repo name, read before the break, is outside the filter', async () => {
    const withProblems = [
      eventLine(2, 'kept', 'emberjs/ember-inspector'),
      'not json at all',
      '{"id":"3","type":"PushEvent","repo":{"name":"emberjs/cut',
      '{"id":"4","type":"PushEvent","repo":{"name":"emberjs/x"},"payload":}',
      '{"id":"5","type":"PushEvent","actor":{"login":"x"',
      JSON.stringify({ id: '6', type: 'PushEvent', repo: { id: 1 } }),
      '{"id":"7","type":"PushEvent","repo":{"name":"someone/x"},"payload":}',
      '',
    ];
    const entries = await readAll(writeTemp('filter-problems.jsonl', `${withProblems.join('\n')}\n`), filter);
    expect(summarize(entries)).toEqual([
      '1: kept',
      expect.stringMatching(/^2! invalid JSON/),
      expect.stringMatching(/^3! invalid JSON/),
      expect.stringMatching(/^4! invalid JSON/),
      expect.stringMatching(/^5! invalid JSON/),
      '6! repo.name: expected a string, got nothing',
      'done lines=8 kept=1 skipped=2 malformed=5',
    ]);
  });
});
