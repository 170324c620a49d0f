import * as z from 'zod';
import { ACTIVITY_KINDS } from '../activity.ts';
import { formatKeyPath } from '../diagnostics.ts';
import { GROUP_ID_PATTERN } from '../groups/group.ts';
import { parseUtcInstant } from '../window/utc-calendar.ts';
import { approximateDays, formatDurationAdjective, parseDuration } from './duration.ts';
import type { Duration, RequirementKind } from './ladder-policy.ts';
import { EMERITUS_LEVEL, REVIEW_STATES } from './ladder-policy.ts';
import { parseRequirementWindow, REQUIREMENT_WINDOW_FORMS } from './parse-requirement-window.ts';

/** Named groups of activity kinds a count (or inactivity) may list instead of single kinds. */
export const ACTIVITY_KIND_GROUPS = ['contributions', 'devstats'] as const;

/** One of {@link ACTIVITY_KIND_GROUPS}. */
export type ActivityKindGroup = (typeof ACTIVITY_KIND_GROUPS)[number];

/** The keys naming a requirement's kind, one per requirement. */
export const REQUIREMENT_KEYS = [
  'points',
  'count',
  'tenure',
  'sponsors',
  'attestation',
  'attendance',
  'criterion',
  'all_of',
  'any_of',
  'at_least',
] as const satisfies readonly RequirementKind[];

const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const TODO_NUMBER = 'a TODO left in the template: write the number this community requires';
const DURATION_EXAMPLE = 'a duration such as 30d, 6w, 3mo or 1y';

function numberValue() {
  return z.number({
    error: (issue) => (issue.input === 'TODO' ? TODO_NUMBER : undefined),
  });
}

const wholeNumber = (min: number) => numberValue().int().min(min);
const text = z.string().trim().min(1);
const id = z
  .string()
  .regex(ID_PATTERN, { error: 'expected an id of lower-case letters, digits, _ and - (e.g. paid-mentee)' });
const levelList = z.array(id).min(1);

const duration = z
  .string({ error: (issue) => `expected ${DURATION_EXAMPLE}, got ${JSON.stringify(issue.input)}` })
  .superRefine((value, context) => {
    const parsed = parseDuration(value);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error });
  })
  .meta({ description: DURATION_EXAMPLE, examples: ['12w', '3mo', '30d', '1y'] });

const requirementWindow = z
  .string({
    error: (issue) => `expected a window (${REQUIREMENT_WINDOW_FORMS}), got ${JSON.stringify(issue.input)}`,
  })
  .superRefine((value, context) => {
    const parsed = parseRequirementWindow(value);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error });
  })
  .meta({ description: `The time a requirement looks at: ${REQUIREMENT_WINDOW_FORMS}` });

const cycleAnchor = z
  .string({ error: 'expected calendar, held_since or a date (2026-01-05)' })
  .superRefine((value, context) => {
    if (value === 'calendar' || value === 'held_since') return;
    const parsed = parseUtcInstant(value);
    if (parsed === null || !parsed.dateOnly) {
      context.addIssue({
        code: 'custom',
        message: `expected calendar, held_since or a date (2026-01-05), got ${JSON.stringify(value)}`,
      });
    }
  })
  .meta({
    description:
      'Where cycles start: calendar (months from January, weeks from Monday), held_since (the day the person got the level) or a date',
  });

const activityKinds = z
  .array(z.enum([...ACTIVITY_KINDS, ...ACTIVITY_KIND_GROUPS]))
  .min(1)
  .meta({
    description:
      'Activity kinds; `contributions` is every kind but attestation and sponsorship, `devstats` the acts CNCF DevStats counts as contributions',
  });

/** A requirement as written: exactly one kind key, and optionally a title. */
export interface WrittenRequirement {
  title?: string | undefined;
  points?: { min: number; window: string } | undefined;
  count?:
    | {
        min: number;
        kinds: string[];
        window: string;
        labels?: string[] | undefined;
        repos?: string[] | undefined;
        groups?: string[] | undefined;
        in_scope?: boolean | undefined;
        review_states?: string[] | undefined;
        item_type?: 'issue' | 'pr' | undefined;
        series?: string | undefined;
        distinct_items?: boolean | undefined;
      }
    | undefined;
  tenure?: { level: string; min?: string | undefined } | undefined;
  sponsors?:
    | {
        min: number;
        levels: string[];
        distinct_affiliations?: boolean | undefined;
        in_scope?: boolean | undefined;
        except_scopes?: string[] | undefined;
        window?: string | undefined;
      }
    | undefined;
  attestation?:
    | {
        kind: string;
        from: string[];
        min?: number | 'majority' | 'two_thirds' | undefined;
        window?: string | undefined;
      }
    | undefined;
  attendance?:
    | { series: string; min_ratio: number; window: string; cadence?: string | undefined }
    | undefined;
  criterion?: { text: string; confirmed_by: string[]; id?: string | undefined } | undefined;
  all_of?: WrittenRequirement[] | undefined;
  any_of?: WrittenRequirement[] | undefined;
  at_least?: { n: number; of: WrittenRequirement[] } | undefined;
}

