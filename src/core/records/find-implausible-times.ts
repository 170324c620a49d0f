import type { SourceName, SourceRecord } from '../source-record.ts';
import { parseUtcTime } from '../time/parse-utc-time.ts';
import type { RecordProblem } from './find-record-problems.ts';

/** GitHub opened in 2008: no GitHub event is older. */
export const EARLIEST_GITHUB_TIME = '2008-01-01T00:00:00Z';
const DAY_MS = 86_400_000;

/**
 * The times of a valid record (see `findRecordProblems`) that cannot be true: before
 * {@link EARLIEST_GITHUB_TIME}, or more than a day after `now` (a day of slack for clocks and time
 * zones). Which of them matter depends on the source: see {@link isGitHubClockSource}. Pure: `now`
 * is an ISO time given by the caller.
 */
export function findImplausibleTimes(record: SourceRecord, now: string): RecordProblem[] {
  const parsedNow = parseUtcTime(now);
  if (parsedNow.kind === 'invalid') throw new RangeError(`now: ${parsedNow.message}`);
  const latest = parsedNow.epochSecondMs + DAY_MS;
  const earliest = Date.parse(EARLIEST_GITHUB_TIME);
  const problems: RecordProblem[] = [];
  const check = (time: string | null | undefined, path: string): void => {
    if (time === null || time === undefined) return;
    const ms = Date.parse(time);
    if (ms < earliest) problems.push({ path, message: `${time} is before GitHub existed (2008)` });
    else if (ms > latest) problems.push({ path, message: `${time} is more than a day after now (${now})` });
  };
  check(record.occurredAt, 'occurredAt');
  record.observations.forEach((observation, index) => {
    const path = `observations[${index}]`;
    switch (observation.kind) {
      case 'actor':
        break;
      case 'activity':
        check(observation.activity.occurredAt, `${path}.activity.occurredAt`);
        break;
      case 'item': {
        const item = observation.item;
        check(item.observedAt, `${path}.item.observedAt`);
        check(item.createdAt, `${path}.item.createdAt`);
        check(item.closedAt, `${path}.item.closedAt`);
        check(item.mergedAt, `${path}.item.mergedAt`);
        break;
      }
    }
  });
  return problems;
}

/**
 * Whether a source's times come from GitHub's own clock, so an implausible one means a broken or
 * forged record (rejected). Git history and hand-kept files carry their authors' clocks, which
 * can be wrong or predate GitHub: their implausible times are warned about and kept.
 */
export function isGitHubClockSource(source: SourceName): boolean {
  switch (source) {
    case 'webhook':
    case 'gharchive':
    case 'github_api':
      return true;
    case 'git':
    case 'activities':
      return false;
  }
}
