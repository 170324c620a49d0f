import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { HourFetch } from '../../app/import-gharchive-range.ts';

/** Where GH Archive hour files come from, and how hard to try. */
export interface GhArchiveHourCacheOptions {
  /** The folder hour files are kept in (created when missing). */
  readonly folder: string;
  /** The root the hour files are under, e.g. `https://data.gharchive.org`. */
  readonly baseUrl: string;
  /** Attempts of one download in all, the first included (default 4). */
  readonly attempts?: number;
  /** The wait before the first retry; each later one waits twice as long (default 250 ms). */
  readonly retryDelayMs?: number;
  /** How long one attempt may take, headers and body (default 10 minutes). */
  readonly attemptTimeoutMs?: number;
}

/** The GH Archive base URL when none is configured. */
export const GHARCHIVE_BASE_URL = 'https://data.gharchive.org';

const DEFAULT_ATTEMPTS = 4;
const DEFAULT_RETRY_DELAY_MS = 250;
const DEFAULT_ATTEMPT_TIMEOUT_MS = 10 * 60_000;

/**
 * A local cache of GH Archive hour files, filled from `baseUrl` on demand. `fetchHour('2025-01-01-5')`
 * answers the cached file `folder/2025-01-01-5.json.gz` when present, else downloads it. A download
 * is written to a temporary name in the same folder and renamed once complete, so the cache never
 * holds a half file whatever happens (a killed process leaves at most a `.part` file, which is never
 * read and is replaced by the next download of that hour).
 *
 * Network errors and 5xx answers are retried with doubling waits; a 404 is GH Archive's way of
 * saying the hour does not exist (it has real gaps) and is answered `missing` at once; any other
 * status, or a failure on the last attempt, is answered `failed` with the reason. Never rejects for
 * a download problem; rejects only when the cache folder cannot be written.
 */
export function createGhArchiveHourCache(options: GhArchiveHourCacheOptions): {
  fetchHour(hour: string): Promise<HourFetch>;
} {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let folderMade: Promise<unknown> | null = null;

  return {
    async fetchHour(hour) {
      const name = `${hour}.json.gz`;
      const path = join(options.folder, name);
      if (await isFile(path)) return { kind: 'cached', path };
      folderMade ??= mkdir(options.folder, { recursive: true });
      await folderMade;
      const url = `${baseUrl}/${name}`;
      let reason = '';
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        if (attempt > 1) await sleep(retryDelayMs * 2 ** (attempt - 2));
        const outcome = await downloadOnce(url, path, attemptTimeoutMs);
        switch (outcome.kind) {
          case 'done':
            return { kind: 'downloaded', path, bytes: outcome.bytes, attempts: attempt };
          case 'missing':
            return { kind: 'missing', url };
          case 'final':
            return { kind: 'failed', url, message: outcome.message, attempts: attempt };
          case 'retry':
            reason = outcome.message;
            break;
        }
      }
      return { kind: 'failed', url, message: reason, attempts };
    },
  };
}

type Attempt =
  | { readonly kind: 'done'; readonly bytes: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'retry'; readonly message: string }
  | { readonly kind: 'final'; readonly message: string };

async function downloadOnce(url: string, path: string, timeoutMs: number): Promise<Attempt> {
  const partial = `${path}.${process.pid}-${Math.random().toString(36).slice(2)}.part`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status === 404) {
      await response.body?.cancel();
      return { kind: 'missing' };
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      const message = `answered ${response.status} ${response.statusText}`.trim();
      return response.status >= 500 || response.status === 429
        ? { kind: 'retry', message }
        : { kind: 'final', message };
    }
    await pipeline(
      Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
      createWriteStream(partial),
    );
    const { size } = await stat(partial);
    await rename(partial, path);
    return { kind: 'done', bytes: size };
  } catch (error) {
    await rm(partial, { force: true });
    return { kind: 'retry', message: describeNetworkError(error) };
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return `${error.message} (${code})`;
  if (error.name === 'TimeoutError') return 'timed out';
  return error.message;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
