import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type ActivityRecord, type ActorRef, OFF_GITHUB_KINDS } from '../../core/activity.ts';
import { isPointsWithin, MAX_POINTS } from '../../core/scoring/max-points.ts';
import type { MapResult, Observation, SourceRecord } from '../../core/source-record.ts';

/** The columns (CSV) or keys (JSON lines) an activities file may have. */
export const ACTIVITY_FILE_COLUMNS = [
  'id',
  'kind',
  'login',
  'email',
  'date',
  'title',
  'series',
  'url',
  'repo',
  'points',
  'granted_by',
  'reason',
  'newcomer',
  'attestation',
  'level',
  'affiliation',
] as const;

/** One of {@link ACTIVITY_FILE_COLUMNS}. */
export type ActivityFileColumn = (typeof ACTIVITY_FILE_COLUMNS)[number];

/** An activity kind an activities file may record. */
export type OffGitHubKind = (typeof OFF_GITHUB_KINDS)[number];

/**
 * A checked row of an activities file, as stored in its source record: blank fields dropped,
 * text trimmed, a leading `@` removed from logins, `repo` lower-cased, `points` a number. The date
 * stays as written; {@link toActivityTime} reads it.
 */
export interface ActivityFileRow {
  readonly id?: string;
  readonly kind: OffGitHubKind;
  readonly login?: string;
  readonly email?: string;
  readonly date: string;
  readonly title?: string;
  readonly series?: string;
  readonly url?: string;
  readonly repo?: string;
  /** Bonus points granted (a negative number takes points back); bonus rows only. */
  readonly points?: number;
  readonly granted_by?: string;
  readonly reason?: string;
  readonly newcomer?: string;
  /** What an attestation row attests, e.g. `mentor_recommendation` (lower-cased); attestation rows only. */
  readonly attestation?: string;
  /** The ladder level an attestation or sponsorship is for (lower-cased); optional, those rows only. */
  readonly level?: string;
  /** The sponsor's affiliation (employer) when sponsoring; sponsorship rows only. */
  readonly affiliation?: string;
}

/** What is wrong with one field of a row. */
export interface FieldProblem {
  readonly field: ActivityFileColumn;
  readonly message: string;
}

/** A row's values checked: the row, or every problem found in it. */
export type ParsedActivityRow =
  | { readonly kind: 'valid'; readonly row: ActivityFileRow }
  | { readonly kind: 'invalid'; readonly problems: readonly FieldProblem[] };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const GITHUB_LOGIN = /^[a-z0-9][a-z0-9-]{0,38}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const REPO = /^[a-z0-9][a-z0-9-]*\/[a-z0-9._-]+$/i;
const INTEGER = /^[+-]?\d+$/;
const BONUS_ONLY = ['points', 'reason'] as const;
const NAME = /^[a-z][a-z0-9_-]*$/;
/** Kinds whose rows name who gave them in `granted_by`. */
const GRANTED_KINDS: ReadonlySet<string> = new Set(['bonus', 'attestation', 'sponsorship']);

/** Blank text and null mean "not given"; text is trimmed. */
function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
}

/** Optional text; numbers are accepted for `id` only, where spreadsheets turn `17` into a number. */
function text(acceptNumbers = false) {
  return z.preprocess((value) => {
    const given = blankToUndefined(value);
    return acceptNumbers && typeof given === 'number' && Number.isSafeInteger(given) ? String(given) : given;
  }, z.string({ error: (issue) => `expected text, got ${show(issue.input)}` }).optional());
}

/** Optional text that must match a rule, with the message naming what was expected. */
function matching(
  expected: string,
  isValid: (value: string) => boolean,
  normalize = (value: string) => value,
) {
  return text().transform((value, context) => {
    if (value === undefined) return undefined;
    const normalized = normalize(value);
    if (isValid(normalized)) return normalized;
    context.addIssue({ code: 'custom', message: `expected ${expected}, got ${show(value)}` });
    return z.NEVER;
  });
}

const login = () =>
  matching(
    'a GitHub login',
    (value) => GITHUB_LOGIN.test(value),
    (value) => value.replace(/^@/, ''),
  );

