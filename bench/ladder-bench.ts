import { performance } from 'node:perf_hooks';
import { createSeededRandom, deriveSeed, type SeededRandom } from '../src/adapters/demo/seeded-random.ts';
import { loadLadderPreset } from '../src/adapters/presets/load-ladder-preset.ts';
import { rulesForPolicy } from '../src/compose/ladder-services.ts';
import type { ActivityKind } from '../src/core/activity.ts';
import { createLadderEngineFromIndex } from '../src/core/ladder/create-ladder-engine.ts';
import { evaluateCommunity } from '../src/core/ladder/evaluate-community.ts';
import { createLadderFactIndexBuilder } from '../src/core/ladder/ladder-fact-index.ts';
import type { RoleAssignment } from '../src/core/ladder/role-assignment.ts';
import type { PersonSummary, ScoringFact, ScoringItem } from '../src/core/scoring-fact.ts';

/** Size and shape of the generated community. */
export interface LadderBenchOptions {
  /** People in the community; default 100,000 (Kubernetes scale). */
  readonly people?: number;
  /** Activities; default 5,000,000. */
  readonly activities?: number;
  readonly seed?: number;
  /** The ladders to evaluate everyone under; default kubernetes and kubestellar. */
  readonly presets?: readonly string[];
  /** The moment everyone is judged at; the activity spans the two years before it. */
  readonly asOf?: string;
}

/** One ladder's measurement. */
export interface LadderBenchPresetResult {
  readonly preset: string;
  /** Baseline: only iterating the facts (making the objects, as a storage reader would). */
  readonly iterateMs: number;
  /** Iterating the facts into the index (scoring each once) and grouping them by person. */
  readonly indexMs: number;
  /** Of `indexMs`, the grouping pass at the end. */
  readonly groupMs: number;
  /** Evaluating everyone over the index. */
  readonly evaluateMs: number;
  /** Index plus evaluation: the number held to < 2 s. */
  readonly totalMs: number;
  /** totalMs / iterateMs. */
  readonly ratioToIterate: number;
  readonly peopleEvaluated: number;
  readonly eligible: number;
  readonly notInGoodStanding: number;
  readonly inactivityNotices: number;
  /** Heap and array buffers in use right after evaluating (MB), with the community still in memory. */
  readonly memoryMb: number;
}

/** What {@link measureLadderEvaluation} measured. */
export interface LadderBenchResult {
  readonly people: number;
  readonly activities: number;
  readonly generateMs: number;
  readonly presets: readonly LadderBenchPresetResult[];
}

/** A generated community kept in typed columns; facts are made from it on demand. */
export interface LadderBenchCommunity {
  readonly people: ReadonlyMap<number, PersonSummary>;
  readonly size: number;
  readonly person: Int32Array;
  readonly kind: Uint8Array;
  /** Index into `times`. */
  readonly time: Int32Array;
  /** Index into `items`, or -1. */
  readonly item: Int32Array;
  /** Index into `repos` for acts without an item, or -1. */
  readonly repo: Int16Array;
  /** For grants: the giver's person id. */
  readonly giver: Int32Array;
  readonly detail: Uint8Array;
  readonly times: readonly string[];
  readonly items: readonly (ScoringItem & { readonly repo: string; readonly number: number })[];
  readonly repos: readonly string[];
  readonly roles: Readonly<Record<string, readonly RoleAssignment[]>>;
}

const KINDS: readonly (readonly [ActivityKind, number])[] = [
  ['issue_comment', 26],
  ['pr_reviewed', 14],
  ['review_comment', 14],
  ['push', 10],
  ['commit', 10],
  ['pr_opened', 8],
  ['pr_merged', 6],
  ['pr_closed', 3],
  ['issue_opened', 5],
  ['issue_closed', 2],
  ['meeting_attended', 1.5],
  ['talk_given', 0.05],
  ['content_published', 0.05],
  ['newcomer_onboarded', 0.05],
  ['bonus', 0.05],
  ['attestation', 0.15],
  ['sponsorship', 0.15],
];
const KIND_NAMES = KINDS.map(([kind]) => kind);
const REVIEW_STATES = ['approved', 'commented', 'changes_requested'] as const;
const ATTESTATIONS = [
  'mentor_recommendation',
  'maintainer_approval',
  'reinstatement_vote',
  'approver_nomination',
  'primary_reviewer_5',
  'substantial_prs_20',
] as const;
const LABEL_SETS: readonly (readonly string[])[] = [
  [],
  [],
  [],
  ['bug'],
  ['kind/feature'],
  ['help wanted'],
  ['help wanted', 'good first issue'],
  ['kind/bug', 'sig/node'],
  ['spam'],
];
const TIME_STEP_MS = 10 * 60_000;
const SPAN_MS = 2 * 365 * 86_400_000;