const requirement: z.ZodType<WrittenRequirement> = z
  .strictObject({
    title: text
      .optional()
      .meta({ description: 'How people read this requirement, e.g. "open >= 6 help wanted issues"' }),
    points: z
      .strictObject({ min: numberValue().min(0), window: requirementWindow })
      .optional()
      .meta({ description: 'At least `min` points (under the policy scoring) in a window' }),
    count: z
      .strictObject({
        min: wholeNumber(0),
        kinds: activityKinds,
        window: requirementWindow,
        labels: z
          .array(text)
          .min(1)
          .optional()
          .meta({ description: 'The act’s issue or PR carries one of these labels' }),
        repos: z
          .array(text)
          .min(1)
          .optional()
          .meta({ description: 'Only acts in these repositories (owner/name)' }),
        groups: z
          .array(z.string().regex(GROUP_ID_PATTERN, { error: 'expected a group id (e.g. sig-docs)' }))
          .min(1)
          .optional()
          .meta({
            description:
              'Only acts in the repositories of these groups (ids from `rungs groups import`); with `repos`, either counts',
          }),
        in_scope: z.boolean().optional().meta({
          description:
            'Only acts in the repository of the scope (scoped levels); for a group scope, in its repositories',
        }),
        review_states: z.array(z.enum(REVIEW_STATES)).min(1).optional(),
        item_type: z.enum(['issue', 'pr']).optional(),
        series: text.optional().meta({ description: 'For meeting_attended: the meeting series' }),
        distinct_items: z
          .boolean()
          .optional()
          .meta({ description: 'Count distinct issues or PRs instead of acts' }),
      })
      .optional()
      .meta({ description: 'At least `min` acts of some kinds in a window, optionally filtered' }),
    tenure: z
      .strictObject({
        level: id,
        min: duration.optional().meta({ description: 'How long; omit for "holds it now"' }),
      })
      .optional()
      .meta({ description: 'Has held a level for at least `min`' }),
    sponsors: z
      .strictObject({
        min: wholeNumber(1),
        levels: levelList,
        distinct_affiliations: z.boolean().optional(),
        in_scope: z.boolean().optional().meta({
          description:
            'The sponsor holds the level in the scope the candidate is judged in, or in a scope containing it (scoped levels)',
        }),
        except_scopes: z.array(text).min(1).optional().meta({
          description:
            'A level held only in these scopes (repositories, directories or groups), or inside them, does not qualify a sponsor',
        }),
        window: requirementWindow.optional(),
      })
      .optional()
      .meta({ description: 'Sponsors holding one of `levels`, never the candidate' }),
    attestation: z
      .strictObject({
        kind: id,
        from: levelList,
        min: z
          .union([wholeNumber(1), z.enum(['majority', 'two_thirds'])], {
            error: 'expected a number of at least 1, majority or two_thirds',
          })
          .optional(),
        window: requirementWindow.optional(),
      })
      .optional()
      .meta({
        description: 'A recommendation, approval or vote of a named kind, given by holders of `from`',
      }),
    attendance: z
      .strictObject({
        series: text,
        min_ratio: numberValue().min(0).max(1),
        window: requirementWindow,
        cadence: duration
          .optional()
          .meta({ description: 'Meetings are held this often; omit to count the meetings anyone attended' }),
      })
      .optional()
      .meta({ description: 'Attended at least `min_ratio` of a meeting series in a window' }),
    criterion: z
      .strictObject({
        text,
        confirmed_by: levelList,
        id: id
          .optional()
          .meta({ description: 'The attestation kind that confirms it; made from the text when omitted' }),
      })
      .optional()
      .meta({ description: 'A criterion in words that a holder of `confirmed_by` confirms' }),
    get all_of() {
      return z.array(requirement).min(1).optional();
    },
    get any_of() {
      return z.array(requirement).min(1).optional();
    },
    get at_least() {
      return z.strictObject({ n: wholeNumber(1), of: z.array(requirement).min(1) }).optional();
    },
  })
  .superRefine(
    (value, context) => {
      if (!isRecord(value)) return;
      const named = REQUIREMENT_KEYS.filter((key) => value[key] !== undefined);
      if (named.length === 1) return;
      context.addIssue({
        code: 'custom',
        message:
          named.length === 0
            ? `a requirement names one kind: ${REQUIREMENT_KEYS.join(', ')}`
            : `a requirement names one kind, this one names ${named.join(' and ')}; wrap several in all_of`,
      });
    },
    { when: () => true },
  )
  .meta({
    id: 'requirement',
    description: `One requirement: exactly one of ${REQUIREMENT_KEYS.join(', ')}, and optionally a title`,
  });

