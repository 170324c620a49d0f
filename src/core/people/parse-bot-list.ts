import type { ParseResult } from '../diagnostics.ts';
import { parseYamlDocument } from '../parse-yaml-document.ts';
import { type BotList, toBotList, WRITTEN_BOT_LIST_SCHEMA } from './bot-list.ts';

/**
 * Parses a bot list YAML file, or returns every problem located at its line and column.
 * `shipped` is the list `extends: rungs` builds on. Never throws on bad input.
 */
export function parseBotList(text: string, fileName: string, shipped: BotList | null): ParseResult<BotList> {
  const written = parseYamlDocument(text, fileName, WRITTEN_BOT_LIST_SCHEMA);
  return written.ok ? { ok: true, value: toBotList(written.value, shipped) } : written;
}