/** Generates the community: people with a few very active ones and a long tail, items in repos, acts, and roles per ladder. */
export function generateLadderBenchCommunity(options: LadderBenchOptions = {}): LadderBenchCommunity {
  const peopleCount = options.people ?? 100_000;
  const size = options.activities ?? 5_000_000;
  const seed = options.seed ?? 11;
  const end = Date.parse(options.asOf ?? '2026-03-01T00:00:00Z');
  const start = end - SPAN_MS;
  const random = createSeededRandom(deriveSeed(seed, 'ladder-bench'));

  const people = new Map<number, PersonSummary>();
  for (let id = 1; id <= peopleCount; id++) {
    const bot = id % 211 === 0;
    const login = bot ? `bot-${id}[bot]` : `person-${id}`;
    people.set(id, { id, login, name: null, githubId: id, isBot: bot });
  }
  const repos = Array.from({ length: 300 }, (_, index) => `bench-org/repo-${String(index).padStart(3, '0')}`);
  const times = Array.from({ length: Math.ceil(SPAN_MS / TIME_STEP_MS) }, (_, index) =>
    new Date(start + index * TIME_STEP_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  );
  const itemCount = Math.max(1000, Math.floor(size / 12));
  const items = Array.from({ length: itemCount }, (_, index) => {
    const isPr = index % 3 !== 0;
    const merged = isPr && random.chance(0.7);
    return {
      repo: repos[popular(random, repos.length)]!,
      number: index + 1,
      type: isPr ? ('pr' as const) : ('issue' as const),
      labels: LABEL_SETS[random.int(0, LABEL_SETS.length - 1)]!,
      state: random.chance(0.8) ? ('closed' as const) : ('open' as const),
      stateReason: null,
      mergedAt: merged ? times[random.int(0, times.length - 1)]! : null,
      authorId: 1 + popular(random, peopleCount),
    };
  });

  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of KINDS) {
    total += weight;
    cumulative.push(total);
  }
  const person = new Int32Array(size);
  const kind = new Uint8Array(size);
  const time = new Int32Array(size);
  const item = new Int32Array(size);
  const repo = new Int16Array(size);
  const giver = new Int32Array(size);
  const detail = new Uint8Array(size);
  for (let index = 0; index < size; index++) {
    person[index] = 1 + popular(random, peopleCount);
    const roll = random.next() * total;
    let k = 0;
    while (cumulative[k]! < roll) k++;
    kind[index] = k;
    // Recent months are busier than old ones.
    time[index] = Math.floor(Math.sqrt(random.next()) * (times.length - 1));
    const name = KIND_NAMES[k]!;
    const onItem = name.startsWith('pr_') || name.startsWith('issue_') || name === 'review_comment';
    item[index] = onItem ? random.int(0, itemCount - 1) : -1;
    repo[index] = name === 'push' || name === 'commit' ? popular(random, repos.length) : -1;
    giver[index] = name === 'attestation' || name === 'sponsorship' ? 1 + popular(random, 5000) : 0;
    detail[index] = random.int(0, 255);
  }

  // Storage streams facts in time order; so does this community (a counting sort on the time slot).
  const order = new Int32Array(size);
  const bucketStart = new Int32Array(times.length + 1);
  for (let index = 0; index < size; index++) bucketStart[time[index]! + 1]! += 1;
  for (let bucket = 0; bucket < times.length; bucket++) bucketStart[bucket + 1]! += bucketStart[bucket]!;
  for (let index = 0; index < size; index++) order[bucketStart[time[index]!]!++] = index;
  const permute = <T extends Int32Array | Uint8Array | Int16Array>(column: T): T => {
    const sorted = column.slice() as T;
    for (let index = 0; index < size; index++) sorted[index] = column[order[index]!]!;
    return sorted;
  };

  return {
    people,
    size,
    person: permute(person),
    kind: permute(kind),
    time: permute(time),
    item: permute(item),
    repo: permute(repo),
    giver: permute(giver),
    detail: permute(detail),
    times,
    items,
    repos,
    roles: {
      kubernetes: kubernetesRoles(random, repos),
      kubestellar: kubestellarRoles(random),
    },
  };
}

