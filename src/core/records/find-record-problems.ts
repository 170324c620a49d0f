import { type ActorRef, isActivityKind } from '../activity.ts';
import type { ItemSnapshot } from '../item.ts';
import type { SourceRecord } from '../source-record.ts';
import { parseUtcTime } from '../time/parse-utc-time.ts';

/** One thing wrong with one record, located by its path in the record, e.g. `observations[2].activity.occurredAt`. */
export interface RecordProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Longest identifier (key, repo, login, email, name, label), in characters: at 4 bytes a character
 * it stays under PostgreSQL's 2,704-byte limit on an index entry, and far above any real one
 * (GitHub logins have 39 characters, labels 50, repository names 100 each side).
 */
export const MAX_NAME_LENGTH = 512;
/** Longest free text kept in a column (a title, a URL), in characters; GitHub titles have 256 at most. */
export const MAX_TEXT_LENGTH = 8192;

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
 * Every problem of one record, empty when it can be stored: times in the one sortable form
 * `YYYY-MM-DDTHH:MM:SSZ` naming a real instant, known kinds and states, lower-cased repos, whole
 * positive numbers, actors with a GitHub id, login or email, identifiers and texts no longer than
 * {@link MAX_NAME_LENGTH} and {@link MAX_TEXT_LENGTH}, and no NUL character anywhere, payload
 * included (PostgreSQL cannot store one in text or JSON). Pure; never throws.
 */
export function findRecordProblems(record: SourceRecord): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const report = (path: string, message: string): void => {
    problems.push({ path, message });
  };
  checkRecord(record, report);
  const nul = findNul(record.payload, 'payload');
  if (nul !== null) report(nul, NUL_MESSAGE);
  return problems;
}

function checkRecord(record: SourceRecord, report: Report): void {
  const source: unknown = record.source;
  const key: unknown = record.key;
  if (typeof source !== 'string' || source === '') report('source', 'expected a source name');
  if (typeof key !== 'string' || key === '') report('key', 'expected a non-empty key');
  else checkText(key, 'key', MAX_NAME_LENGTH, report);
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
        checkText(activity.key, `${at}.key`, MAX_NAME_LENGTH, report);
        if (!isActivityKind(activity.kind))
          report(`${at}.kind`, `unknown activity kind ${show(activity.kind)}`);
        checkTime(activity.occurredAt, `${at}.occurredAt`, report);
        checkActor(activity.actor, `${at}.actor`, report);
        if (activity.repo !== null) checkRepo(activity.repo, `${at}.repo`, report);
        if (activity.itemNumber !== null) checkNumber(activity.itemNumber, `${at}.itemNumber`, report);
        if (activity.url !== null && typeof activity.url !== 'string')
          report(`${at}.url`, 'expected a string or null');
        else if (activity.url !== null) checkText(activity.url, `${at}.url`, MAX_TEXT_LENGTH, report);
        if (
          typeof activity.details !== 'object' ||
          activity.details === null ||
          Array.isArray(activity.details)
        ) {
          report(`${at}.details`, 'expected an object');
        } else {
          const nul = findNul(activity.details, `${at}.details`);
          if (nul !== null) report(nul, NUL_MESSAGE);
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
  else if (item.title !== undefined) checkText(item.title, `${path}.title`, MAX_TEXT_LENGTH, report);
  if (item.author !== undefined && item.author !== null) checkActor(item.author, `${path}.author`, report);
  if (item.mergedBy !== undefined && item.mergedBy !== null)
    checkActor(item.mergedBy, `${path}.mergedBy`, report);
  if (
    item.labels !== undefined &&
    !(Array.isArray(item.labels) && item.labels.every((l) => typeof l === 'string'))
  ) {
    report(`${path}.labels`, 'expected a list of label names');
  } else if (item.labels !== undefined) {
    item.labels.forEach((label, index) => {
      checkText(label, `${path}.labels[${index}]`, MAX_NAME_LENGTH, report);
    });
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
  else if (item.url !== undefined) checkText(item.url, `${path}.url`, MAX_TEXT_LENGTH, report);
  if (item.transferredTo !== undefined && typeof item.transferredTo !== 'string') {
    report(`${path}.transferredTo`, 'expected a string');
  } else if (item.transferredTo !== undefined) {
    checkText(item.transferredTo, `${path}.transferredTo`, MAX_NAME_LENGTH, report);
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
    const text = actor[field];
    if (text !== undefined) checkText(text, `${path}.${field}`, MAX_NAME_LENGTH, report);
  }
  if (actor.githubId === undefined && !hasText(actor.login) && !hasText(actor.email)) {
    report(path, 'the actor has no GitHub id, login or email');
  }
}

function checkTime(value: unknown, path: string, report: Report): void {
  if (typeof value === 'string') {
    const parsed = parseUtcTime(value);
    if (parsed.kind === 'invalid') report(path, parsed.message);
    else if (parsed.second !== value) {
      report(
        path,
        `expected a time like 2024-05-01T12:00:00Z, got ${show(value)}: not in the stored UTC form`,
      );
    }
    return;
  }
  report(path, `expected a time like 2024-05-01T12:00:00Z, got ${show(value)}`);
}

function checkRepo(value: unknown, path: string, report: Report): void {
  if (typeof value !== 'string' || value === '' || value !== value.toLowerCase()) {
    report(path, `expected a lower-cased owner/name, got ${show(value)}`);
  } else {
    checkText(value, path, MAX_NAME_LENGTH, report);
  }
}

/** What a NUL character anywhere in a record is told with. */
export const NUL_MESSAGE = 'contains a NUL character, which cannot be stored';

function checkText(value: string, path: string, max: number, report: Report): void {
  if (value.includes('\u0000')) report(path, NUL_MESSAGE);
  else if (value.length > max)
    report(path, `is ${value.length} characters long, more than the ${max} allowed`);
}

/**
 * The JSON path (from `path`) of the first string, value or key, holding a NUL character in `value`,
 * or null. Walks with its own stack, so a deeply nested payload cannot overflow the call stack;
 * paths are built only on a second walk, which runs only when there is a NUL to locate.
 */
export function findNul(value: unknown, path: string): string | null {
  if (!holdsNul(value)) return null;
  const stack: [unknown, string][] = [[value, path]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [node, at] = next;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return at;
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) stack.push([node[i], `${at}[${i}]`]);
    } else if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i]!;
        const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`;
        if (key.includes('\u0000')) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return true;
    } else if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
    } else if (typeof node === 'object' && node !== null) {
      for (const key in node) {
        if (key.includes('\u0000')) return true;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
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
