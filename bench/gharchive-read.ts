import { performance } from 'node:perf_hooks';
import { openGhArchiveStream } from '../src/adapters/gharchive/open-gharchive-stream.ts';
import type { GhArchiveFilter, GhArchiveReadCounts } from '../src/adapters/gharchive/read-gharchive-file.ts';
import { readGhArchiveFile } from '../src/adapters/gharchive/read-gharchive-file.ts';

/**
 * Wall time, and CPU time of the whole process (the main thread and zlib's worker thread). Inflating
 * runs on a worker thread while the reader splits and filters on the main thread, so on an idle
 * machine with two cores the wall ratio is lower than the CPU ratio; on a busy one it approaches it.
 */
export interface TimeMeasure {
  readonly ms: number;
  readonly cpuMs: number;
}

/** Time and decompressed size of only decompressing a file. */
export interface DecompressMeasure extends TimeMeasure {
  readonly bytes: number;
}

/** Time of reading a file through the GH Archive reader, with what it counted. */
export interface ReadMeasure extends TimeMeasure, GhArchiveReadCounts {}

/**
 * The baseline: decompresses `path` to nowhere, counting bytes. It opens the file exactly as the
 * reader does (same gzip detection, read and inflate chunk sizes), so the ratio of
 * {@link measureReadFiltered} to this is the cost of splitting, filtering and parsing alone; it is
 * not a weakened baseline (zlib's default 16 KiB chunks would be about three times slower).
 */
export async function measureDecompressOnly(path: string): Promise<DecompressMeasure> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const { stream } = await openGhArchiveStream(path);
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) bytes += chunk.length;
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpuStarted), bytes };
}

/**
 * Reads `path` through `readGhArchiveFile` with `filter`, touching each kept event, and returns the
 * time with the reader's counts. Fails if the reader reports no `done` entry.
 */
export async function measureReadFiltered(path: string, filter: GhArchiveFilter): Promise<ReadMeasure> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let touched = 0;
  for await (const entry of readGhArchiveFile(path, { filter })) {
    if (entry.kind === 'event') touched += entry.event.type === undefined ? 0 : 1;
    else if (entry.kind === 'done') {
      const ms = performance.now() - started;
      const cpuMs = cpuMsSince(cpuStarted);
      if (touched !== entry.kept) throw new Error(`reader kept ${entry.kept} events but yielded ${touched}`);
      const { kind: _kind, ...counts } = entry;
      return { ms, cpuMs, ...counts };
    }
  }
  throw new Error(`reading ${path} ended without its counts`);
}

function cpuMsSince(started: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
