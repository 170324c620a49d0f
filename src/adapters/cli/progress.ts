import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * cli-progress's bar, loaded when a bar is shown (stderr is a terminal), so runs without one never
 * load the library. Synchronous, so a progress display is made without waiting.
 */
export function loadSingleBar(): typeof import('cli-progress').SingleBar {
  return (require('cli-progress') as typeof import('cli-progress')).SingleBar;
}

/** Reports progress of a long import: a bar on a terminal, nothing otherwise. */
export interface Progress {
  /** Updates the count of inputs handled so far. */
  update(seen: number): void;
  stop(): void;
}

/**
 * Creates a progress display for `label` on stderr. On a terminal it is a live bar (with a total
 * when known, else a running count); when stderr is not a terminal (CI, pipes) it prints nothing, so
 * logs stay clean and the end-of-run summary says it all.
 */
export function createProgress(label: string, total?: number): Progress {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const format =
    total === undefined
      ? `${label} {value} inputs | {rate}/s | {duration_formatted}`
      : `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | eta {eta_formatted}`;
  const SingleBar = loadSingleBar();
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, fps: 5, etaBuffer: 50 });
  const started = Date.now();
  bar.start(total ?? 0, 0, { rate: 0 });
  return {
    update: (seen) => {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(seen, { rate: Math.round(seen / seconds) });
    },
    stop: () => bar.stop(),
  };
}
