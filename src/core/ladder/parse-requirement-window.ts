import type { TextParseResult } from './duration.ts';
import { parseDuration } from './duration.ts';
import type { RequirementWindow } from './ladder-policy.ts';

/** The window forms a requirement may use, for messages and the JSON Schema. */
export const REQUIREMENT_WINDOW_FORMS =
  'all, ytd, a rolling window (30d, 12w, 2mo, 1y), cycle, term, or "first 6w of term" / "last 6w of term"';

/**
 * Parses a requirement's window: `all`, `ytd`, a rolling `30d` / `12w` / `2mo` / `1y`, `cycle`,
 * `term`, `first 6w of term` or `last 4w of term`. Case-insensitive. Where each may be used is
 * checked with the rest of the policy.
 */
export function parseRequirementWindow(text: string): TextParseResult<RequirementWindow> {
  const trimmed = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (trimmed === 'todo')
    return { ok: false, error: 'a TODO left in the template: write a window such as 1y or 6mo' };
  if (trimmed === 'all') return { ok: true, value: { kind: 'all' } };
  if (trimmed === 'ytd') return { ok: true, value: { kind: 'ytd' } };
  if (trimmed === 'cycle') return { ok: true, value: { kind: 'cycle' } };
  if (trimmed === 'term') return { ok: true, value: { kind: 'term' } };
  const part = /^(first|last) (\S+) of (?:the )?term$/.exec(trimmed);
  if (part) {
    const length = parseDuration(part[2]!);
    if (!length.ok) return { ok: false, error: `${length.error} (in "${text}")` };
    return {
      ok: true,
      value: { kind: 'term_part', part: part[1] as 'first' | 'last', length: length.value },
    };
  }
  if (/^\d+[a-z]+$/.test(trimmed)) {
    const length = parseDuration(trimmed);
    if (!length.ok) return length;
    return { ok: true, value: { kind: 'rolling', length: length.value } };
  }
  return { ok: false, error: `unknown window ${JSON.stringify(text)}; expected ${REQUIREMENT_WINDOW_FORMS}` };
}
