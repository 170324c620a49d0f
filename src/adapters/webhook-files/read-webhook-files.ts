import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * One thing read from webhook files: a delivery (`line` is 1-based; every element of a `.json`
 * array is at line 1), or a located problem (`line` 0 when it concerns the whole file).
 */
export type WebhookFileEntry =
  | {
      readonly kind: 'delivery';
      readonly file: string;
      readonly line: number;
      /** The `X-GitHub-Delivery` id when the file kept it. */
      readonly deliveryId: string | null;
      readonly event: string;
      readonly payload: unknown;
    }
  | { readonly kind: 'error'; readonly file: string; readonly line: number; readonly message: string };

/**
 * Reads saved webhook deliveries from files and directories (directories recursively, in name
 * order, `.json`, `.jsonl` and `.ndjson` files, skipping names that start with a dot).
 *
 * A `.json` file holds one delivery or an array of them. A `.jsonl`/`.ndjson` file is a delivery
 * log read line by line, never whole. A delivery is `{event, payload}`, or `{headers, payload}`
 * / `{headers, body}` with `X-GitHub-Event` and `X-GitHub-Delivery` headers in any case (a `body`
 * may be JSON text or a form-encoded `payload=`), or GitHub's delivery API shape
 * `{guid, event, request: {headers, payload}}`. Bad input becomes an error entry located by file
 * and line, and reading goes on; an unreadable path is one error entry.
 */
export async function* readWebhookFiles(paths: readonly string[]): AsyncIterable<WebhookFileEntry> {
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      yield problem(path, 0, `cannot read: ${describe(error)}`);
      continue;
    }
    if (!isDirectory) {
      yield* readOneFile(path, true);
      continue;
    }
    const files: string[] = [];
    try {
      await listWebhookFiles(path, files);
    } catch (error) {
      yield problem(path, 0, `cannot list: ${describe(error)}`);
    }
    for (const file of files) yield* readOneFile(file, false);
  }
}

async function listWebhookFiles(directory: string, into: string[]): Promise<void> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) isDirectory = (await stat(path)).isDirectory();
    if (isDirectory) await listWebhookFiles(path, into);
    else if (fileKind(path) !== undefined) into.push(path);
  }
}

function fileKind(path: string): 'document' | 'lines' | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return 'document';
  if (extension === '.jsonl' || extension === '.ndjson') return 'lines';
  return undefined;
}

async function* readOneFile(file: string, named: boolean): AsyncIterable<WebhookFileEntry> {
  const kind = fileKind(file);
  if (kind === undefined) {
    if (named) yield problem(file, 0, 'not a webhook file: expected .json, .jsonl or .ndjson');
    return;
  }
  if (kind === 'document') {
    yield* readDocument(file);
    return;
  }
  let line = 0;
  try {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of lines) {
      line += 1;
      const content = line === 1 ? stripByteOrderMark(text) : text;
      if (content.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(content);
      } catch {
        yield problem(file, line, 'not valid JSON');
        continue;
      }
      yield toEntry(value, file, line);
    }
  } catch (error) {
    yield problem(file, line === 0 ? 0 : line + 1, `cannot read: ${describe(error)}`);
  }
}

async function* readDocument(file: string): AsyncIterable<WebhookFileEntry> {
  let value: unknown;
  try {
    value = JSON.parse(stripByteOrderMark(await readFile(file, 'utf8')));
  } catch (error) {
    const message = error instanceof SyntaxError ? 'not valid JSON' : `cannot read: ${describe(error)}`;
    yield problem(file, 0, message);
    return;
  }
  if (!Array.isArray(value)) {
    yield toEntry(value, file, 1);
    return;
  }
  for (let index = 0; index < value.length; index += 1) {
    const entry = toEntry(value[index], file, 1);
    yield entry.kind === 'error' ? { ...entry, message: `[${index}]: ${entry.message}` } : entry;
  }
}

function toEntry(value: unknown, file: string, line: number): WebhookFileEntry {
  const record = asObject(value);
  if (record === undefined) return problem(file, line, 'expected a JSON object');
  const request = asObject(record.request);
  const headers = asObject(record.headers) ?? asObject(request?.headers);

  let event: string | undefined;
  let deliveryId: string | undefined;
  if (headers !== undefined) {
    for (const name of Object.keys(headers)) {
      const lower = name.toLowerCase();
      if (lower === 'x-github-event') event = headerValue(headers[name]);
      else if (lower === 'x-github-delivery') deliveryId = headerValue(headers[name]);
    }
  }
  event ??= asString(record.event);
  deliveryId ??= asString(record.deliveryId) ?? asString(record.delivery_id) ?? asString(record.guid);
  if (event === undefined)
    return problem(file, line, 'event missing: expected "event" or an X-GitHub-Event header');

  let payload = record.payload ?? request?.payload ?? record.body;
  if (typeof payload === 'string') {
    const text = payload;
    try {
      payload = JSON.parse(
        text.startsWith('payload=') ? (new URLSearchParams(text).get('payload') ?? '') : text,
      );
    } catch {
      return problem(file, line, 'body is not valid JSON');
    }
  }
  if (asObject(payload) === undefined)
    return problem(file, line, 'payload missing: expected "payload" or "body"');
  return { kind: 'delivery', file, line, deliveryId: deliveryId ?? null, event, payload };
}

function headerValue(value: unknown): string | undefined {
  return Array.isArray(value) ? asString(value[0]) : asString(value);
}

function problem(file: string, line: number, message: string): WebhookFileEntry {
  return { kind: 'error', file, line, message };
}

function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

function asObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