/** The facts of a generated community, made one by one the way a storage reader makes them. */
export function* benchFacts(community: LadderBenchCommunity): Generator<ScoringFact> {
  const noDetails = Object.freeze({});
  const meeting = Object.freeze({ series: 'community-call' });
  const reviews = REVIEW_STATES.map((reviewState) => Object.freeze({ reviewState }));
  for (let index = 0; index < community.size; index++) {
    const kind = KIND_NAMES[community.kind[index]!]!;
    const itemIndex = community.item[index]!;
    const entry = itemIndex >= 0 ? community.items[itemIndex]! : null;
    const repoIndex = community.repo[index]!;
    const detail = community.detail[index]!;
    let details: Readonly<Record<string, unknown>> = noDetails;
    if (kind === 'pr_reviewed') details = reviews[detail % reviews.length]!;
    else if (kind === 'meeting_attended') details = meeting;
    else if (kind === 'bonus')
      details = { points: 100 * (1 + (detail % 20)), grantedBy: 'person-1', reason: 'bench' };
    else if (kind === 'attestation' || kind === 'sponsorship') {
      details = {
        grantedBy: `person-${community.giver[index]}`,
        attestation: ATTESTATIONS[detail % ATTESTATIONS.length],
        affiliation: `company-${detail % 7}`,
      };
    }
    const repo = entry?.repo ?? (repoIndex >= 0 ? community.repos[repoIndex]! : null);
    yield {
      key: `${kind}:${index}`,
      personId: community.person[index]!,
      kind,
      occurredAt: community.times[community.time[index]!]!,
      repo,
      itemNumber: entry?.number ?? null,
      url: null,
      details,
      item: entry,
    };
  }
}

/**
 * Generates the community (not timed), then for each ladder: times iterating its facts alone (the
 * baseline), then indexing them and evaluating everyone, with the resulting list sizes. Meant to
 * run in its own process so memory readings are its own.
 */
export async function measureLadderEvaluation(options: LadderBenchOptions = {}): Promise<LadderBenchResult> {
  const asOf = options.asOf ?? '2026-03-01T00:00:00Z';
  const generated = performance.now();
  const community = generateLadderBenchCommunity(options);
  const generateMs = performance.now() - generated;
  const results: LadderBenchPresetResult[] = [];
  for (const preset of options.presets ?? ['kubernetes', 'kubestellar']) {
    const policy = loadLadderPreset(preset);
    const rules = rulesForPolicy(policy);
    collectGarbage();

    const iterated = performance.now();
    let touched = 0;
    for (const fact of benchFacts(community)) touched += fact.occurredAt.length;
    const iterateMs = performance.now() - iterated;
    if (touched === 0) throw new Error('no facts generated');
    collectGarbage();

    const started = performance.now();
    const builder = createLadderFactIndexBuilder({ people: community.people, rules, policy });
    for (const fact of benchFacts(community)) builder.add(fact);
    const added = performance.now();
    const index = builder.finish();
    const indexed = performance.now();
    const engine = createLadderEngineFromIndex(index, {
      policy,
      people: community.people,
      roles: community.roles[preset] ?? [],
    });
    const evaluation = evaluateCommunity(engine, asOf);
    const finished = performance.now();
    const memory = process.memoryUsage();
    results.push({
      preset,
      iterateMs,
      indexMs: indexed - started,
      groupMs: indexed - added,
      evaluateMs: finished - indexed,
      totalMs: finished - started,
      ratioToIterate: (finished - started) / iterateMs,
      peopleEvaluated: evaluation.people,
      eligible: evaluation.eligible.length,
      notInGoodStanding: evaluation.standing.length,
      inactivityNotices: evaluation.inactivity.length,
      memoryMb: (memory.heapUsed + memory.arrayBuffers) / 1_048_576,
    });
  }
  return { people: community.people.size, activities: community.size, generateMs, presets: results };
}

