import type { DemoAccount, DemoRepo } from './build-gh-archive-event.ts';
import { createDemoPeople, type DemoPerson } from './create-demo-people.ts';
import { DAY } from './demo-simulation.ts';
import { createSeededRandom, deriveSeed } from './seeded-random.ts';

/** Options of a demo community. */
export interface CommunityOptions {
  readonly seed: number;
  /** The community's last day, `YYYY-MM-DD` (a longer ISO time is cut to its date). */
  readonly end: string;
  /** How many years of history end on `end`; default 2. */
  readonly years?: number;
  /** How many people (humans); default 300, at least 20. */
  readonly people?: number;
  /** The GitHub organization; default `demo-rungs`. */
  readonly org?: string;
  /**
   * `as-published` (default): events from 2025-10-07 on have the trimmed shape GitHub publishes
   * since then, whose merge events do not name the pull request's author. `full`: every event has
   * the full shape, as if the history came from a source that still sends whole objects.
   */
  readonly payloadShapes?: 'as-published' | 'full';
}

/** A repository of the demo organization with its label conventions. */
export interface CommunityRepo {
  readonly repo: DemoRepo;
  /** Share of the community's work. */
  readonly weight: number;
  readonly bugLabel: string;
  readonly featureLabel: string;
  /** Whether Dependabot opens dependency updates here. */
  readonly hasDependencies: boolean;
}

/** Everything fixed about a community before any event is generated. */
export interface CommunityPlan {
  readonly seed: number;
  readonly org: DemoAccount;
  readonly repos: readonly CommunityRepo[];
  readonly people: readonly DemoPerson[];
  readonly dependabot: DemoAccount;
  readonly actionsBot: DemoAccount;
  /** Epoch seconds of the first day, 00:00 UTC. */
  readonly startSec: number;
  readonly days: number;
  readonly years: number;
  /** First and last day (inclusive) of the mentees' 12-week term, as day indexes. */
  readonly termStart: number;
  readonly termEnd: number;
  /** Event volume relative to a 300-person community. */
  readonly scale: number;
  readonly payloadShapes: 'as-published' | 'full';
}

const REPO_SPECS = [
  {
    name: 'core',
    language: 'Go',
    weight: 0.34,
    bug: 'kind/bug',
    feature: 'kind/feature',
    deps: true,
    about: 'control plane',
  },
  {
    name: 'ui',
    language: 'TypeScript',
    weight: 0.2,
    bug: 'bug',
    feature: 'enhancement',
    deps: true,
    about: 'web console',
  },
  {
    name: 'cli',
    language: 'Go',
    weight: 0.15,
    bug: 'kind/bug',
    feature: 'kind/feature',
    deps: true,
    about: 'command line tool',
  },
  {
    name: 'docs',
    language: 'MDX',
    weight: 0.13,
    bug: 'bug',
    feature: 'enhancement',
    deps: false,
    about: 'documentation',
  },
  {
    name: 'helm-charts',
    language: 'Smarty',
    weight: 0.08,
    bug: 'kind/bug',
    feature: 'kind/feature',
    deps: false,
    about: 'Helm charts',
  },
  {
    name: 'website',
    language: 'TypeScript',
    weight: 0.1,
    bug: 'bug',
    feature: 'enhancement',
    deps: true,
    about: 'project website',
  },
] as const;

/** The real public accounts of the two bots every GitHub community meets. */
const DEPENDABOT: DemoAccount = {
  login: 'dependabot[bot]',
  id: 49699333,
  type: 'Bot',
  name: 'dependabot[bot]',
  email: '49699333+dependabot[bot]@users.noreply.github.com',
  association: 'CONTRIBUTOR',
};
const ACTIONS_BOT: DemoAccount = {
  login: 'github-actions[bot]',
  id: 41898282,
  type: 'Bot',
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com',
  association: 'NONE',
};

const TERM_DAYS = 84;

/** Parses `YYYY-MM-DD` (or the date of a longer ISO time) to epoch seconds at 00:00 UTC. */
function parseDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (match === null) throw new RangeError(`end must be a date like 2026-05-31, got "${text}"`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const date = new Date(ms);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new RangeError(`end is not a calendar date: "${text}"`);
  }
  return ms / 1000;
}

/**
 * Fixes the organization, repositories, people and time line of a demo community. The history runs
 * from the day after the same date `years` years before `end`, through `end`; the mentees' 12-week
 * term starts 16 weeks before the end. Throws a RangeError on options no community can have.
 */
export function planCommunity(options: CommunityOptions): CommunityPlan {
  const years = options.years ?? 2;
  const peopleCount = options.people ?? 300;
  const orgLogin = options.org ?? 'demo-rungs';
  if (!Number.isInteger(years) || years < 1 || years > 20)
    throw new RangeError(`years must be 1 to 20, got ${years}`);
  if (!Number.isInteger(peopleCount) || peopleCount < 20 || peopleCount > 100_000) {
    throw new RangeError(`people must be 20 to 100000, got ${peopleCount}`);
  }
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i.test(orgLogin)) {
    throw new RangeError(`org must be a GitHub organization login, got "${orgLogin}"`);
  }
  const endSec = parseDay(options.end);
  const endDate = new Date(endSec * 1000);
  const startSec =
    Date.UTC(endDate.getUTCFullYear() - years, endDate.getUTCMonth(), endDate.getUTCDate()) / 1000 + DAY;
  const days = Math.round((endSec - startSec) / DAY) + 1;
  const termStart = Math.max(0, days - 16 * 7);
  const termEnd = Math.min(days - 1, termStart + TERM_DAYS - 1);

  const random = createSeededRandom(deriveSeed(options.seed, 'plan'));
  const orgId = random.int(900_000_000, 999_999_999);
  const org: DemoAccount = {
    login: orgLogin,
    id: orgId,
    type: 'Organization',
    name: `${orgLogin} (demo)`,
    email: `${orgLogin}@example.org`,
    association: 'NONE',
  };
  const createdAt = `${new Date((startSec - 400 * DAY) * 1000).toISOString().slice(0, 19)}Z`;
  const repos = REPO_SPECS.map((spec) => ({
    repo: {
      id: random.int(900_000_000, 999_999_999),
      owner: org,
      fullName: `${orgLogin}/${spec.name}`,
      name: spec.name,
      description: `Demo ${spec.about} of an invented community, generated by rungs`,
      language: spec.language,
      createdAt,
      defaultBranch: 'main',
      fork: false,
      topics: ['demo', 'rungs'],
    },
    weight: spec.weight,
    bugLabel: spec.bug,
    featureLabel: spec.feature,
    hasDependencies: spec.deps,
  }));
  const people = createDemoPeople(random, peopleCount, repos.length, { days, termStart, termEnd });
  return {
    seed: options.seed,
    org,
    repos,
    people,
    dependabot: DEPENDABOT,
    actionsBot: ACTIONS_BOT,
    startSec,
    days,
    years,
    termStart,
    termEnd,
    scale: peopleCount / 300,
    payloadShapes: options.payloadShapes ?? 'as-published',
  };
}
