import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The package as npm ships it: the sources compiled by the build's tsconfig into a staged copy of
// the repository, packed by `npm pack` and unpacked into a folder of its own (with this checkout's
// node_modules), then run as processes. Nothing here uses the checkout's own dist/.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
/** A copy of the repository (sources included) with its own build: a development checkout. */
let checkout: string;
/** The unpacked tarball: what `npm install rungs` puts in node_modules. */
let installed: string;
/** The paths `npm pack --dry-run` lists. */
let packed: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rungs-build-'));
  checkout = join(work, 'checkout');
  mkdirSync(checkout);
  for (const entry of ['package.json', '.gitignore', 'README.md', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(ROOT, entry), join(checkout, entry));
  }
  for (const folder of ['bin', 'src', 'presets', 'schema', 'docs']) {
    cpSync(join(ROOT, folder), join(checkout, folder), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  // What `npm run build` runs (the package's own script, in the staged copy).
  runOrThrow('npm', ['run', 'build'], checkout);

  const dryRun = runOrThrow('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], checkout);
  packed = (JSON.parse(dryRun) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);

  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  runOrThrow('npm', ['pack', '--ignore-scripts', '--pack-destination', tarballs], checkout);
  const tarball = join(tarballs, `rungs-${VERSION}.tgz`);
  runOrThrow('tar', ['-xzf', tarball, '-C', work], work);
  installed = join(work, 'package');
  symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
}, 300_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('the package npm would ship', () => {
  test('carries the compiled build, the command, presets, schema and docs, and no sources or tests', () => {
    for (const path of [
      'bin/rungs.js',
      'dist/main.js',
      'dist/compose/ladder-evaluation-worker.js',
      'presets/ladders/kubestellar.yaml',
      'presets/scoring/balanced.yaml',
      'schema/ladder.schema.json',
      'docs/ladders.md',
    ]) {
      expect(packed).toContain(path);
    }
    expect(packed.filter((path) => path.startsWith('src/') || path.startsWith('test/'))).toEqual([]);
    expect(packed.filter((path) => path.endsWith('.test.js') || path.endsWith('.ts'))).toEqual([]);
  });
});

describe('the installed command, run as a process', () => {
  test('prints its help and its version and exits 0', () => {
    const help = rungs(installed, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: rungs');
    expect(help.stdout).toContain('leaderboard');
    const version = rungs(installed, ['--version']);
    expect(version).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
  });

  test('imports a three-row CSV into a new SQLite file and ranks the people in it', () => {
    const db = join(work, 'tiny.db');
    const csv = writeTinyCsv('tiny.csv');
    const imported = rungs(installed, ['--db', db, 'import', 'activities', csv]);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('3 records read, 3 new; 3 new activities');
    const board = rungs(installed, ['--db', db, 'leaderboard', '--window', 'all', '--format', 'json']);
    expect(board.status).toBe(0);
    const rows = (JSON.parse(board.stdout) as { rows: { login: string }[] }).rows;
    expect(rows.map((row) => row.login)).toEqual(['alice', 'bob']);
  });

  test('finds the shipped presets and the schema from its compiled modules', () => {
    const check = rungs(installed, [
      '--db',
      join(work, 'none.db'),
      'ladder',
      'check',
      '--preset',
      'kubernetes',
    ]);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('kubernetes.yaml: ok');
    const schema = rungs(installed, ['ladder', 'schema']);
    expect(schema.status).toBe(0);
    expect(schema.stdout).toBe(readFileSync(join(ROOT, 'schema', 'ladder.schema.json'), 'utf8'));
  });

  test('answers the ladder from its worker thread when serving', async () => {
    const db = join(work, 'served.db');
    expect(rungs(installed, ['--db', db, 'import', 'activities', writeTinyCsv('served.csv')]).status).toBe(0);
    const server = spawn(
      process.execPath,
      [join(installed, 'bin', 'rungs.js'), '--db', db, 'serve', '--port', '0'],
      {
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await readServerUrl(server);
      const response = await fetch(new URL('api/ladder', url));
      expect(response.status).toBe(200);
      const ladder = (await response.json()) as { people: number; policy: { name: string } };
      expect(ladder).toMatchObject({ people: 2, policy: { name: 'kubestellar' } });
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('close', resolve));
    }
  });

  test('says how to build it when dist/ is missing, and exits 1', () => {
    const unbuilt = join(work, 'unbuilt');
    cpSync(join(installed, 'bin'), join(unbuilt, 'bin'), { recursive: true });
    cpSync(join(installed, 'package.json'), join(unbuilt, 'package.json'));
    const run = rungs(unbuilt, ['--help']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('run `npm run build`');
  });
});

describe('loading only what a command needs', () => {
  const heavy = /\/node_modules\/(kysely|better-sqlite3|pg|hono|@hono|@octokit)\//;

  test('rungs --help and rungs --version load no storage, server or GitHub module', () => {
    for (const args of [['--help'], ['--version']]) {
      const { run, loaded } = rungsLoading(installed, args);
      expect(run.status).toBe(0);
      expect(loaded.some((url) => url.endsWith('/dist/main.js'))).toBe(true);
      expect(loaded.filter((url) => heavy.test(url))).toEqual([]);
    }
  });

  test('rungs ladder check with no database loads no storage module; with one it does', () => {
    const none = rungsLoading(installed, ['--db', join(work, 'absent.db'), 'ladder', 'check']);
    expect(none.run.status).toBe(0);
    expect(none.loaded.filter((url) => heavy.test(url))).toEqual([]);
    const db = join(work, 'checked.db');
    expect(rungs(installed, ['--db', db, 'import', 'activities', writeTinyCsv('checked.csv')]).status).toBe(
      0,
    );
    const stored = rungsLoading(installed, ['--db', db, 'ladder', 'check']);
    expect(stored.run.status).toBe(0);
    expect(stored.loaded.some((url) => url.includes('/node_modules/kysely/'))).toBe(true);
    expect(stored.loaded.filter((url) => /\/node_modules\/(pg|hono|@hono|@octokit)\//.test(url))).toEqual([]);
  });
});

describe('a development checkout', () => {
  test('runs its build while it is current, and its sources through tsx once a source is newer', () => {
    const fresh = rungsLoading(checkout, ['--version']);
    expect(fresh.run).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    expect(fresh.loaded.some((url) => url.endsWith('/checkout/dist/main.js'))).toBe(true);
    expect(fresh.loaded.some((url) => url.endsWith('/checkout/src/main.ts'))).toBe(false);

    const later = new Date(Date.now() + 60_000);
    utimesSync(join(checkout, 'src', 'compose', 'config.ts'), later, later);
    const stale = rungsLoading(checkout, ['--version']);
    expect(stale.run).toMatchObject({ status: 0, stdout: `${VERSION}\n` });
    expect(stale.loaded.some((url) => url.endsWith('/checkout/src/main.ts'))).toBe(true);
    expect(stale.loaded.some((url) => url.endsWith('/checkout/dist/main.js'))).toBe(false);
  });
});

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function rungs(packageRoot: string, args: readonly string[], nodeOptions: readonly string[] = []): Run {
  const result = spawnSync(
    process.execPath,
    [...nodeOptions, join(packageRoot, 'bin', 'rungs.js'), ...args],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs rungs with a module hook that records the URL of every module loaded (ours and packages'). */
function rungsLoading(packageRoot: string, args: readonly string[]): { run: Run; loaded: string[] } {
  const log = join(work, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const hook = join(work, 'record-loads.mjs');
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n');
  return next(url, context);
}`;
  writeFileSync(
    hook,
    `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`,
  );
  const run = rungs(packageRoot, args, ['--import', hook]);
  return { run, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

function writeTinyCsv(name: string): string {
  const path = join(work, name);
  writeFileSync(
    path,
    [
      'id,kind,login,date,title,series',
      'm-2026-03-04-alice,meeting_attended,alice,2026-03-04,Community call,community-call',
      'm-2026-03-04-bob,meeting_attended,bob,2026-03-04,Community call,community-call',
      't-2026-03-10-alice,talk_given,alice,2026-03-10,A talk on ladders,',
      '',
    ].join('\n'),
  );
  return path;
}

function runOrThrow(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

function readServerUrl(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /rungs dashboard: (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    server.once('close', (code) =>
      reject(new Error(`the server exited (${code}) before listening:\n${out}${err}`)),
    );
  });
}
