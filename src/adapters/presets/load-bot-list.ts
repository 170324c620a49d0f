import { readFile } from 'node:fs/promises';
import { InputError } from '../../app/input-error.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import type { BotList } from '../../core/people/bot-list.ts';
import { parseBotList } from '../../core/people/parse-bot-list.ts';

const SHIPPED_BOT_LIST = new URL('../../../presets/bots.yaml', import.meta.url);

/**
 * The community's bot list: `presets/bots.yaml` as shipped, or the file at `path` (which replaces
 * it, or builds on it with `extends: rungs`). A file that cannot be read or has problems is an
 * {@link InputError} listing every problem with file:line:column; a shipped list that does not
 * parse is a plain Error (a packaging bug).
 */
export async function loadBotList(path: string | null): Promise<BotList> {
  const shipped = parseBotList(await readFile(SHIPPED_BOT_LIST, 'utf8'), 'presets/bots.yaml', null);
  if (!shipped.ok) {
    throw new Error(`shipped bot list is invalid:\n${shipped.diagnostics.map(formatDiagnostic).join('\n')}`);
  }
  if (path === null) return shipped.value;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read the bot list ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  const own = parseBotList(text, path, shipped.value);
  if (!own.ok) throw new InputError(`invalid bot list:\n${own.diagnostics.map(formatDiagnostic).join('\n')}`);
  return own.value;
}
