import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_CONFIG_FILE_BYTES } from '../src/adapters/files/read-bounded-text-file.ts';
import { InputError } from '../src/app/input-error.ts';
import { type RungsRun, runRungs } from './support/run-rungs.ts';

// The limits on what rungs reads from files people keep, through the real CLI in process.

const NOW = '2026-06-30T12:00:00Z';
let folder: string;
let db: string;

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

function rungs(...args: string[]): Promise<RungsRun> {
  return runRungs(db, NOW, args);
}

/** Valid YAML one byte larger than allowed: a comment filling the rest. */
function oversized(start: string): string {
  return `${start}\n#${'x'.repeat(MAX_CONFIG_FILE_BYTES - start.length - 1)}\n`;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'rungs-limits-'));
  db = join(folder, 'rungs.db');
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('files people keep', () => {
  test('a policy, groups, roster or scoring rules file over 2 MiB is refused with the limit named', async () => {
    const runs: readonly (readonly [string, string[]])[] = [
      ['a ladder policy', ['ladder', 'check', file('ladder.yaml', oversized('title: x'))]],
      ['a groups file', ['groups', 'import', file('groups.yaml', oversized('groups: []'))]],
      [
        'a roster',
        ['roles', 'import', file('roster.yaml', oversized('roles: []')), '--preset', 'kubestellar'],
      ],
      ['scoring rules', ['leaderboard', '--rules', file('rules.yaml', oversized('points: {}'))]],
    ];
    for (const [what, args] of runs) {
      const run = await rungs(...args);
      expect(run.failed).toBeInstanceOf(InputError);
      expect((run.failed as Error).message).toMatch(
        new RegExp(`: larger than the 2 MiB allowed for ${what}; not read$`),
      );
      expect(run.exitCode).toBe(1);
    }
  });

  test('a groups file whose aliases would make a million rows is refused, located, and stores nothing', async () => {
    const repos = Array.from({ length: 1000 }, (_, index) => `acme/r${index}`).join(', ');
    const path = file(
      'bomb.yaml',
      [
        'groups:',
        `  - { id: g0, name: G0, kind: sig, repos: &r [${repos}] }`,
        ...Array.from(
          { length: 999 },
          (_, index) => `  - { id: g${index + 1}, name: G, kind: sig, repos: *r }`,
        ),
      ].join('\n'),
    );
    const run = await rungs('groups', 'import', path);
    expect(run.failed).toBeInstanceOf(InputError);
    expect((run.failed as Error).message).toContain(
      `${path}:23:43 groups[21].repos: aliases here expand the document by more than the 20,000 values allowed`,
    );
    expect(run.exitCode).toBe(1);
    expect((await rungs('groups', 'list')).out).toContain('no groups on record');
  });
});

describe('bonus points', () => {
  test('are stored only when granted by a role holder of the time, within a million points', async () => {
    const bonusDb = join(folder, 'bonus.db');
    const grant = await runRungs(bonusDb, NOW, [
      'roles',
      'grant',
      'maint',
      'maintainer',
      '--since',
      '2026-01-01',
      '--preset',
      'kubestellar',
    ]);
    expect(grant.failed).toBeNull();
    const rows = file(
      'bonus.csv',
      [
        'id,kind,login,date,points,granted_by,reason',
        'b1,bonus,alice,2026-02-01,500,Maint,ran the release',
        'b2,bonus,alice,2026-02-02,500,alice,self-granted',
        'b3,bonus,alice,2025-12-01,500,maint,before the role began',
        'b4,bonus,alice,2026-02-03,9007199254740991,maint,too many',
        'b5,bonus,alice,2026-02-04,2.5,maint,not whole',
      ].join('\n'),
    );
    const run = await runRungs(bonusDb, NOW, ['import', 'activities', rows]);
    expect(run.failed).toBeNull();
    expect(run.exitCode).toBe(3);
    expect(run.out).toContain('1 records read, 1 new');
    expect(run.err).toContain(
      `${rows}:3: granted_by: alice holds no role on record, so cannot grant points (record it with rungs roles grant or rungs roles import)`,
    );
    expect(run.err).toContain(
      `${rows}:4: granted_by: maint held no role on 2025-12-01, so could not grant points then`,
    );
    expect(run.err).toContain(
      `${rows}:5: points: expected a whole number from 1 to 1,000,000 (or its negative to take points back), got "9007199254740991"`,
    );
    expect(run.err).toContain(`${rows}:6: points: expected a whole number from 1 to 1,000,000`);
    const board = await runRungs(bonusDb, NOW, [
      'leaderboard',
      '--window',
      'all',
      '--preset',
      'kubestellar',
      '--format',
      'json',
    ]);
    const alice = (JSON.parse(board.out) as { rows: { login: string; points: number }[] }).rows.find(
      (row) => row.login === 'alice',
    );
    expect(alice?.points).toBe(500);
  });
});
