import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * cli-progress's bar, loaded when a bar is shown (stderr is a terminal), so runs without one never
 * load the library. Synchronous, so a progress display is made without waiting.
 */
export function loadSingleBar(): typeof import('cli-progress').SingleBar {
  return (require('cli-progress') as typeof import('cli-progress')).SingleBar;
}

/** Reports progress of a long import: a bar on a terminal, plain periodic lines otherwise. */
export interface Progress {
  /** Updates the count of inputs handled so far. */
  update(seen: number): void;
  stop(): void;
}

/** Where progress goes: a live bar on a terminal, or plain lines (logs, CI, pipes). */
export interface ProgressOutput {
  /** Whether stderr is a terminal, so a bar can redraw itself in place. */
  readonly isTerminal: boolean;
  /** Writes one plain line (to stderr) when there is no terminal. */
  readonly writeLine: (line: string) => void;
  /** The clock, in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** How often a plain line is written while work goes on (default every 10 s). */
  readonly intervalMs?: number;
}

/** Progress over a known number of files, each reported as it settles. */
export interface FileProgress {
  /** Files settled so far, and inputs read so far (files under way included). */
  update(filesDone: number, inputs: number): void;
  /** A file settled; `note` says how (`2025-01-01-5 imported: 300 records`). */
  fileDone(filesDone: number, inputs: number, note: string): void;
  stop(): void;
}

const DEFAULT_INTERVAL_MS = 10_000;

/** Progress on this process's stderr: a bar when it is a terminal, plain lines otherwise. */
export function createStderrProgressOutput(writeLine: (line: string) => void): ProgressOutput {
  return { isTerminal: process.stderr.isTTY === true, writeLine };
}

/**
 * Creates a progress display for `label`. On a terminal it is a live bar on stderr (with a total
 * when known, else a running count); otherwise a plain line every `intervalMs` while inputs keep
 * coming (`webhooks: 120,000 inputs, 4,100/s, 29 s`), and none for a short run: the end-of-run
 * summary says it all.
 */
export function createProgress(label: string, total?: number, output?: ProgressOutput): Progress {
  const out = output ?? createStderrProgressOutput((line) => process.stderr.write(`${line}\n`));
  const now = out.now ?? Date.now;
  const started = now();
  if (!out.isTerminal) {
    const interval = out.intervalMs ?? DEFAULT_INTERVAL_MS;
    let lastLine = started;
    return {
      update: (seen) => {
        const at = now();
        if (at - lastLine < interval) return;
        lastLine = at;
        const seconds = (at - started) / 1000;
        const of = total === undefined ? '' : ` of ${formatCount(total)}`;
        out.writeLine(
          `${label}: ${formatCount(seen)}${of} inputs, ${formatCount(seen / Math.max(seconds, 0.001))}/s, ${formatDuration(seconds)}`,
        );
      },
      stop: () => {},
    };
  }
  const format =
    total === undefined
      ? `${label} {value} inputs | {rate}/s | {duration_formatted}`
      : `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | eta {eta_formatted}`;
  const SingleBar = loadSingleBar();
  const bar = new SingleBar({ format, stream: process.stderr, hideCursor: true, fps: 5, etaBuffer: 50 });
  bar.start(total ?? 0, 0, { rate: 0 });
  return {
    update: (seen) => {
      const seconds = Math.max((now() - started) / 1000, 0.001);
      bar.update(seen, { rate: Math.round(seen / seconds) });
    },
    stop: () => bar.stop(),
  };
}

/**
 * Creates a progress display over `filesTotal` files: files done of the total, events read, their
 * rate and the time left (from the pace of the files done so far). On a terminal it is a live bar;
 * otherwise a plain line at each file's end, with how that file settled, and every `intervalMs`
 * while a long file is read.
 */
export function createFileProgress(label: string, filesTotal: number, output: ProgressOutput): FileProgress {
  const now = output.now ?? Date.now;
  const started = now();
  const describe = (filesDone: number, inputs: number) => {
    const seconds = (now() - started) / 1000;
    const rate = inputs / Math.max(seconds, 0.001);
    const left = filesTotal - filesDone;
    const eta = filesDone === 0 ? null : left === 0 ? 0 : (seconds / filesDone) * left;
    return {
      files: `${filesDone}/${filesTotal} files`,
      events: `${formatCount(inputs)} events`,
      rate: `${formatCount(rate)}/s`,
      eta: eta === null ? '?' : formatDuration(eta),
    };
  };

  if (!output.isTerminal) {
    const interval = output.intervalMs ?? DEFAULT_INTERVAL_MS;
    let lastLine = started;
    const line = (filesDone: number, inputs: number, note: string | null): void => {
      lastLine = now();
      const parts = describe(filesDone, inputs);
      output.writeLine(
        `${label} ${parts.files}, ${parts.events}, ${parts.rate}, eta ${parts.eta}${note === null ? '' : `; ${note}`}`,
      );
    };
    return {
      update: (filesDone, inputs) => {
        if (now() - lastLine >= interval) line(filesDone, inputs, null);
      },
      fileDone: (filesDone, inputs, note) => line(filesDone, inputs, note),
      stop: () => {},
    };
  }

  const SingleBar = loadSingleBar();
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} files | {events} | {rate} | eta {left}`,
    stream: process.stderr,
    hideCursor: true,
    fps: 5,
  });
  const payload = (filesDone: number, inputs: number) => {
    const parts = describe(filesDone, inputs);
    return { events: parts.events, rate: parts.rate, left: parts.eta };
  };
  bar.start(filesTotal, 0, payload(0, 0));
  return {
    update: (filesDone, inputs) => bar.update(filesDone, payload(filesDone, inputs)),
    fileDone: (filesDone, inputs) => bar.update(filesDone, payload(filesDone, inputs)),
    stop: () => bar.stop(),
  };
}

function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `45 s`, `3 min 20 s`, `2 h 05 min`. */
function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}
