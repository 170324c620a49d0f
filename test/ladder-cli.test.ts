import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readActivityIngestItems } from '../src/adapters/activities-file/read-activity-ingest-items.ts';
import { registerLadderCommands } from '../src/adapters/cli/ladder-commands.ts';
import { UsageError } from '../src/adapters/cli/usage-error.ts';
import { openDatabase } from '../src/adapters/storage/create-database.ts';
import { createKyselyStore } from '../src/adapters/storage/kysely-store.ts';
import { ingest } from '../src/app/ingest.ts';
import {
  checkLadderPolicyOnRecord,
  LADDER_PRESET_NAMES,
  openLadderServices,
} from '../src/compose/ladder-services.ts';

// The ladder and roles commands end to end: real activities imported from a CSV file into a real
// SQLite file, a roster imported from YAML, and the commands run in-process.

let folder: string;
let dbPath: string;

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]): Promise<{ out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('rungs')
    .option('--db <path>')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => out.push(text),
      writeErr: (text) => err.push(text),
    });
  registerLadderCommands(program, {
    openServices: (globals) =>
      openLadderServices({ storage: { kind: 'sqlite', path: globals.db ?? dbPath } }),
    checkPolicy: (choice, globals) =>
      checkLadderPolicyOnRecord({ storage: { kind: 'sqlite', path: globals.db ?? dbPath } }, choice),
    presets: LADDER_PRESET_NAMES,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    now: () => '2026-04-01T00:00:00Z',
  });
  await program.parseAsync(argv, { from: 'user' });
  return { out: out.join('\n'), err: err.join('\n') };
}

const MEETING_DAYS = [
  '2026-01-08',
  '2026-01-15',
  '2026-01-22',
  '2026-01-29',
  '2026-02-05',
  '2026-02-12',
  '2026-02-19',
  '2026-02-26',
  '2026-03-05',
  '2026-03-12',
];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'rungs-ladder-cli-'));
  dbPath = join(folder, 'rungs.db');
  const rows = [
    'id,kind,login,date,series,points,granted_by,reason,attestation,level,affiliation',
    'b1,bonus,alice,2026-01-10,,22000,maint,first half,,,',
    'b2,bonus,alice,2026-03-01,,19000,maint,second half,,,',
    'r1,attestation,alice,2026-03-20,,,bob,,mentor_recommendation,,',
    ...MEETING_DAYS.map((day, index) => `m-bob-${index},meeting_attended,bob,${day},community-call,,,,,,`),
    ...MEETING_DAYS.slice(0, 7).map(
      (day, index) => `m-alice-${index},meeting_attended,alice,${day},community-call,,,,,,`,
    ),
  ];
  const csv = file('activities.csv', `${rows.join('\n')}\n`);
  const database = await openDatabase({ kind: 'sqlite', path: dbPath });
  try {
    const summary = await ingest(readActivityIngestItems(csv), createKyselyStore(database));
    expect(summary.problemCount).toBe(0);
  } finally {
    await database.close();
  }
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('rungs roles import', () => {
  test('imports a roster once: importing it again changes nothing', async () => {
    const roster = file(
      'roster.yaml',
      `roles:
  - { login: alice, level: contributor, since: 2025-06-01 }
  - { login: alice, level: unpaid-mentee, since: 2026-01-05, decision: "cohort 2026-1" }
  - { login: bob, level: mentor, since: 2025-01-01 }
  - { login: maint, level: maintainer, since: 2024-01-01 }
`,
    );
    expect((await run('roles', 'import', roster, '--preset', 'kubestellar')).out).toMatch(
      /4 added, 0 already recorded$/,
    );
    expect((await run('roles', 'import', roster, '--preset', 'kubestellar')).out).toMatch(
      /0 added, 4 already recorded$/,
    );
  });

  test('merges a roster entry overlapping another holding of the level into one, warning where it is', async () => {
    // A database of its own, so the ladder reports below count no extra maintainer.
    const own = join(folder, 'overlaps.db');
    const roster = file(
      'overlapping-roster.yaml',
      `roles:
  - { login: frank, level: maintainer, since: 2024-01-01, until: 2025-01-01, decision: "vote #1" }
  - { login: frank, level: maintainer, since: 2024-06-01 }
`,
    );
    const first = await run('--db', own, 'roles', 'import', roster, '--preset', 'kubestellar');
    expect(first.out).toMatch(/1 added, 0 already recorded, 1 entry overlapping another \(merged\)$/);
    expect(first.err).toBe(
      `warning: ${roster} roles[1]: frank's maintainer since 2024-06-01 overlaps the one recorded from 2024-01-01 until 2024-12-31: merged into one, since 2024-01-01`,
    );
    const again = await run('--db', own, 'roles', 'import', roster, '--preset', 'kubestellar');
    expect(again.out).toMatch(/0 added, 0 already recorded, 2 entries overlapping another \(merged\)$/);
    expect(again.err).toContain('already spans it: kept as recorded');
    const frank = JSON.parse(
      (await run('--db', own, 'roles', 'list', '--all', '--format', 'json')).out,
    ).filter((assignment: { login: string }) => assignment.login === 'frank');
    expect(frank).toMatchObject([{ since: '2024-01-01T00:00:00Z', until: null, decision: 'vote #1' }]);
  });

  test('refuses a roster naming levels the ladder does not have, with located diagnostics', async () => {
    const roster = file(
      'bad-roster.yaml',
      'roles:\n  - { login: carol, level: mentee, since: 2025-06-01 }\n',
    );
    await expect(run('roles', 'import', roster, '--preset', 'kubestellar')).rejects.toThrow(
      /bad-roster\.yaml:2:28 roles\[0\]\.level: no level "mentee" in kubestellar; levels: contributor, unpaid-mentee, paid-mentee, mentor, maintainer, ambassador, emeritus$/,
    );
  });
});

