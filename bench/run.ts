// `npm run bench`: measures rungs against baselines taken in the same run, on generated data of
// realistic size. Each phase runs in its own child process so its peak memory is its own.
// Usage: npm run bench [-- --only gharchive,git,sync] [--events 400000] [--commits 100000]
//        [--people 100000 --activities 5000000] [--repos 50 --items 100000] [--hour-events 50000].
//        [--runs 21] for start.
//        The default set is start,gharchive,git,ladder; sync (about 5 minutes), server (5M acts by default;
//        the first run builds the community, ~10 minutes) and ladder-storage (with ladder: the same
//        evaluation read from SQLite; the first run writes the database, ~3 minutes) and gharchive-jobs
//        (a range of 4 cached hour files imported with --jobs 1, then 2) are opt-in.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CACHE = join(ROOT, '.bench');
const BENCH_ORG = 'bench-org';
/** Rows per transaction when replaying an import's rows into SQLite alone (the import's floor). */
const FLOOR_ROWS_PER_TRANSACTION = 20_000;

interface PhaseResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly [key: string]: unknown;
}

type Phase = (args: Readonly<Record<string, string>>) => Promise<Record<string, unknown>>;

const PHASES: Readonly<Record<string, Phase>> = {
  async start(args) {
    const { measureStart, formatStartBench } = await import('./start-bench.ts');
    return { report: formatStartBench(await measureStart(ROOT, Number(args.runs))) };
  },
  async 'gharchive-write'(args) {
    const { ensureGhArchiveFile } = await import('./write-gharchive-files.ts');
    return {
      ...(await ensureGhArchiveFile(args.file!, {
        events: Number(args.events),
        seed: Number(args.seed ?? 7),
        org: BENCH_ORG,
      })),
    };
  },
  async 'gharchive-decompress'(args) {
    const { measureDecompressOnly } = await import('./gharchive-read.ts');
    return { ...(await measureDecompressOnly(args.file!)) };
  },
  async 'gharchive-parse'(args) {
    const { measureReadFiltered } = await import('./gharchive-read.ts');
    return { ...(await measureReadFiltered(args.file!, { orgs: [], repos: [] })) };
  },
  async 'gharchive-import'(args) {
    const { openServices } = await import('../src/compose/open-services.ts');
    const services = await openServices({ storage: { kind: 'sqlite', path: args.db! } });
    try {
      const filter = { orgs: args.org ? [args.org] : [], repos: [] };
      const started = performance.now();
      const summary = await services.importGhArchive(args.file!, filter, () => {});
      return {
        importMs: performance.now() - started,
        lines: summary.lines,
        records: summary.records,
        activities: summary.newActivities,
        ignored: summary.ignored,
        problems: summary.problemCount,
      };
    } finally {
      await services.close();
    }
  },
  async 'gharchive-jobs-import'(args) {
    const { openServices } = await import('../src/compose/open-services.ts');
    const services = await openServices({ storage: { kind: 'sqlite', path: args.db! } });
    try {
      const filter = { orgs: args.org ? [args.org] : [], repos: [] };
      const started = performance.now();
      // Every hour is in the cache folder already: nothing is fetched (the base URL is never asked).
      const summary = await services.importGhArchiveRange(
        {
          hours: args.hours!.split(','),
          filter,
          jobs: Number(args.jobs),
          cacheFolder: args.cache!,
          baseUrl: 'http://127.0.0.1:9',
        },
        () => {},
      );
      return {
        importMs: performance.now() - started,
        lines: summary.total.lines,
        records: summary.total.records,
        imported: summary.hours.filter((hour) => hour.outcome.kind === 'imported').length,
      };
    } finally {
      await services.close();
    }
  },
  async 'gharchive-floor'(args) {
    const { measureSqliteFloor } = await import('./sqlite-floor.ts');
    return { ...measureSqliteFloor(args.db!, args.target!, Number(args.rows)) };
  },
  async ladder(args) {
    const { measureLadderEvaluation, formatLadderBench } = await import('./ladder-bench.ts');
    const result = await measureLadderEvaluation({
      people: Number(args.people),
      activities: Number(args.activities),
    });
    return { report: formatLadderBench(result) };
  },
  async 'ladder-storage'(args) {
    const { measureLadderFromStorage, formatLadderStorageBench } = await import('./ladder-storage-bench.ts');
    const result = await measureLadderFromStorage({
      path: args.db!,
      people: Number(args.people),
      activities: Number(args.activities),
    });
    return { report: formatLadderStorageBench(result) };
  },
  async server(args) {
    const { runServerBench, formatServerBench } = await import('./server-bench.ts');
    const report = await runServerBench({
      db: args.db!,
      people: Number(args.people),
      activities: Number(args.activities),
    });
    return { report: formatServerBench(report) };
  },
  async sync(args) {
    const { runSyncBench } = await import('./sync-bench.ts');
    return { ...(await runSyncBench({ repos: Number(args.repos), items: Number(args.items) })) };
  },
  async 'git-make'(args) {
    const { makeGitRepo } = await import('./make-git-repo.ts');
    await makeGitRepo(args.repo!, Number(args.commits));
    return {};
  },
  async 'git-log'(args) {
    const started = performance.now();
    const result = spawnSync(
      'git',
      [
        '-C',
        args.repo!,
        'log',
        '--reverse',
        '--topo-order',
        '-z',
        '--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s',
      ],
      { maxBuffer: 1 << 30 },
    );
    if (result.status !== 0) throw new Error(`git log failed: ${result.stderr}`);
    return { logMs: performance.now() - started, bytes: result.stdout.length };
  },
  async 'git-import'(args) {
    const { openServices } = await import('../src/compose/open-services.ts');
    const services = await openServices({ storage: { kind: 'sqlite', path: args.db! } });
    try {
      const started = performance.now();
      const summary = await services.importGit(
        args.repo!,
        'bench/repo',
        () => {},
        () => {},
      );
      return {
        importMs: performance.now() - started,
        records: summary.records,
        activities: summary.newActivities,
      };
    } finally {
      await services.close();
    }
  },
};