const requirementList = z.array(requirement);

const level = z.strictObject({
  id,
  title: text,
  summary: text,
  term: duration
    .optional()
    .meta({ description: 'The length of a term at this level, e.g. 12w for a mentee' }),
  after: id.nullable().optional().meta({
    description:
      'The level held before this one; defaults to the level above in the list, null for an entry level',
  }),
  scoped: z.boolean().optional().meta({
    description:
      'Assignments carry a scope (a repository, directory or group), e.g. reviewer of a subproject',
  }),
  cycle: duration
    .optional()
    .meta({ description: 'How often stay requirements are checked (overrides standing.cycle)' }),
  cycle_anchor: cycleAnchor.optional(),
  emeritus_offer_after: wholeNumber(1)
    .nullable()
    .optional()
    .meta({ description: 'Consecutive missed cycles before emeritus is offered; null for never' }),
  requires: requirementList.meta({ description: 'What it takes to enter' }),
  stay: requirementList
    .optional()
    .meta({ description: 'What it takes to stay, checked every cycle (a YAML alias can repeat `requires`)' }),
  benefits: z.array(text).optional(),
});

/**
 * A ladder policy as the user writes it in YAML. Every key is checked (unknown keys are errors),
 * and so is every reference: levels named by `after`, `tenure`, `sponsors`, `attestation` and
 * `criterion` exist; `term` windows have a term to refer to; `cycle` windows a cycle.
 *
 * ```yaml
 * name: example
 * title: Example ladder
 * scoring: balanced
 * standing: { cycle: 2mo, emeritus_offer_after: 2 }
 * inactivity: { after: 9mo, grace: 30d }
 * levels:
 *   - id: contributor
 *     title: Contributor
 *     summary: Has contributed.
 *     requires:
 *       - points: { min: 500, window: 1y }
 *   - id: maintainer
 *     title: Maintainer
 *     summary: Owns the project.
 *     requires:
 *       - tenure: { level: contributor, min: 6mo }
 *       - attestation: { kind: maintainer_vote, from: [maintainer], min: majority }
 *     stay:
 *       - count: { min: 3, kinds: [pr_merged], window: cycle }
 * ```
 */
export const WRITTEN_LADDER_POLICY_SCHEMA = z
  .strictObject({
    $schema: z.string().optional(),
    name: id.meta({ description: 'A short id for the ladder, e.g. kubestellar' }),
    title: text,
    description: text.optional(),
    source: text.optional().meta({ description: 'Where the community publishes this ladder' }),
    scoring: text
      .optional()
      .meta({ description: 'The scoring preset points requirements use (balanced, kubestellar)' }),
    standing: z
      .strictObject({
        cycle: duration
          .optional()
          .meta({ description: 'How often stay requirements are checked; default 1mo' }),
        cycle_anchor: cycleAnchor.optional(),
        emeritus_offer_after: wholeNumber(1)
          .optional()
          .meta({ description: 'Consecutive missed cycles before emeritus is offered; default never' }),
      })
      .optional(),
    inactivity: z
      .strictObject({
        after: duration.meta({ description: 'No contributions for this long brings a notice' }),
        grace: duration.meta({ description: 'Time after the notice before emeritus' }),
        counts: activityKinds
          .optional()
          .meta({ description: 'What counts as a contribution; default contributions' }),
      })
      .optional(),
    reinstatement: z
      .strictObject({
        requires: requirementList
          .min(1)
          .meta({ description: 'What returns an emeritus person to their level' }),
      })
      .optional(),
    levels: z.array(level).min(1),
    statuses: z
      .array(z.strictObject({ id, title: text, summary: text.optional(), requires: requirementList.min(1) }))
      .optional()
      .meta({ description: 'Reportable statuses that are not levels, e.g. election voter' }),
  })
  .superRefine((value, context) => checkReferences(value, context), { when: () => true });

