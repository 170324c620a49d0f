import * as z from 'zod';

/** A GitHub login, possibly an app's (`name[bot]`). */
const LOGIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\[bot\])?$/i;

const login = z
  .string()
  .regex(LOGIN, { error: 'expected a GitHub login, e.g. k8s-ci-robot or renovate[bot]' });

/**
 * A list of automation and coding-agent accounts, as written (`presets/bots.yaml`, or a
 * community's own file):
 *
 * ```yaml
 * extends: rungs        # optional: keep the list shipped with rungs and change it below
 * bots: [k8s-ci-robot, Copilot]
 * except: [netlify]     # with extends: accounts of the shipped list that are people here
 * ```
 */
export const WRITTEN_BOT_LIST_SCHEMA = z
  .strictObject({
    description: z.string().optional(),
    extends: z.literal('rungs').optional(),
    bots: z.array(login),
    except: z.array(login).optional(),
  })
  .superRefine((list, context) => {
    if (list.except !== undefined && list.extends === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['except'],
        message: 'except only removes accounts of the shipped list: add extends: rungs',
      });
    }
  });

/** A bot list as written. */
export type WrittenBotList = z.output<typeof WRITTEN_BOT_LIST_SCHEMA>;

/** The accounts a community treats as bots, by lower-cased login. */
export interface BotList {
  readonly logins: ReadonlySet<string>;
}

/**
 * The bot list a written one gives: its own accounts, plus (with `extends: rungs`) the shipped
 * list's without the `except` ones. `shipped` is only read when the list extends it.
 */
export function toBotList(written: WrittenBotList, shipped: BotList | null): BotList {
  const logins = new Set<string>();
  if (written.extends === 'rungs' && shipped !== null) {
    const except = new Set((written.except ?? []).map((entry) => entry.toLowerCase()));
    for (const entry of shipped.logins) if (!except.has(entry)) logins.add(entry);
  }
  for (const entry of written.bots) logins.add(entry.toLowerCase());
  return { logins };
}

/** Whether `login` (any case) is on the list. */
export function isListedBot(list: BotList, login: string): boolean {
  return list.logins.has(login.toLowerCase());
}