describe('rungs status', () => {
  test('says a mentee with the points but 70% attendance is not eligible for Paid Mentee, and why', async () => {
    const { out } = await run('status', 'alice', '--preset', 'kubestellar', '--as-of', '2026-03-31');
    expect(out).toContain('alice on the KubeStellar contributor ladder, as of the end of 2026-03-31');
    expect(out).toContain(
      'Level: Unpaid Mentee since 2026-01-05, term 2026-01-05 to 2026-03-29 (cohort 2026-1)',
    );
    expect(out).toContain('Standing: term ended 2026-03-29, requirements not met');
    expect(out).toContain('Next: Paid Mentee: not eligible yet');
    expect(out).toContain(
      '  ✓ at least 40,000 points over the 12-week term: 41,000 of 40,000 in the 12-week term (2026-01-05 to 2026-03-29)',
    );
    expect(out).toContain(
      '  ✓ at least 20,000 of them in the first 6 weeks: 22,000 of 20,000 in the first 6 weeks of the 12-week term',
    );
    expect(out).toContain(
      '  ✗ attends at least 80% of the weekly meetings: 70% in the 12-week term (2026-01-05 to 2026-03-29) — the 12-week term (2026-01-05 to 2026-03-29) ended 2026-03-29',
    );
    expect(out).toContain('      7 of 10 community-call meetings');
    expect(out).toContain("  ✓ a mentor's recommendation: 1 of 1");
    expect(out).toContain('      by bob on 2026-03-20');
  });

  test('shows what is left and by when in the middle of a term', async () => {
    const { out } = await run('status', 'alice', '--preset', 'kubestellar', '--as-of', '2026-02-01');
    expect(out).toContain(
      '✗ at least 40,000 points over the 12-week term: 22,000 of 40,000 in the 12-week term (2026-01-05 to 2026-03-29) — 18,000 more points by 2026-03-29, 56 days left in the 12-week term (2026-01-05 to 2026-03-29)',
    );
  });

  test('gives the whole evaluation as JSON', async () => {
    const evaluation = JSON.parse(
      (await run('status', 'ALICE', '--as-of', '2026-03-31', '--format', 'json')).out,
    );
    expect(evaluation.policy).toBe('kubestellar');
    expect(evaluation.next[0]).toMatchObject({ level: 'paid-mentee', eligibility: 'not_eligible' });
    const attendance = evaluation.next[0].trace.children[2];
    expect(attendance).toMatchObject({ status: 'unmet', observed: 0.7, required: 0.8, final: true });
    expect(evaluation.next[0].trace.children[0].evidence.map((e: { points: number }) => e.points)).toEqual([
      19000, 22000,
    ]);
  });

  test('refuses a login nobody has', async () => {
    await expect(run('status', 'nobody')).rejects.toThrow(
      'no person with the login "nobody" is on record or holds a role',
    );
  });
});