/** A ladder policy as written, after validation. */
export type WrittenLadderPolicy = z.output<typeof WRITTEN_LADDER_POLICY_SCHEMA>;

type Path = (string | number)[];
type Context = z.core.$RefinementCtx<unknown>;

/** What a requirement list may refer to where it sits. */
interface Situation {
  /** The term `term` windows mean, or why there is none. */
  readonly term: { readonly length: Duration } | { readonly missing: string };
  /** Why `cycle` windows cannot be used here, or null when they can. */
  readonly noCycle: string | null;
  readonly scoped: boolean;
}

interface DeclaredLevel {
  readonly index: number;
  readonly term: Duration | null;
  readonly scoped: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parsedDuration(value: unknown): Duration | null {
  if (typeof value !== 'string') return null;
  const parsed = parseDuration(value);
  return parsed.ok ? parsed.value : null;
}

/** Checks what zod cannot see: ids, references between levels, and where windows may be used. Defensive: the value may be malformed. */
function checkReferences(value: unknown, context: Context): void {
  if (!isRecord(value)) return;
  const report = (path: Path, message: string): void => {
    context.addIssue({ code: 'custom', path, message });
  };
  const levels = Array.isArray(value.levels) ? (value.levels as unknown[]) : [];
  const declared = new Map<string, DeclaredLevel>();
  levels.forEach((level, index) => {
    if (!isRecord(level) || typeof level.id !== 'string') return;
    if (level.id === EMERITUS_LEVEL) {
      report(
        ['levels', index, 'id'],
        `"${EMERITUS_LEVEL}" is reserved for people who stepped back; choose another id`,
      );
      return;
    }
    const first = declared.get(level.id);
    if (first !== undefined) {
      report(
        ['levels', index, 'id'],
        `level "${level.id}" is declared twice (first as levels[${first.index}])`,
      );
      return;
    }
    declared.set(level.id, { index, term: parsedDuration(level.term), scoped: level.scoped === true });
  });
  const known = [...declared.keys()].join(', ');
  const checkLevelId = (path: Path, name: unknown): void => {
    if (typeof name === 'string' && ID_PATTERN.test(name) && !declared.has(name)) {
      report(path, `no level "${name}" is declared; levels: ${known}`);
    }
  };
  const checkLevelIds = (path: Path, names: unknown): void => {
    if (!Array.isArray(names)) return;
    names.forEach((name, index) => {
      checkLevelId([...path, index], name);
    });
  };
  let missingScoringReported = typeof value.scoring === 'string';

  const checkWindow = (path: Path, window: unknown, situation: Situation): void => {
    if (typeof window !== 'string') return;
    const parsed = parseRequirementWindow(window);
    if (!parsed.ok) return;
    const kind = parsed.value.kind;
    if (kind === 'cycle' && situation.noCycle !== null) report(path, situation.noCycle);
    if (kind === 'term' || kind === 'term_part') {
      if ('missing' in situation.term) report(path, situation.term.missing);
      else if (
        parsed.value.kind === 'term_part' &&
        approximateDays(parsed.value.length) >= approximateDays(situation.term.length)
      ) {
        report(
          path,
          `"${window}" is not shorter than the ${formatDurationAdjective(situation.term.length)} term`,
        );
      }
    }
  };

  const checkRequirements = (path: Path, list: unknown, situation: Situation): void => {
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      checkRequirement([...path, index], item, situation);
    });
  };

  const checkRequirement = (path: Path, item: unknown, situation: Situation): void => {
    if (!isRecord(item)) return;
    const { points, count, tenure, sponsors, attestation, attendance, criterion, at_least: atLeast } = item;
    if (isRecord(points)) {
      if (!missingScoringReported) {
        missingScoringReported = true;
        report(
          [...path, 'points'],
          'points requirements need a scoring preset: add `scoring: balanced` (or kubestellar) at the top',
        );
      }
      checkWindow([...path, 'points', 'window'], points.window, situation);
    }
    if (isRecord(count)) {
      checkWindow([...path, 'count', 'window'], count.window, situation);
      if (count.in_scope === true && !situation.scoped) {
        report(
          [...path, 'count', 'in_scope'],
          'in_scope is for requirements of a scoped level (scoped: true)',
        );
      }
    }
    if (isRecord(tenure)) checkLevelId([...path, 'tenure', 'level'], tenure.level);
    if (isRecord(sponsors)) {
      checkLevelIds([...path, 'sponsors', 'levels'], sponsors.levels);
      checkWindow([...path, 'sponsors', 'window'], sponsors.window, situation);
      if (sponsors.in_scope === true && !situation.scoped) {
        report(
          [...path, 'sponsors', 'in_scope'],
          'in_scope is for requirements of a scoped level (scoped: true)',
        );
      }
    }
    if (isRecord(attestation)) {
      checkLevelIds([...path, 'attestation', 'from'], attestation.from);
      checkWindow([...path, 'attestation', 'window'], attestation.window, situation);
    }
    if (isRecord(attendance)) checkWindow([...path, 'attendance', 'window'], attendance.window, situation);
    if (isRecord(criterion)) checkLevelIds([...path, 'criterion', 'confirmed_by'], criterion.confirmed_by);
    checkRequirements([...path, 'all_of'], item.all_of, situation);
    checkRequirements([...path, 'any_of'], item.any_of, situation);
    if (isRecord(atLeast)) {
      checkRequirements([...path, 'at_least', 'of'], atLeast.of, situation);
      if (typeof atLeast.n === 'number' && Array.isArray(atLeast.of) && atLeast.n > atLeast.of.length) {
        report(
          [...path, 'at_least', 'n'],
          `at least ${atLeast.n} of ${atLeast.of.length} requirements can never be met`,
        );
      }
    }
  };

  levels.forEach((level, index) => {
    if (!isRecord(level)) return;
    let afterId: string | null = null;
    if (level.after === undefined) {
      const previous = index > 0 ? levels[index - 1] : undefined;
      afterId = isRecord(previous) && typeof previous.id === 'string' ? previous.id : null;
    } else if (typeof level.after === 'string') {
      afterId = level.after;
      const target = declared.get(level.after);
      if (target === undefined) checkLevelId(['levels', index, 'after'], level.after);
      else if (target.index >= index) {
        report(
          ['levels', index, 'after'],
          `after must name a level declared before this one; "${level.after}" comes later`,
        );
      }
    }
    const after = afterId === null ? undefined : declared.get(afterId);
    const ownTerm = parsedDuration(level.term);
    const scoped = level.scoped === true;
    checkRequirements(['levels', index, 'requires'], level.requires, {
      term:
        after?.term != null
          ? { length: after.term }
          : {
              missing:
                afterId === null
                  ? 'in requires, "term" means the term of the level held before, and this level comes after none'
                  : `in requires, "term" means the term of the level held before ("${afterId}"), which has no term`,
            },
      noCycle: null,
      scoped,
    });
    checkRequirements(['levels', index, 'stay'], level.stay, {
      term:
        ownTerm !== null
          ? { length: ownTerm }
          : { missing: 'in stay, "term" means this level\'s term: give the level one (term: 12w)' },
      noCycle: null,
      scoped,
    });
  });

  const elsewhere = (where: string): Situation => ({
    term: { missing: `"term" windows belong to level requirements, not to ${where}` },
    noCycle: `"cycle" windows belong to level requirements, not to ${where}`,
    scoped: false,
  });
  if (Array.isArray(value.statuses)) {
    const seen = new Map<string, number>();
    value.statuses.forEach((status, index) => {
      if (!isRecord(status)) return;
      if (typeof status.id === 'string') {
        const first = seen.get(status.id);
        if (first !== undefined) {
          report(
            ['statuses', index, 'id'],
            `status "${status.id}" is declared twice (first as statuses[${first}])`,
          );
        } else seen.set(status.id, index);
      }
      checkRequirements(['statuses', index, 'requires'], status.requires, elsewhere('statuses'));
    });
  }
  if (isRecord(value.reinstatement)) {
    checkRequirements(
      ['reinstatement', 'requires'],
      value.reinstatement.requires,
      elsewhere('reinstatement'),
    );
  }
}

/** The key path of a written requirement, as traces name it: `levels[2].requires[0]`. */
export function toRequirementPath(path: readonly (string | number)[]): string {
  return formatKeyPath(path);
}
