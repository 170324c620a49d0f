import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SourceRecord } from '../../core/source-record.ts';
import { compactWebhookPayload } from '../github/compact-github-payload.ts';
import { mapWebhookPayload } from './map-webhook-payload.ts';
import { readWebhookFiles, type WebhookFileEntry } from './read-webhook-files.ts';
import { toWebhookIngestItem, toWebhookSourceRecord } from './to-webhook-source-record.ts';

type Json = Record<string, unknown>;
const definitions = createRequire(import.meta.url)(
  '@octokit/webhooks-examples/api.github.com/index.json',
) as {
  name: string;
  examples: Json[];
}[];
function example(event: string, action: string): Json {
  const found = definitions.find((d) => d.name === event)?.examples.find((p) => p.action === action);
  if (found === undefined) throw new Error(`no example ${event}.${action}`);
  return found;
}

const opened = example('issues', 'opened');
const comment = example('issue_comment', 'created');
const review = example('pull_request_review', 'submitted');

let root: string;

async function collect(paths: readonly string[]): Promise<WebhookFileEntry[]> {
  const entries: WebhookFileEntry[] = [];
  for await (const entry of readWebhookFiles(paths)) entries.push(entry);
  return entries;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rungs-webhook-files-'));
  await mkdir(join(root, 'logs'));
  await mkdir(join(root, '.hidden'));
  await writeFile(join(root, 'a-single.json'), JSON.stringify({ event: 'issues', payload: opened }));
  await writeFile(
    join(root, 'b-array.json'),
    JSON.stringify([{ event: 'pull_request_review', payload: review }, { payload: review }]),
  );
  await writeFile(join(root, 'notes.txt'), 'not a delivery');
  await writeFile(join(root, '.hidden', 'x.json'), JSON.stringify({ event: 'issues', payload: opened }));
  const log = [
    JSON.stringify({ event: 'issue_comment', payload: comment }),
    '{"event": "issues", "payload": ',
    '',
    JSON.stringify({
      headers: { 'X-GitHub-Event': 'issues', 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' },
      body: JSON.stringify(opened),
    }),
    JSON.stringify({ headers: { 'x-github-event': 'ping' }, payload: { zen: 'Keep it logically awesome.' } }),
    JSON.stringify({ guid: 'abc-123', event: 'issues', request: { headers: {}, payload: opened } }),
    JSON.stringify({ headers: { 'x-github-event': 'issues' }, body: '{nope' }),
    '42',
  ].join('\r\n');
  await writeFile(join(root, 'logs', 'deliveries.jsonl'), log);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readWebhookFiles', () => {
  test('reads a directory recursively in name order, locating every delivery and every bad line', async () => {
    const entries = await collect([root]);
    const log = join(root, 'logs', 'deliveries.jsonl');
    const summary = entries.map((e) =>
      e.kind === 'delivery'
        ? [e.file, e.line, e.event, e.deliveryId]
        : [e.file, e.line, `error: ${e.message}`],
    );
    expect(summary).toEqual([
      [join(root, 'a-single.json'), 1, 'issues', null],
      [join(root, 'b-array.json'), 1, 'pull_request_review', null],
      [
        join(root, 'b-array.json'),
        1,
        'error: [1]: event missing: expected "event" or an X-GitHub-Event header',
      ],
      [log, 1, 'issue_comment', null],
      [log, 2, 'error: not valid JSON'],
      [log, 4, 'issues', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
      [log, 5, 'ping', null],
      [log, 6, 'issues', 'abc-123'],
      [log, 7, 'error: body is not valid JSON'],
      [log, 8, 'error: expected a JSON object'],
    ]);
    const headersStyle = entries[5];
    expect(headersStyle?.kind === 'delivery' && headersStyle.payload).toEqual(opened);
  });

  test('reports a path that does not exist and a named file of another type, then goes on', async () => {
    const entries = await collect([
      join(root, 'missing.jsonl'),
      join(root, 'notes.txt'),
      join(root, 'a-single.json'),
    ]);
    expect(entries).toEqual([
      { kind: 'error', file: join(root, 'missing.jsonl'), line: 0, message: 'cannot read: ENOENT' },
      {
        kind: 'error',
        file: join(root, 'notes.txt'),
        line: 0,
        message: 'not a webhook file: expected .json, .jsonl or .ndjson',
      },
      expect.objectContaining({ kind: 'delivery', event: 'issues', line: 1 }),
    ]);
  });

  test('reports a .json file that is not JSON as a whole-file error', async () => {
    const file = join(root, 'broken.json');
    await writeFile(file, '{"event": ');
    try {
      expect(await collect([file])).toEqual([{ kind: 'error', file, line: 0, message: 'not valid JSON' }]);
    } finally {
      await rm(file);
    }
  });
});

describe('toWebhookSourceRecord', () => {
  const delivery = (deliveryId: string | null, payload: unknown, event = 'issues'): WebhookFileEntry => ({
    kind: 'delivery',
    file: 'f.jsonl',
    line: 3,
    deliveryId,
    event,
    payload,
  });

  test('keys a delivery by its delivery id and keeps a compact {event, payload} that maps the same', () => {
    const record = toWebhookSourceRecord(delivery('d-1', opened)) as SourceRecord;
    expect(record).toMatchObject({
      source: 'webhook',
      key: 'd-1',
      occurredAt: '2019-05-15T15:20:18Z',
      payload: { event: 'issues', payload: compactWebhookPayload('issues', opened) },
    });
    expect(JSON.stringify(record.payload).length).toBeLessThan(JSON.stringify(opened).length / 2);
    expect(mapWebhookPayload(record.payload)).toEqual({ kind: 'mapped', observations: record.observations });
  });

  test('keys a delivery without id by the hash of its canonical text, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(opened).reverse());
    const first = toWebhookSourceRecord(delivery(null, opened)) as SourceRecord;
    const second = toWebhookSourceRecord(delivery(null, reordered)) as SourceRecord;
    expect(first.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(second.key).toBe(first.key);
    const other = toWebhookSourceRecord(delivery(null, comment, 'issue_comment')) as SourceRecord;
    expect(other.key).not.toBe(first.key);
  });

  test('tells an unused delivery from a reading problem', () => {
    expect(toWebhookSourceRecord(delivery('d-2', { zen: 'hi' }, 'ping'))).toEqual({
      error: 'unused event ping',
      ignored: true,
    });
    expect(
      toWebhookSourceRecord({ kind: 'error', file: 'f.jsonl', line: 2, message: 'not valid JSON' }),
    ).toEqual({
      error: 'not valid JSON',
      ignored: false,
    });
  });

  test('hands ingestion a record, an ignored input or a problem located by file and line', () => {
    expect(toWebhookIngestItem(delivery('d-3', opened))).toMatchObject({
      kind: 'record',
      record: { key: 'd-3' },
    });
    expect(toWebhookIngestItem(delivery(null, {}, 'ping'))).toEqual({
      kind: 'ignored',
      location: 'f.jsonl:3',
      reason: 'unused event ping',
    });
    expect(
      toWebhookIngestItem({ kind: 'error', file: 'f.jsonl', line: 2, message: 'not valid JSON' }),
    ).toEqual({
      kind: 'problem',
      location: 'f.jsonl:2',
      message: 'not valid JSON',
    });
  });
});

describe('mapWebhookPayload', () => {
  test('ignores a stored record that is not {event, payload}', () => {
    expect(mapWebhookPayload('x')).toEqual({ kind: 'ignored', reason: 'webhook record is not an object' });
    expect(mapWebhookPayload({ payload: opened })).toEqual({ kind: 'ignored', reason: 'event missing' });
  });
});