describe('rungs ladder', () => {
  test('reports everyone: whose term ended without meeting its requirements, and who is eligible', async () => {
    const report = JSON.parse((await run('ladder', '--as-of', '2026-03-31', '--format', 'json')).out);
    expect(report.holders).toMatchObject({ contributor: 1, 'unpaid-mentee': 1, mentor: 1, maintainer: 1 });
    expect(
      report.standing.map((entry: { login: string; standing: { kind: string } }) => [
        entry.login,
        entry.standing.kind,
      ]),
    ).toContainEqual(['alice', 'term_ended']);
    const table = (await run('ladder', '--as-of', '2026-03-31')).out;
    expect(table).toContain(
      'KubeStellar contributor ladder, as of the end of 2026-03-31: 3 people evaluated',
    );
    expect(table).toMatch(
      /alice\s+Unpaid Mentee\s+term ended 2026-03-29, requirements not met\s+attends at least 80% of the weekly meetings/,
    );
  });

  test('lists an ended term apart from people not in good standing, and says when a level has no recorded holder', async () => {
    const table = (await run('ladder', '--as-of', '2026-03-31')).out;
    expect(table).toMatch(
      /\nNot in good standing \(2\)\n(.+\n){3}\nTerms ended \(1\)\n\s+login\s+level\s+term\s+missed\n\s+alice\s+Unpaid Mentee\s+term ended/,
    );
    const show = (await run('ladder', 'show', '--as-of', '2026-03-31')).out;
    expect(show).toContain('3. Paid Mentee (paid-mentee, a 12-week term) — no holder recorded');
  });

  test('takes --limit 0 for everyone and refuses a negative limit', async () => {
    const all = (await run('ladder', '--as-of', '2026-03-31', '--limit', '0')).out;
    expect(all).toContain('people evaluated');
    expect(all).not.toContain('more (--limit 0 lists everyone)');
    await expect(run('ladder', '--limit', '-1')).rejects.toThrow(/at least 0/);
  });

  test('shows the ladder with how many people hold each level', async () => {
    const { out } = await run('ladder', 'show', '--preset', 'kubestellar');
    expect(out).toContain('2. Unpaid Mentee (unpaid-mentee, a 12-week term) — 1 person');
    expect(out).toContain('   To stay, checked every 6 weeks:');
    expect(out).toContain(
      '     - at least 40,000 points over the 12-week term [at least 40,000 points in the term]',
    );
  });

  test('checks a policy file and locates every problem', async () => {
    const policy = file(
      'ladder.yaml',
      'name: demo\ntitle: Demo\nscoring: balance\nlevels:\n  - id: a\n    title: A\n    summary: a\n    requires:\n      - points: { min: lots, window: 1y }\n',
    );
    await expect(run('ladder', 'check', policy)).rejects.toThrow(
      `${policy}: 2 problems\n${policy}:3:10 scoring: unknown scoring preset "balance"; known presets: balanced, kubestellar\n${policy}:9:24 levels[0].requires[0].points.min: expected a number, got "lots"`,
    );
    expect((await run('ladder', 'check', '--preset', 'kubernetes')).out).toBe(
      'presets/ladders/kubernetes.yaml: ok (Kubernetes community membership: 4 levels, 1 status)',
    );
  });

  test('refuses the CNCF template until its TODOs are filled in, naming each', async () => {
    const error = await run('ladder', 'check', '--preset', 'cncf').catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^presets\/ladders\/cncf\.yaml: 9 problems\n/);
    expect((error as Error).message).toContain(
      'presets/ladders/cncf.yaml:38:23 levels[2].requires[0].count.min: a TODO left in the template',
    );
    await expect(run('status', 'alice', '--preset', 'cncf')).rejects.toThrow(
      /the cncf ladder is a template: copy presets\/ladders\/cncf\.yaml, fill in its 9 TODO values/,
    );
  });

  test('prints the JSON Schema that is committed for editors', async () => {
    const { out } = await run('ladder', 'schema');
    expect(out).toBe(readFileSync(new URL('../schema/ladder.schema.json', import.meta.url), 'utf8'));
  });
});

