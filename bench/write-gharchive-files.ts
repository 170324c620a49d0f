import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateBenchEvents } from '../src/adapters/demo/generate-bench-events.ts';

/** Options of {@link writeGhArchiveFile}. */
export interface GhArchiveFileOptions {
  readonly events: number;
  readonly seed: number;
  /** Share of events in `org`, e.g. 0.02; default 0.02. */
  readonly orgShare?: number;
  readonly org: string;
  /** Share of events in the trimmed (post 2025-10-07) shape; default 0.6. */
  readonly trimmedShare?: number;
}

/** What was written. */
export interface GhArchiveFileInfo {
  readonly path: string;
  readonly events: number;
  /** Bytes of JSON lines before compression. */
  readonly rawBytes: number;
  readonly gzBytes: number;
}

/** Bumped whenever the generated content changes, so cached files are rewritten. */
const FORMAT_VERSION = 1;
/** Characters handed to gzip per write: large enough to keep it busy, small enough to stream. */
const CHUNK_CHARS = 1 << 20;

interface FileMeta extends GhArchiveFileInfo {
  readonly formatVersion: number;
  readonly params: Required<GhArchiveFileOptions>;
}

function normalize(options: GhArchiveFileOptions): Required<GhArchiveFileOptions> {
  return {
    events: options.events,
    seed: options.seed,
    orgShare: options.orgShare ?? 0.02,
    org: options.org,
    trimmedShare: options.trimmedShare ?? 0.6,
  };
}

/** The path of the small JSON file written beside a GH Archive file to describe it. */
export function metaPathOf(path: string): string {
  return `${path}.meta.json`;
}

/**
 * Writes a gzipped JSON-lines GH Archive hour file of `events` generated events, streaming (memory
 * stays flat however many events), then `{path}.meta.json` describing it. The file appears under
 * its name only when complete (written to a temporary name, then renamed), and the meta file is
 * written last, so a file with a matching meta file is whole.
 */
export async function writeGhArchiveFile(
  path: string,
  options: GhArchiveFileOptions,
): Promise<GhArchiveFileInfo> {
  const params = normalize(options);
  const temporary = `${path}.partial`;
  await rm(metaPathOf(path), { force: true });
  // Level 1 compresses these synthetic lines about 7 to 1, like real GH Archive hours, and fast.
  const gzip = createGzip({ level: 1 });
  const written = pipeline(gzip, createWriteStream(temporary));
  let rawBytes = 0;
  try {
    let pending = '';
    for (const event of generateBenchEvents(params)) {
      pending += `${JSON.stringify(event)}\n`;
      if (pending.length >= CHUNK_CHARS) {
        rawBytes += Buffer.byteLength(pending);
        if (!gzip.write(pending)) await once(gzip, 'drain');
        pending = '';
      }
    }
    rawBytes += Buffer.byteLength(pending);
    gzip.end(pending);
    await written;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
  const gzBytes = (await stat(path)).size;
  const info: GhArchiveFileInfo = { path, events: params.events, rawBytes, gzBytes };
  const meta: FileMeta = { ...info, formatVersion: FORMAT_VERSION, params };
  await writeFile(metaPathOf(path), `${JSON.stringify(meta, null, 2)}\n`);
  return info;
}

/**
 * Returns the file's description when `path` exists with a meta file for the same options and
 * generator version, else writes it first. For benchmarks that should not pay for writing twice.
 */
export async function ensureGhArchiveFile(
  path: string,
  options: GhArchiveFileOptions,
): Promise<GhArchiveFileInfo> {
  const params = normalize(options);
  try {
    const meta = JSON.parse(await readFile(metaPathOf(path), 'utf8')) as FileMeta;
    const size = (await stat(path)).size;
    if (
      meta.formatVersion === FORMAT_VERSION &&
      JSON.stringify(meta.params) === JSON.stringify(params) &&
      meta.gzBytes === size
    ) {
      return { path, events: meta.events, rawBytes: meta.rawBytes, gzBytes: meta.gzBytes };
    }
  } catch {
    // No usable cache: fall through and write the file.
  }
  return writeGhArchiveFile(path, options);
}
