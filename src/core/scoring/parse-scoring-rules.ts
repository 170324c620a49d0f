import type { ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import type { ScoringRules } from './scoring-rules.ts';
import { toScoringRules, WRITTEN_SCORING_RULES_SCHEMA } from './scoring-rules.ts';

/**
 * Parses a scoring rules YAML file into normalized rules, or returns every problem located at its
 * line and column. `fileName` is only used in diagnostics. Never throws on bad input.
 */
export function parseScoringRules(text: string, fileName: string): ParseResult<ScoringRules> {
  const written = parseYamlDocument(text, fileName, WRITTEN_SCORING_RULES_SCHEMA);
  return written.ok ? { ok: true, value: toScoringRules(written.value) } : written;
}