const fieldSchemas = {
  id: text(true),
  kind: z.preprocess(
    blankToUndefined,
    z.enum(OFF_GITHUB_KINDS, {
      error: (issue) =>
        issue.input === undefined
          ? `required; one of ${OFF_GITHUB_KINDS.join(', ')}`
          : `expected one of ${OFF_GITHUB_KINDS.join(', ')}, got ${show(issue.input)}`,
    }),
  ),
  login: login(),
  email: matching('an email address', (value) => EMAIL.test(value)),
  date: z.preprocess(
    blankToUndefined,
    z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'required: YYYY-MM-DD or an ISO datetime'
            : `expected YYYY-MM-DD or an ISO datetime, got ${show(issue.input)}`,
      })
      .refine((value) => toActivityTime(value) !== null, { error: (issue) => describeBadDate(issue.input) }),
  ),
  title: text(),
  series: text(),
  url: matching('an http(s) URL', isHttpUrl),
  repo: matching(
    'owner/name',
    (value) => REPO.test(value),
    (value) => value.toLowerCase(),
  ),
  points: z.preprocess(blankToUndefined, z.unknown()).transform((value, context) => {
    if (value === undefined) return undefined;
    const points = typeof value === 'string' && INTEGER.test(value) ? Number(value) : value;
    // Bounded so sums stay exact; a negative grant takes points back, within the same bound.
    if (typeof points === 'number' && isPointsWithin(Math.abs(points), 1)) return points;
    context.addIssue({
      code: 'custom',
      message: `expected a whole number from 1 to ${MAX_POINTS.toLocaleString('en')} (or its negative to take points back), got ${show(value)}`,
    });
    return z.NEVER;
  }),
  granted_by: login(),
  reason: text(),
  newcomer: login(),
  attestation: matching(
    'a name such as mentor_recommendation (letters, digits, _ and -)',
    (value) => NAME.test(value),
    (value) => value.toLowerCase(),
  ),
  level: matching(
    'a level id such as maintainer (letters, digits, _ and -)',
    (value) => NAME.test(value),
    (value) => value.toLowerCase(),
  ),
  affiliation: text(),
} satisfies Record<ActivityFileColumn, z.ZodType>;

/**
 * Checks one row's values (strings from CSV; strings, numbers or null from JSON lines) and returns
 * the row, or every problem in it: each field's own rule, `login` or `email` given, `points`,
 * `granted_by` and `reason` all required on bonus rows, `points` and `reason` only there;
 * `granted_by` also required on attestation and sponsorship rows (who gave it; `login` is whom it is
 * about), `attestation` required on attestation rows and only there, `level` only on attestation and
 * sponsorship rows, `affiliation` only on sponsorship rows, `newcomer` only on newcomer_onboarded
 * rows. Keys outside {@link ACTIVITY_FILE_COLUMNS} are the reader's concern
 * and are not checked here. Pure.
 */
export function parseActivityRow(values: Readonly<Record<string, unknown>>): ParsedActivityRow {
  const problems: FieldProblem[] = [];
  const row: Record<string, unknown> = {};
  for (const column of ACTIVITY_FILE_COLUMNS) {
    const parsed = fieldSchemas[column].safeParse(values[column]);
    if (parsed.success) {
      if (parsed.data !== undefined) row[column] = parsed.data;
    } else {
      problems.push({ field: column, message: parsed.error.issues[0]?.message ?? 'invalid' });
    }
  }
  const failed = new Set(problems.map((problem) => problem.field));
  const given = (column: ActivityFileColumn): boolean => row[column] !== undefined || failed.has(column);

  if (!given('login') && !given('email')) {
    problems.push({ field: 'login', message: 'login or email is required' });
  }
  const kind = row.kind;
  if (kind === 'bonus') {
    for (const column of [...BONUS_ONLY, 'granted_by'] as const) {
      if (!given(column)) problems.push({ field: column, message: 'required for bonus' });
    }
  } else if (kind !== undefined) {
    for (const column of BONUS_ONLY) {
      if (given(column)) {
        problems.push({ field: column, message: `only bonus rows have ${column}, not ${kind}` });
      }
    }
    if (GRANTED_KINDS.has(String(kind))) {
      if (!given('granted_by')) problems.push({ field: 'granted_by', message: `required for ${kind}` });
    } else if (given('granted_by')) {
      problems.push({
        field: 'granted_by',
        message: `only bonus, attestation and sponsorship rows have granted_by, not ${kind}`,
      });
    }
  }
  if (kind === 'attestation' && !given('attestation')) {
    problems.push({ field: 'attestation', message: 'required for attestation (what it attests)' });
  }
  if (kind !== undefined && kind !== 'attestation' && given('attestation')) {
    problems.push({ field: 'attestation', message: `only attestation rows have attestation, not ${kind}` });
  }
  if (kind !== undefined && kind !== 'attestation' && kind !== 'sponsorship' && given('level')) {
    problems.push({
      field: 'level',
      message: `only attestation and sponsorship rows name a level, not ${kind}`,
    });
  }
  if (kind !== undefined && kind !== 'sponsorship' && given('affiliation')) {
    problems.push({ field: 'affiliation', message: `only sponsorship rows have affiliation, not ${kind}` });
  }
  if (kind !== undefined && kind !== 'newcomer_onboarded' && given('newcomer')) {
    problems.push({
      field: 'newcomer',
      message: `only newcomer_onboarded rows name a newcomer, not ${kind}`,
    });
  }

  if (problems.length > 0) {
    const order = (field: ActivityFileColumn): number => ACTIVITY_FILE_COLUMNS.indexOf(field);
    return { kind: 'invalid', problems: problems.sort((a, b) => order(a.field) - order(b.field)) };
  }
  return { kind: 'valid', row: row as unknown as ActivityFileRow };
}

