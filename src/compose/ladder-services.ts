import { existsSync } from 'node:fs';
import type { LadderCliServices, PolicyCheck, PolicyChoice } from '../adapters/cli/ladder-cli-services.ts';
import { readBoundedTextFile } from '../adapters/files/read-bounded-text-file.ts';
import { loadBotList } from '../adapters/presets/load-bot-list.ts';
import { LADDER_PRESETS, readLadderPresetText } from '../adapters/presets/load-ladder-preset.ts';
import { loadScoringPreset, SCORING_PRESETS } from '../adapters/presets/load-scoring-preset.ts';
import { InputError } from '../app/input-error.ts';
import type { LadderStores } from '../app/ladder/evaluate-ladder.ts';
import {
  readCommunityLadder,
  readLevelHolders,
  readPersonLadderStatus,
} from '../app/ladder/evaluate-ladder.ts';
import { grantRole, importRoster, listRoles, revokeRole } from '../app/ladder/manage-roles.ts';
import { formatDiagnostic } from '../core/diagnostics.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import { parseLadderPolicy } from '../core/ladder/parse-ladder-policy.ts';
import { parseRoster } from '../core/ladder/parse-roster.ts';
import { parseScoringRules } from '../core/scoring/parse-scoring-rules.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import { type Config, describeStorage } from './config.ts';

/** The ladder presets, the default first (for help texts). */
export const LADDER_PRESET_NAMES: readonly string[] = LADDER_PRESETS;

/**
 * The storage adapters (Kysely, better-sqlite3, pg), loaded only when a command opens a database:
 * `rungs ladder check` with no database never loads them.
 */
async function loadStorage() {
  const [{ openDatabase }, { createKyselyStore }, { KyselyRoleStore }] = await Promise.all([
    import('../adapters/storage/create-database.ts'),
    import('../adapters/storage/kysely-store.ts'),
    import('../adapters/storage/kysely-role-store.ts'),
  ]);
  return { openDatabase, createKyselyStore, KyselyRoleStore };
}

/** What a policy is checked against besides itself. */
export interface PolicyCheckOptions {
  /** The ids of the groups on record, which `groups` filters must name; unchecked when omitted. */
  readonly groups?: readonly string[];
}

/** Reads and checks a ladder policy: a shipped preset or a file. A missing file is an InputError. */
export async function checkLadderPolicy(
  choice: PolicyChoice,
  options: PolicyCheckOptions = {},
): Promise<PolicyCheck> {
  const { text, fileName } =
    'preset' in choice
      ? readLadderPresetText(choice.preset)
      : { text: await readBoundedTextFile(choice.file, 'a ladder policy'), fileName: choice.file };
  return {
    fileName,
    result: parseLadderPolicy(text, fileName, { scoringPresets: SCORING_PRESETS, groups: options.groups }),
  };
}

/**
 * Checks a policy as `rungs ladder check` does: also against the groups on record when the
 * configured database is there (a SQLite file that exists, or PostgreSQL), else alone. Checking
 * never creates a database; one that cannot be opened is said, and the policy is checked alone.
 */
export async function checkLadderPolicyOnRecord(config: Config, choice: PolicyChoice): Promise<PolicyCheck> {
  const storage = describeStorage(config.storage);
  if (config.storage.kind === 'sqlite' && !existsSync(config.storage.path)) {
    return { ...(await checkLadderPolicy(choice)), groups: { notChecked: `no database at ${storage}` } };
  }
  let groups: string[];
  try {
    const { openDatabase, createKyselyStore } = await loadStorage();
    const database = await openDatabase(
      config.storage.kind === 'sqlite'
        ? { kind: 'sqlite', path: config.storage.path }
        : { kind: 'postgres', url: config.storage.url },
    );
    try {
      groups = (await createKyselyStore(database).readGroups()).map((group) => group.id);
    } finally {
      await database.close();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...(await checkLadderPolicy(choice)),
      groups: { notChecked: `cannot open ${storage}: ${reason}` },
    };
  }
  return {
    ...(await checkLadderPolicy(choice, { groups })),
    groups: { checkedIn: storage, count: groups.length },
  };
}

