import * as z from 'zod';
import type { ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import { formatUtcInstant, parseUtcInstant } from '../window/utc-calendar.ts';
import type { LadderPolicy } from './ladder-policy.ts';
import { EMERITUS_LEVEL, findLevel } from './ladder-policy.ts';

/** One line of a community's existing roster: who holds which level, since when. */
export interface RosterEntry {
  readonly login: string;
  /** A level of the policy, or `emeritus`. */
  readonly level: string;
  readonly scope: string | null;
  /** ISO UTC instant; a date means midnight UTC of that day. */
  readonly since: string;
  readonly until: string | null;
  readonly decision: string | null;
  /** For `emeritus`: the level held before. */
  readonly previousLevel: string | null;
}

const LOGIN = /^@?[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const text = z.string().trim().min(1);
const time = z
  .string({
    error: (issue) => `expected a date (2024-05-01) or an ISO date-time, got ${JSON.stringify(issue.input)}`,
  })
  .refine((value) => parseUtcInstant(value.trim()) !== null, {
    error: (issue) => `expected a date (2024-05-01) or an ISO date-time, got ${JSON.stringify(issue.input)}`,
  });

/**
 * A roster as written:
 *
 * ```yaml
 * roles:
 *   - { login: alice, level: maintainer, since: 2024-05-01, decision: https://github.com/org/community/issues/12 }
 *   - { login: bob, level: reviewer, scope: org/app/pkg/api, since: 2025-01-10 }
 *   - { login: carol, level: emeritus, previous_level: maintainer, since: 2025-03-01 }
 * ```
 */
export const WRITTEN_ROSTER_SCHEMA = z.strictObject({
  roles: z.array(
    z.strictObject({
      login: z.string().regex(LOGIN, { error: 'expected a GitHub login' }),
      level: text,
      scope: text.optional(),
      since: time,
      until: time.optional(),
      decision: text.optional(),
      previous_level: text.optional(),
    }),
  ),
});

/**
 * Parses a roster YAML file against a policy: every level must be one of the policy's (or
 * `emeritus` with the `previous_level` it returns to), scoped levels need a scope and only they have
 * one, and `until` comes after `since`. Returns every problem at once, located. Never throws.
 */
export function parseRoster(
  text: string,
  fileName: string,
  policy: LadderPolicy,
): ParseResult<RosterEntry[]> {
  const levelIds = policy.levels.map((level) => level.id).join(', ');
  const schema = WRITTEN_ROSTER_SCHEMA.superRefine((roster, context) => {
    roster.roles.forEach((entry, index) => {
      const at = (key: string) => ['roles', index, key];
      if (entry.level === EMERITUS_LEVEL) {
        if (entry.previous_level === undefined) {
          context.addIssue({
            code: 'custom',
            path: at('level'),
            message: 'an emeritus entry names the level held before in previous_level',
          });
        } else if (findLevel(policy, entry.previous_level) === undefined) {
          context.addIssue({
            code: 'custom',
            path: at('previous_level'),
            message: `no level "${entry.previous_level}" in ${policy.name}; levels: ${levelIds}`,
          });
        }
      } else {
        const level = findLevel(policy, entry.level);
        if (level === undefined) {
          context.addIssue({
            code: 'custom',
            path: at('level'),
            message: `no level "${entry.level}" in ${policy.name}; levels: ${levelIds}, ${EMERITUS_LEVEL}`,
          });
        } else if (level.scoped && entry.scope === undefined) {
          context.addIssue({
            code: 'custom',
            path: at('level'),
            message: `${level.title} is held in a scope: add scope (a repository, directory or group)`,
          });
        } else if (!level.scoped && entry.scope !== undefined) {
          context.addIssue({
            code: 'custom',
            path: at('scope'),
            message: `${level.title} is held for the whole community, not in a scope`,
          });
        }
        if (entry.previous_level !== undefined) {
          context.addIssue({
            code: 'custom',
            path: at('previous_level'),
            message: 'only emeritus entries have previous_level',
          });
        }
      }
      if (entry.until !== undefined && toInstant(entry.until) <= toInstant(entry.since)) {
        context.addIssue({ code: 'custom', path: at('until'), message: 'until must come after since' });
      }
    });
  });
  const parsed = parseYamlDocument(text, fileName, schema);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: parsed.value.roles.map((entry) => ({
      login: entry.login.replace(/^@/, ''),
      level: entry.level,
      scope: entry.scope ?? null,
      since: toInstant(entry.since),
      until: entry.until === undefined ? null : toInstant(entry.until),
      decision: entry.decision ?? null,
      previousLevel: entry.previous_level ?? null,
    })),
  };
}

function toInstant(value: string): string {
  const parsed = parseUtcInstant(value.trim());
  return parsed === null ? value : formatUtcInstant(Math.floor(parsed.ms / 1000) * 1000);
}