/** A one-line-per-ladder summary of a result, for the bench report. */
export function formatLadderBench(result: LadderBenchResult): string {
  const lines = [
    `ladder evaluation: ${result.people.toLocaleString('en-US')} people, ${result.activities.toLocaleString('en-US')} activities (generated in ${Math.round(result.generateMs)} ms)`,
  ];
  for (const preset of result.presets) {
    lines.push(
      `  ${preset.preset}: index ${Math.round(preset.indexMs)} ms (grouping ${Math.round(preset.groupMs)} ms) + evaluate everyone ${Math.round(preset.evaluateMs)} ms = ${Math.round(preset.totalMs)} ms ` +
        `(${preset.ratioToIterate.toFixed(2)}x iterating the facts alone, ${Math.round(preset.iterateMs)} ms); ` +
        `${preset.peopleEvaluated.toLocaleString('en-US')} people, ${preset.eligible} eligible, ${preset.notInGoodStanding} not in good standing, ` +
        `${preset.inactivityNotices} inactivity notices; ${Math.round(preset.memoryMb)} MB in use`,
    );
  }
  return lines.join('\n');
}

/** An index in [0, count) where low indexes are far more likely: a few very active people, a long tail. */
function popular(random: SeededRandom, count: number): number {
  const u = random.next();
  return Math.min(count - 1, Math.floor(count * u * u * u));
}

function role(
  id: number,
  personId: number,
  level: string,
  since: string,
  extra: Partial<RoleAssignment> = {},
): RoleAssignment {
  return {
    id,
    personId,
    level,
    scope: null,
    since,
    until: null,
    decision: null,
    previousLevel: null,
    ...extra,
  };
}

/** Members among the most active people, reviewers and approvers scoped to repositories, a few owners. */
function kubernetesRoles(random: SeededRandom, repos: readonly string[]): RoleAssignment[] {
  const roles: RoleAssignment[] = [];
  let id = 1;
  for (let personId = 2; personId <= 3001; personId++) {
    roles.push(role(id++, personId, 'member', `2024-0${random.int(1, 9)}-01T00:00:00Z`));
    if (personId <= 601) {
      roles.push(role(id++, personId, 'reviewer', '2025-01-01T00:00:00Z', { scope: repos[personId % 40]! }));
    }
    if (personId <= 201)
      roles.push(role(id++, personId, 'approver', '2025-06-01T00:00:00Z', { scope: repos[personId % 40]! }));
    if (personId <= 51)
      roles.push(
        role(id++, personId, 'subproject-owner', '2025-06-01T00:00:00Z', { scope: repos[personId % 40]! }),
      );
  }
  return roles;
}

/** Contributors, a mentee cohort, mentors, maintainers and some emeritus people. */
function kubestellarRoles(random: SeededRandom): RoleAssignment[] {
  const roles: RoleAssignment[] = [];
  let id = 1;
  for (let personId = 2; personId <= 5001; personId++) {
    roles.push(role(id++, personId, 'contributor', `2025-0${random.int(1, 9)}-01T00:00:00Z`));
  }
  for (let personId = 2; personId <= 41; personId++)
    roles.push(role(id++, personId + 1000, 'unpaid-mentee', '2026-01-05T00:00:00Z'));
  for (let personId = 2; personId <= 21; personId++)
    roles.push(role(id++, personId, 'mentor', '2025-01-01T00:00:00Z'));
  for (let personId = 22; personId <= 51; personId++)
    roles.push(role(id++, personId, 'maintainer', '2025-01-01T00:00:00Z'));
  for (let personId = 6001; personId <= 6010; personId++) {
    roles.push(role(id++, personId, 'emeritus', '2025-06-01T00:00:00Z', { previousLevel: 'maintainer' }));
  }
  return roles;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