/**
 * The activity's time from a row's `date`: `YYYY-MM-DD` is that day at 00:00:00Z; a datetime with
 * an offset is converted to UTC (fractions of a second dropped). Null when it is neither, or not a
 * real calendar time. Pure.
 */
export function toActivityTime(date: string): string | null {
  const day = DATE_ONLY.exec(date);
  const time = day ? null : DATE_TIME.exec(date);
  const parts = day ?? time;
  if (!parts) return null;
  const [year, month, dayOfMonth] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const [hour, minute, second] = time
    ? [Number(time[4]), Number(time[5]), Number(time[6] ?? '0')]
    : [0, 0, 0];
  const local = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second);
  const check = new Date(local);
  const isReal =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === dayOfMonth &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  if (!isReal) return null;
  let offsetMinutes = 0;
  const zone = time?.[7];
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 23 || minutes > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  const utc = new Date(local - offsetMinutes * 60_000).toISOString();
  return /^\d{4}-/.test(utc) ? `${utc.slice(0, 19)}Z` : null;
}

/**
 * The natural key of a row's activity: `{kind}:{id}` when the row has an id, else `{kind}:row-`
 * and a hash of what makes the act itself (kind, person, time, title, series, newcomer, and for
 * bonus rows points and reason), so importing the same file twice stores nothing new. Editing one
 * of those in a row without an id makes it a new activity: give rows you may edit an id.
 */
export function toActivityKey(row: ActivityFileRow): string {
  if (row.id !== undefined) return `${row.kind}:${row.id}`;
  const person = (row.login ?? row.email ?? '').toLowerCase();
  const identity = [
    row.kind,
    person,
    toActivityTime(row.date),
    row.title ?? null,
    row.series ?? null,
    row.newcomer?.toLowerCase() ?? null,
    row.points ?? null,
    row.reason ?? null,
  ];
  // Only the kinds that have these fields add them, so keys of other rows stay as they always were.
  if (row.kind === 'attestation' || row.kind === 'sponsorship') {
    identity.push(row.granted_by?.toLowerCase() ?? null, row.attestation ?? null, row.level ?? null);
  }
  const hash = createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 20);
  return `${row.kind}:row-${hash}`;
}

/**
 * The source record of a checked row: source `activities`, keyed by its activity's key, the row as
 * payload, observing the person and the activity.
 */
export function toActivitySourceRecord(row: ActivityFileRow): SourceRecord {
  return {
    source: 'activities',
    key: toActivityKey(row),
    occurredAt: toActivityTime(row.date) ?? row.date,
    payload: row,
    observations: toObservations(row),
  };
}

/** Maps a stored row again (for a rebuild); throws when today's rules reject it. */
export function mapActivityRow(payload: unknown): MapResult {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new Error('not an activities row: expected an object');
  }
  const parsed = parseActivityRow(payload as Record<string, unknown>);
  if (parsed.kind === 'invalid') {
    const problems = parsed.problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new Error(`not a valid activities row: ${problems}`);
  }
  return { kind: 'mapped', observations: toObservations(parsed.row) };
}

function toObservations(row: ActivityFileRow): Observation[] {
  const actor: ActorRef = {
    ...(row.login !== undefined ? { login: row.login } : {}),
    ...(row.email !== undefined ? { email: row.email } : {}),
  };
  const details: Record<string, unknown> = {};
  if (row.title !== undefined) details.title = row.title;
  if (row.series !== undefined) details.series = row.series;
  if (row.points !== undefined) details.points = row.points;
  if (row.granted_by !== undefined) details.grantedBy = row.granted_by;
  if (row.reason !== undefined) details.reason = row.reason;
  if (row.newcomer !== undefined) details.newcomer = row.newcomer;
  if (row.attestation !== undefined) details.attestation = row.attestation;
  if (row.level !== undefined) details.level = row.level;
  if (row.affiliation !== undefined) details.affiliation = row.affiliation;
  const activity: ActivityRecord = {
    key: toActivityKey(row),
    kind: row.kind,
    actor,
    occurredAt: toActivityTime(row.date) ?? row.date,
    repo: row.repo ?? null,
    itemNumber: null,
    url: row.url ?? null,
    details,
  };
  return [
    { kind: 'actor', actor },
    { kind: 'activity', activity },
  ];
}

function describeBadDate(value: unknown): string {
  const written = String(value);
  if (DATE_ONLY.test(written) || DATE_TIME.test(written)) return `not a real date and time: ${show(value)}`;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(written)) {
    return `expected a datetime with an offset (Z or +02:00), got ${show(value)}`;
  }
  return `expected YYYY-MM-DD or an ISO datetime, got ${show(value)}`;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