async function runPhase(name: string, args: Record<string, string>): Promise<PhaseResult> {
  const argv = [
    '--expose-gc',
    '--import',
    'tsx',
    fileURLToPath(import.meta.url),
    '--phase',
    name,
    ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]),
  ];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`phase ${name} failed (exit ${code}): ${out}`);
  return JSON.parse(line) as PhaseResult;
}

function parseArgs(argv: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const key = argv[index]!;
    if (key.startsWith('--')) {
      args[key.slice(2)] = argv[index + 1] ?? '';
      index += 1;
    }
  }
  return args;
}

const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.phase !== undefined) {
    const phase = PHASES[args.phase];
    if (!phase) throw new Error(`unknown phase ${args.phase}`);
    const started = performance.now();
    const result = await phase(args);
    const ms = performance.now() - started;
    process.stdout.write(
      `${JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...result })}\n`,
    );
    return;
  }

  const only = new Set((args.only ?? 'start,gharchive,git,ladder').split(','));
  const events = Number(args.events ?? 400_000);
  const commits = Number(args.commits ?? 100_000);
  const work = await mkdtemp(join(tmpdir(), 'rungs-bench-'));
  // The generated inputs are kept here between runs; a fresh clone has no such folder yet.
  await mkdir(CACHE, { recursive: true });
  console.log(
    `rungs bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`,
  );
  try {
    if (only.has('start')) {
      // The compiled build of the current sources is what a user runs; build it first.
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
      const runs = Number(args.runs ?? 21);
      const result = await runPhase('start', { runs: String(runs) });
      console.log(
        `\nStarting a command: whole processes, median of ${runs} runs each (load average ${loadavg()[0]!.toFixed(1)} at the end)\n${result.report as string}`,
      );
    }
    if (only.has('gharchive')) {
      const file = join(CACHE, `gharchive-${events}.json.gz`);
      const written = await runPhase('gharchive-write', { file, events: String(events) });
      const info = written as unknown as { events: number; rawBytes: number; gzBytes: number };
      console.log(
        `\nGH Archive file: ${fmt(info.events)} events, ${fmt(info.rawBytes / 2 ** 20)} MiB raw (${fmt(info.rawBytes / info.events)} B/event), ${fmt(info.gzBytes / 2 ** 20)} MiB gzipped`,
      );
      const decompress = await runPhase('gharchive-decompress', { file });
      const parse = await runPhase('gharchive-parse', { file });
      const filtered = await runPhase('gharchive-import', {
        file,
        db: join(work, 'filtered.db'),
        org: BENCH_ORG,
      });
      const unfiltered = await runPhase('gharchive-import', { file, db: join(work, 'all.db') });
      const floor = await runPhase('gharchive-floor', {
        db: join(work, 'all.db'),
        target: join(work, 'floor.db'),
        rows: String(FLOOR_ROWS_PER_TRANSACTION),
      });
      const decompressMs = decompress.ms;
      const filteredMs = filtered.importMs as number;
      const allMs = unfiltered.importMs as number;
      console.log(`  decompress only (baseline)     ${fmt(decompressMs)} ms`);
      console.log(
        `  decompress and parse every line ${fmt(parse.ms)} ms = ${fmt(parse.ms / decompressMs, 2)}x decompression; ${fmt((parse.lines as number) / (parse.ms / 1000))} events/s (second baseline: the most an unfiltered import on one thread could do)`,
      );
      console.log(
        `  import filtered to ${BENCH_ORG}   ${fmt(filteredMs)} ms = ${fmt(filteredMs / decompressMs, 2)}x decompression (target <= 1.5x); ${fmt(filtered.records as number)} events kept, peak RSS ${fmt(filtered.maxRssMb)} MiB`,
      );
      console.log(
        `  import unfiltered into SQLite  ${fmt(allMs)} ms = ${fmt(allMs / decompressMs, 2)}x decompression; ${fmt((unfiltered.lines as number) / (allMs / 1000))} events/s (target >= 50,000); ${fmt(unfiltered.records as number)} stored, ${fmt(unfiltered.activities as number)} activities, peak RSS ${fmt(unfiltered.maxRssMb)} MiB`,
      );
      const floorTables = floor.tables as { table: string; rows: number; ms: number }[];
      console.log(
        `  SQLite alone, the same rows    ${fmt(floor.ms)} ms = ${fmt((unfiltered.lines as number) / (floor.ms / 1000))} events/s at most for any import of this file (${fmt(floor.rows as number)} rows by plain prepared statements, ${fmt(FLOOR_ROWS_PER_TRANSACTION)} per transaction: ${floorTables.map((t) => `${t.table} ${fmt(t.rows)} in ${fmt(t.ms)} ms`).join(', ')})`,
      );
    }
    if (only.has('gharchive-jobs')) {
      // Opt-in: --jobs 1 against --jobs 2 over the same cached hour files, filtered and not.
      const hourEvents = Number(args['hour-events'] ?? 50_000);
      const cache = join(CACHE, `gharchive-hours-${hourEvents}`);
      const hours = ['2025-06-01-12', '2025-06-01-13', '2025-06-01-14', '2025-06-01-15'];
      await mkdir(cache, { recursive: true });
      for (const [index, hour] of hours.entries()) {
        await runPhase('gharchive-write', {
          file: join(cache, `${hour}.json.gz`),
          events: String(hourEvents),
          seed: String(11 + index),
        });
      }
      console.log(`\nGH Archive range: ${hours.length} cached hour files of ${fmt(hourEvents)} events each`);
      for (const org of [BENCH_ORG, '']) {
        const times: number[] = [];
        for (const jobs of [1, 2]) {
          const db = join(work, `jobs-${jobs}-${org || 'all'}.db`);
          const result = await runPhase('gharchive-jobs-import', {
            db,
            cache,
            hours: hours.join(','),
            jobs: String(jobs),
            ...(org ? { org } : {}),
          });
          const ms = result.importMs as number;
          times.push(ms);
          console.log(
            `  ${org ? `filtered to ${org}` : 'unfiltered'}, --jobs ${jobs}   ${fmt(ms)} ms; ${fmt((result.lines as number) / (ms / 1000))} lines/s, ${fmt(result.records as number)} records, peak RSS ${fmt(result.maxRssMb)} MiB`,
          );
        }
        console.log(`    --jobs 2 takes ${fmt(times[1]! / times[0]!, 2)}x the time of --jobs 1`);
      }
    }
    if (only.has('ladder')) {
      const people = Number(args.people ?? 100_000);
      const activities = Number(args.activities ?? 5_000_000);
      const result = await runPhase('ladder', { people: String(people), activities: String(activities) });
      console.log(
        `\nLadder evaluation (in memory, peak RSS ${fmt(result.maxRssMb)} MiB)\n${result.report as string}`,
      );
      // Opt-in: the first run writes the community into SQLite (minutes at full size), later runs reuse it.
      if (only.has('ladder-storage')) {
        const db = join(CACHE, `ladder-community-${people}-${activities}.db`);
        const stored = await runPhase('ladder-storage', {
          db,
          people: String(people),
          activities: String(activities),
        });
        console.log(
          `\nLadder evaluation from storage (peak RSS ${fmt(stored.maxRssMb)} MiB)\n${stored.report as string}`,
        );
      }
    }
    if (only.has('server')) {
      const people = String(args.people ?? 100_000);
      const activities = String(args.activities ?? 5_000_000);
      const db = join(CACHE, `server-community-${people}-${activities}.db`);
      const result = await runPhase('server', { db, people, activities });
      console.log(
        `\nServer on loopback (peak RSS of the bench process ${fmt(result.maxRssMb)} MiB)\n${result.report as string}`,
      );
    }
    if (only.has('sync')) {
      const repos = Number(args.repos ?? 50);
      const items = Number(args.items ?? 100_000);
      const result = await runPhase('sync', { repos: String(repos), items: String(items) });
      const backfill = result.backfill as Record<string, number>;
      const unchanged = result.unchanged as Record<string, number>;
      console.log(
        `\nGitHub sync against a local server: ${fmt(repos)} repositories, ${fmt(items)} issues and PRs (${fmt(result.served as number)} API entries)`,
      );
      console.log(
        `  backfill   ${fmt(backfill.seconds!, 1)} s; ${fmt(backfill.itemsPerSecond!)} items/s, ${fmt(backfill.requestsPerItem!, 3)} requests per item (${fmt(backfill.requests!)} requests), peak RSS ${fmt(result.maxRssMb)} MiB`,
      );
      console.log(
        `  unchanged  ${fmt(unchanged.seconds!, 1)} s; ${fmt(unchanged.requests!)} requests (conditional, 304), ${fmt(unchanged.newRecords!)} new records`,
      );
    }
    if (only.has('git')) {
      const repo = join(CACHE, `git-${commits}.git`);
      await runPhase('git-make', { repo, commits: String(commits) });
      const log = await runPhase('git-log', { repo });
      const imported = await runPhase('git-import', { repo, db: join(work, 'git.db') });
      const logMs = log.logMs as number;
      const importMs = imported.importMs as number;
      console.log(`\ngit history: ${fmt(commits)} commits`);
      console.log(`  git log (baseline)   ${fmt(logMs)} ms`);
      console.log(
        `  import into SQLite   ${fmt(importMs)} ms = ${fmt(importMs / logMs, 2)}x git log; ${fmt((imported.records as number) / (importMs / 1000))} commits/s, peak RSS ${fmt(imported.maxRssMb)} MiB`,
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
