import { type ActorRef, isActivityKind } from '../../core/activity.ts';
import type { ItemSnapshot } from '../../core/item.ts';
import type { SourceRecord } from '../../core/source-record.ts';
import { parseUtcTime } from '../../core/time/parse-utc-time.ts';

/** One thing wrong with one record of a batch, located by record and path. */
export interface RecordProblem {
  /** `source:key` of the record. */
  readonly record: string;
  /** Where in the record, e.g. `observations[2].activity.occurredAt`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A batch the store refused before writing anything, because some record would store nonsense
 * (a time that does not sort, an actor who identifies nobody). Carries every problem found.
 */
export class InvalidBatchError extends Error {
  readonly problems: readonly RecordProblem[];

  constructor(problems: readonly RecordProblem[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    super(
      first === undefined
        ? 'invalid batch'
        : `invalid record ${first.record} at ${first.path}: ${first.message}${more}`,
    );
    this.name = 'InvalidBatchError';
    this.problems = problems;
  }
}

const ITEM_TYPES: ReadonlySet<unknown> = new Set(['issue', 'pr']);
const ITEM_STATES: ReadonlySet<unknown> = new Set(['open', 'closed', 'deleted', 'transferred']);
const STATE_REASONS: ReadonlySet<unknown> = new Set([
  'completed',
  'not_planned',
  'duplicate',
  'reopened',
  null,
]);

/**
 * Every problem of every record, empty when the batch can be stored. Checks what the store relies
 * on: times in the one sortable form `YYYY-MM-DDTHH:MM:SSZ`, known kinds and states, lower-cased
 * repos, whole positive numbers, and actors with a GitHub id, login or email.
 */
export function findBatchProblems(records: readonly SourceRecord[]): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const record of records) findRecordProblems(record, problems);
  return problems;
}

/** True for an ISO UTC time to the second, `YYYY-MM-DDTHH:MM:SSZ`, that names a real instant. */
export function isIsoSecondTime(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 20) return false;
  const parsed = parseUtcTime(value);
  return parsed.kind === 'time' && parsed.second === value;
}

function findRecordProblems(record: SourceRecord, problems: RecordProblem[]): void {
  const name = `${String(record.source)}:${String(record.key)}`;
  const report = (path: string, message: string): void => {
    problems.push({ record: name, path, message });
  };
  const source: unknown = record.source;
  const key: unknown = record.key;
  if (typeof source !== 'string' || source === '') report('source', 'expected a source name');
  if (typeof key !== 'string' || key === '') report('key', 'expected a non-empty key');
  checkTime(record.occurredAt, 'occurredAt', report);
  if (!Array.isArray(record.observations)) {
    report('observations', 'expected a list of observations');
    return;
  }
  record.observations.forEach((observation, index) => {
    const path = `observations[${index}]`;
    switch (observation?.kind) {
      case 'actor':
        checkActor(observation.actor, `${path}.actor`, report);
        break;
      case 'item':
        checkItem(observation.item, `${path}.item`, report);
        break;
      case 'activity': {
        const activity = observation.activity;
        const at = `${path}.activity`;
        if (typeof activity?.key !== 'string' || activity.key === '') {
          report(`${at}.key`, 'expected a non-empty key');
          return;
        }
        if (!isActivityKind(activity.kind))
          report(`${at}.kind`, `unknown activity kind ${show(activity.kind)}`);
        checkTime(activity.occurredAt, `${at}.occurredAt`, report);
        checkActor(activity.actor, `${at}.actor`, report);
        if (activity.repo !== null) checkRepo(activity.repo, `${at}.repo`, report);
        if (activity.itemNumber !== null) checkNumber(activity.itemNumber, `${at}.itemNumber`, report);
        if (activity.url !== null && typeof activity.url !== 'string')
          report(`${at}.url`, 'expected a string or null');
        if (
          typeof activity.details !== 'object' ||
          activity.details === null ||
          Array.isArray(activity.details)
        ) {
          report(`${at}.details`, 'expected an object');
        }
        break;
      }
      default:
        report(`${path}.kind`, `unknown observation kind ${show((observation as { kind?: unknown })?.kind)}`);
    }
  });
}

type Report = (path: string, message: string) => void;

function checkItem(item: ItemSnapshot, path: string, report: Report): void {
  if (typeof item !== 'object' || item === null) {
    report(path, 'expected an item snapshot');
    return;
  }
  checkRepo(item.repo, `${path}.repo`, report);
  checkNumber(item.number, `${path}.number`, report);
  if (!ITEM_TYPES.has(item.type)) report(`${path}.type`, `expected issue or pr, got ${show(item.type)}`);
  checkTime(item.observedAt, `${path}.observedAt`, report);
  if (item.title !== undefined && typeof item.title !== 'string')
    report(`${path}.title`, 'expected a string');
  if (item.author !== undefined && item.author !== null) checkActor(item.author, `${path}.author`, report);
  if (item.mergedBy !== undefined && item.mergedBy !== null)
    checkActor(item.mergedBy, `${path}.mergedBy`, report);
  if (
    item.labels !== undefined &&
    !(Array.isArray(item.labels) && item.labels.every((l) => typeof l === 'string'))
  ) {
    report(`${path}.labels`, 'expected a list of label names');
  }
  if (item.state !== undefined && !ITEM_STATES.has(item.state)) {
    report(`${path}.state`, `unknown state ${show(item.state)}`);
  }
  if (item.stateReason !== undefined && !STATE_REASONS.has(item.stateReason)) {
    report(`${path}.stateReason`, `unknown state reason ${show(item.stateReason)}`);
  }
  if (item.createdAt !== undefined) checkTime(item.createdAt, `${path}.createdAt`, report);
  if (item.closedAt !== undefined && item.closedAt !== null)
    checkTime(item.closedAt, `${path}.closedAt`, report);
  if (item.mergedAt !== undefined && item.mergedAt !== null)
    checkTime(item.mergedAt, `${path}.mergedAt`, report);
  if (item.url !== undefined && typeof item.url !== 'string') report(`${path}.url`, 'expected a string');
  if (item.transferredTo !== undefined && typeof item.transferredTo !== 'string') {
    report(`${path}.transferredTo`, 'expected a string');
  }
}

function checkActor(actor: ActorRef, path: string, report: Report): void {
  if (typeof actor !== 'object' || actor === null) {
    report(path, 'expected an actor');
    return;
  }
  if (actor.githubId !== undefined && !(Number.isSafeInteger(actor.githubId) && actor.githubId > 0)) {
    report(`${path}.githubId`, `expected a positive whole number, got ${show(actor.githubId)}`);
    return;
  }
  for (const field of ['login', 'email', 'name'] as const) {
    if (actor[field] !== undefined && typeof actor[field] !== 'string') {
      report(`${path}.${field}`, 'expected a string');
      return;
    }
  }
  if (actor.githubId === undefined && !hasText(actor.login) && !hasText(actor.email)) {
    report(path, 'the actor has no GitHub id, login or email');
  }
}

function checkTime(value: unknown, path: string, report: Report): void {
  if (!isIsoSecondTime(value)) report(path, `expected a time like 2024-05-01T12:00:00Z, got ${show(value)}`);
}

function checkRepo(value: unknown, path: string, report: Report): void {
  if (typeof value !== 'string' || value === '' || value !== value.toLowerCase()) {
    report(path, `expected a lower-cased owner/name, got ${show(value)}`);
  }
}

function checkNumber(value: unknown, path: string, report: Report): void {
  if (!(Number.isSafeInteger(value) && (value as number) > 0)) {
    report(path, `expected a positive whole number, got ${show(value)}`);
  }
}

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