/**
 * A ladder policy ready to use; a policy with problems is an InputError listing every diagnostic
 * (with `groups`, a count naming a group not on record is one).
 */
export async function loadLadderPolicy(
  choice: PolicyChoice,
  options: PolicyCheckOptions = {},
): Promise<LadderPolicy> {
  const check = await checkLadderPolicy(choice, options);
  if (check.result.ok) return check.result.value;
  const diagnostics = check.result.diagnostics;
  const lines = diagnostics.map(formatDiagnostic).join('\n');
  if ('preset' in choice && diagnostics.every((diagnostic) => diagnostic.message.includes('TODO'))) {
    throw new InputError(
      `the ${choice.preset} ladder is a template: copy ${check.fileName}, fill in its ${diagnostics.length} TODO values and use it with --policy:\n${lines}`,
    );
  }
  throw new InputError(
    `${check.fileName} has ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}:\n${lines}`,
  );
}

/** Rules with no points and no exclusions but bots, for policies that only count. */
const NEUTRAL_RULES: ScoringRules = (() => {
  const parsed = parseScoringRules('description: counts only (bots excluded)\npoints: {}\n', 'neutral');
  if (!parsed.ok) throw new Error('the neutral scoring rules do not parse');
  return parsed.value;
})();

/** The scoring rules a policy's points and exclusions follow: its preset, or neutral rules when it names none. */
export function rulesForPolicy(policy: LadderPolicy): ScoringRules {
  return policy.scoring === null ? NEUTRAL_RULES : loadScoringPreset(policy.scoring);
}

/**
 * Opens the configured storage and wires the ladder and roles use cases for the command line.
 * The caller closes the services when its command is done.
 */
export async function openLadderServices(config: Config): Promise<LadderCliServices> {
  const { openDatabase, createKyselyStore, KyselyRoleStore } = await loadStorage();
  const database = await openDatabase(
    config.storage.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.storage.path }
      : { kind: 'postgres', url: config.storage.url },
  );
  const store = createKyselyStore(database, { bots: await loadBotList(config.botsFile ?? null) });
  const roleStore = new KyselyRoleStore(database);
  const stores: LadderStores = { activities: store, roles: roleStore, meetings: roleStore, groups: store };
  // Checked against the stored groups, so a count naming a group not imported fails with its line.
  const load = async (choice: PolicyChoice): Promise<LadderPolicy> =>
    loadLadderPolicy(choice, { groups: (await store.readGroups()).map((group) => group.id) });
  const query = async (choice: PolicyChoice, asOf: string) => {
    const policy = await load(choice);
    return { policy, rules: rulesForPolicy(policy), asOf };
  };

  return {
    storageLabel: describeStorage(config.storage),
    async status(login, request) {
      const ladder = await query(request.policy, request.asOf);
      return { policy: ladder.policy, evaluation: await readPersonLadderStatus(stores, login, ladder) };
    },
    async community(request) {
      const ladder = await query(request.policy, request.asOf);
      return { policy: ladder.policy, evaluation: await readCommunityLadder(stores, ladder) };
    },
    async holders(request) {
      const policy = await load(request.policy);
      return { policy, holders: await readLevelHolders(roleStore, policy, request.asOf) };
    },
    async grantRole(choice, request) {
      return grantRole({ roles: roleStore, activities: store }, await load(choice), request);
    },
    revokeRole: (request) => revokeRole({ roles: roleStore, activities: store }, request),
    listRoles: (options) => listRoles(roleStore, options),
    async importRoster(path, choice) {
      const policy = await load(choice);
      const parsed = parseRoster(await readBoundedTextFile(path, 'a roster'), path, policy);
      if (!parsed.ok) {
        const count = parsed.diagnostics.length;
        throw new InputError(
          `${path} has ${count} problem${count === 1 ? '' : 's'}:\n${parsed.diagnostics.map(formatDiagnostic).join('\n')}`,
        );
      }
      return importRoster(roleStore, parsed.value);
    },
    close: () => database.close(),
  };
}