describe('rungs roles grant, revoke and list', () => {
  test('grants, moves to emeritus remembering the level, and reinstates', async () => {
    expect(
      (await run('roles', 'grant', 'carol', 'maintainer', '--since', '2025-01-01', '--decision', 'vote #3'))
        .out,
    ).toBe('carol holds maintainer since 2025-01-01');
    const revoked = await run('roles', 'revoke', 'carol', 'maintainer', '--at', '2025-12-01', '--emeritus');
    expect(revoked.out).toBe(
      'carol no longer holds maintainer from 2025-12-01\ncarol is emeritus (was maintainer)',
    );
    const listed = (await run('roles', 'list', '--as-of', '2026-01-01')).out;
    expect(listed).toMatch(/carol\s+emeritus \(was maintainer\)\s+2025-12-01/);
    const reinstated = await run('roles', 'grant', 'carol', 'maintainer', '--since', '2026-02-01');
    expect(reinstated.out).toBe(
      'carol holds maintainer since 2026-02-01\nreinstated: ended emeritus since 2025-12-01',
    );
    expect(reinstated.err).toContain('nobody with the login carol is on record yet');
    const all = JSON.parse((await run('roles', 'list', '--all', '--format', 'json')).out);
    expect(all.filter((assignment: { login: string }) => assignment.login === 'carol')).toMatchObject([
      {
        level: 'maintainer',
        since: '2025-01-01T00:00:00Z',
        until: '2025-12-01T00:00:00Z',
        decision: 'vote #3',
      },
      { level: 'emeritus', previousLevel: 'maintainer', until: '2026-02-01T00:00:00Z' },
      { level: 'maintainer', since: '2026-02-01T00:00:00Z', until: null },
    ]);
  });

  test('refuses a grant overlapping a holding of the same level as a usage error, storing nothing', async () => {
    expect((await run('roles', 'grant', 'gina', 'mentor', '--since', '2025-01-01')).out).toBe(
      'gina holds mentor since 2025-01-01',
    );
    // The same grant again is no change, not an overlap.
    expect((await run('roles', 'grant', 'gina', 'mentor', '--since', '2025-01-01')).out).toBe(
      'gina already holds mentor since 2025-01-01: nothing changed',
    );
    const refused = run('roles', 'grant', 'GINA', 'mentor', '--since', '2025-06-01');
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      'gina already holds Mentor since 2025-01-01; a grant from 2025-06-01 would overlap it, so nothing was stored (end it first with rungs roles revoke, or grant it from when it ends)',
    );
    const gina = JSON.parse((await run('roles', 'list', '--all', '--format', 'json')).out).filter(
      (assignment: { login: string }) => assignment.login.toLowerCase() === 'gina',
    );
    expect(gina).toHaveLength(1);
  });

  test('refuses a scoped level without a scope', async () => {
    await expect(run('roles', 'grant', 'dave', 'reviewer', '--preset', 'kubernetes')).rejects.toThrow(
      'Reviewer is held in a scope: give --scope (a repository, directory or group)',
    );
  });
});
