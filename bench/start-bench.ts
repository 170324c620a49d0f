// `npm run bench -- --only start`: what a command costs before it does its work. Whole processes,
// spawned as a user runs them (`node bin/rungs.js ...` on the compiled build), against `node -e ''`
// spawned the same way in the same run. Runs of all commands are interleaved, so load from other
// work on the machine falls on every command alike.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One command measured: its median wall time, its ratio to the baseline, and its peak memory. */
export interface StartMeasurement {
  readonly label: string;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Median of the runs' peak resident set sizes, or null where GNU time is not installed. */
  readonly peakRssMb: number | null;
}

/** What the start phase reports. */
export interface StartBench {
  readonly runs: number;
  readonly measurements: readonly StartMeasurement[];
}

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  /** Run before each timed run, untimed (a fresh database for the import). */
  readonly before?: () => Promise<void>;
  /** What stdout must contain, so a command that failed quietly is not measured as fast. */
  readonly expect: string;
}

const GNU_TIME = '/usr/bin/time';

/** Three rows of off-GitHub activity: the smallest real import. */
const TINY_CSV = [
  'id,kind,login,date,title,series',
  'm-2026-03-04-alice,meeting_attended,alice,2026-03-04,Community call,community-call',
  'm-2026-03-04-bob,meeting_attended,bob,2026-03-04,Community call,community-call',
  't-2026-03-10-alice,talk_given,alice,2026-03-10,A talk on ladders,',
].join('\n');

/**
 * Measures `node -e ''` (the baseline), `rungs --help`, `rungs --version`, a 3-row `rungs import
 * activities` into a fresh SQLite file and `rungs leaderboard` on it, `runs` times each, through
 * `bin/rungs.js` under `root` (which must hold a current build: see `npm run build`). Also
 * `rungs --help` from the sources through tsx, which is what a development checkout pays. Throws
 * when a command exits non-zero or prints something else than expected.
 */
export async function measureStart(root: string, runs: number): Promise<StartBench> {
  const bin = join(root, 'bin', 'rungs.js');
  if (!existsSync(join(root, 'dist', 'main.js'))) throw new Error('no dist/: run `npm run build` first');
  const work = await mkdtemp(join(tmpdir(), 'rungs-start-'));
  try {
    const csv = join(work, 'tiny.csv');
    await writeFile(csv, `${TINY_CSV}\n`);
    const importedDb = join(work, 'imported.db');
    const boardDb = join(work, 'board.db');
    run(['node', bin, '--db', boardDb, 'import', 'activities', csv], root, '3 new activities');
    const fromSources = `const { main } = await import(${JSON.stringify(join(root, 'src', 'main.ts'))}); process.exitCode = await main(process.argv);`;
    const commands: Command[] = [
      { label: "node -e '' (baseline)", argv: ['node', '-e', ''], expect: '' },
      { label: 'rungs --help', argv: ['node', bin, '--help'], expect: 'Usage: rungs' },
      { label: 'rungs --version', argv: ['node', bin, '--version'], expect: '.' },
      {
        label: 'rungs import activities (3 rows, new SQLite file)',
        argv: ['node', bin, '--db', importedDb, 'import', 'activities', csv],
        before: () => removeDatabase(importedDb),
        expect: '3 new activities',
      },
      {
        label: 'rungs leaderboard (on those 3 rows)',
        argv: ['node', bin, '--db', boardDb, 'leaderboard', '--window', 'all'],
        expect: 'alice',
      },
      {
        label: 'rungs --help from the sources (tsx, development)',
        argv: ['node', '--import', 'tsx', '--input-type=module', '-e', fromSources, 'rungs', '--help'],
        expect: 'Usage: rungs',
      },
    ];
    const times = commands.map(() => [] as number[]);
    const rss = commands.map(() => [] as number[]);
    // One untimed round first: the page cache then holds every file for every command alike.
    for (const command of commands) {
      await command.before?.();
      run(command.argv, root, command.expect);
    }
    for (let round = 0; round < runs; round += 1) {
      for (const [index, command] of commands.entries()) {
        await command.before?.();
        const result = run(command.argv, root, command.expect);
        times[index]!.push(result.ms);
        if (result.peakRssMb !== null) rss[index]!.push(result.peakRssMb);
      }
    }
    return {
      runs,
      measurements: commands.map((command, index) => ({
        label: command.label,
        medianMs: median(times[index]!),
        minMs: Math.min(...times[index]!),
        maxMs: Math.max(...times[index]!),
        peakRssMb: rss[index]!.length === 0 ? null : median(rss[index]!),
      })),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The start figures as lines of text, with each command's ratio to the baseline's median. */
export function formatStartBench(bench: StartBench): string {
  const baseline = bench.measurements[0]!.medianMs;
  const width = Math.max(...bench.measurements.map((m) => m.label.length));
  return bench.measurements
    .map((m, index) => {
      const ratio = index === 0 ? 'baseline' : `${(m.medianMs / baseline).toFixed(2)}x`;
      const memory = m.peakRssMb === null ? 'peak RSS n/a' : `peak RSS ${m.peakRssMb.toFixed(0)} MiB`;
      return `  ${m.label.padEnd(width)}  ${m.medianMs.toFixed(0).padStart(5)} ms  ${ratio.padStart(8)}  (${m.minMs.toFixed(0)}-${m.maxMs.toFixed(0)} ms)  ${memory}`;
    })
    .join('\n');
}

function run(
  argv: readonly string[],
  cwd: string,
  expect: string,
): { readonly ms: number; readonly peakRssMb: number | null } {
  // GNU time reports the child's peak RSS on stderr's last line; its own cost is about a millisecond.
  const timed = existsSync(GNU_TIME);
  const [file, ...args] = timed
    ? [GNU_TIME, '-f', '%M', process.execPath, ...argv.slice(1)]
    : [process.execPath, ...argv.slice(1)];
  const started = performance.now();
  const result = spawnSync(file!, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - started;
  if (result.status !== 0 || !result.stdout.includes(expect)) {
    throw new Error(
      `${argv.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`.slice(0, 2000),
    );
  }
  const kilobytes = timed ? Number(result.stderr.trim().split('\n').at(-1)) : Number.NaN;
  return { ms, peakRssMb: Number.isFinite(kilobytes) ? kilobytes / 1024 : null };
}

async function removeDatabase(path: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
