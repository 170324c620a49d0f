import { Worker } from 'node:worker_threads';
import type { LadderChanges } from '../app/ladder/community-ladder-keeper.ts';
import type { CommunityEvaluation } from '../core/ladder/evaluate-community.ts';
import type { LadderPolicy } from '../core/ladder/ladder-policy.ts';
import type { BotList } from '../core/people/bot-list.ts';
import type { ScoringRules } from '../core/scoring/scoring-rules.ts';
import type { StorageConfig } from './config.ts';
import type {
  LadderWorkerAnswer,
  LadderWorkerData,
  LadderWorkerRequest,
} from './ladder-evaluation-worker.ts';

/** Evaluates everyone on the ladder away from the server's thread. */
export interface LadderEvaluator {
  /** Everyone at `asOf`, told what changed since the last call (the worker keeps its index). */
  evaluateCommunity(asOf: string, changed: LadderChanges): Promise<CommunityEvaluation>;
  /** Stops the worker; an evaluation under way is rejected. */
  close(): Promise<void>;
}

/**
 * Starts (on first use) a worker thread that opens its own connection to `storage` and evaluates
 * the whole community there, so a multi-second evaluation never stalls requests. The worker does
 * not keep the process alive. Rejects an evaluation when the worker fails or exits.
 */
export function createLadderEvaluator(
  storage: StorageConfig,
  policy: LadderPolicy,
  rules: ScoringRules,
  bots?: BotList,
): LadderEvaluator {
  let worker: Worker | null = null;
  let ready: Promise<void> | null = null;
  let nextId = 0;
  const waiting = new Map<
    number,
    { resolve: (value: CommunityEvaluation) => void; reject: (error: Error) => void }
  >();

  const failAll = (error: Error): void => {
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
    worker = null;
    ready = null;
  };

  const start = (): Promise<void> => {
    if (ready !== null) return ready;
    const data = {
      storage,
      policy,
      rules,
      botLogins: [...(bots?.logins ?? [])],
    } satisfies LadderWorkerData;
    // Compiled (dist/), the worker is plain JavaScript. From the sources, a worker does not inherit
    // the TypeScript loader (tsx) the main thread runs with: start-worker.mjs registers it first.
    const started = import.meta.url.endsWith('.js')
      ? new Worker(new URL('./ladder-evaluation-worker.js', import.meta.url), { workerData: data })
      : new Worker(new URL('./start-worker.mjs', import.meta.url), {
          workerData: { ...data, module: new URL('./ladder-evaluation-worker.ts', import.meta.url).href },
        });
    started.unref();
    worker = started;
    ready = new Promise((resolve, reject) => {
      started.on('message', (message: 'ready' | LadderWorkerAnswer) => {
        if (message === 'ready') return resolve();
        const pending = waiting.get(message.id);
        if (pending === undefined) return;
        waiting.delete(message.id);
        if (message.ok) pending.resolve(message.evaluation as CommunityEvaluation);
        else pending.reject(new Error(`ladder evaluation failed: ${message.message}`));
      });
      started.on('error', (error) => {
        reject(error);
        failAll(error);
      });
      started.on('exit', (code) => {
        const error = new Error(`the ladder worker exited (${code})`);
        reject(error);
        if (worker === started) failAll(error);
      });
    });
    return ready;
  };

  return {
    async evaluateCommunity(asOf, changed) {
      await start();
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker!.postMessage({ id, asOf, changed } satisfies LadderWorkerRequest);
      });
    },
    async close() {
      const current = worker;
      if (current === null) return;
      failAll(new Error('the ladder worker was stopped'));
      await current.terminate();
    },
  };
}
