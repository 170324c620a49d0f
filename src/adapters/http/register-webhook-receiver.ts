import { verify } from '@octokit/webhooks-methods';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { DeliveryOutcome, WebhookDelivery } from '../../app/accept-webhook-delivery.ts';
import { assertNever } from '../../core/assert-never.ts';
import { HttpError } from './http-error.ts';

/** GitHub caps a webhook payload at 25 MB; anything larger is refused unread. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** What the receiver needs: the shared secret and where deliveries go. */
export interface WebhookReceiver {
  /** The secret the GitHub webhook is configured with; never printed. */
  readonly secret: string;
  /** Stores a delivery durably (and applies it); resolves once it is safe to acknowledge. */
  readonly accept: (delivery: WebhookDelivery) => Promise<DeliveryOutcome>;
  /** Told after a new delivery was stored, once the answer is on its way (not awaited). */
  readonly onStored?: () => void;
  /** Longest wait for the store before answering 503 so GitHub shows a failed delivery; default 8 s (GitHub waits 10). */
  readonly storeTimeoutMs?: number;
}

/**
 * `POST /webhooks/github`. In order: a body over 25 MB is 413; a missing or wrong
 * `X-Hub-Signature-256` is 401 (nothing is read further, nothing stored); missing `X-GitHub-Event`
 * or `X-GitHub-Delivery` is 400; a body that is not JSON (or a form with a JSON `payload`) is 400.
 * Then the delivery is stored and applied in one transaction before answering: 202 `stored`, 200
 * `duplicate` for a redelivery (nothing changes), 202 `ignored` with the reason for an event
 * rungs does not use (not stored), or 400 `rejected_payload` with the reason (the JSON path at
 * fault) for a payload that cannot be stored, which is kept raw once per delivery id for a rebuild
 * after a fix (a redelivery is answered the same and kept once). Without a receiver (no secret configured) every request is 503.
 */
export function registerWebhookReceiver(app: Hono, receiver: WebhookReceiver | null): void {
  app.post(
    '/webhooks/github',
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: () => {
        throw new HttpError('payload_too_large', `a webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes`);
      },
    }),
    async (c) => {
      if (receiver === null) {
        throw new HttpError(
          'webhooks_disabled',
          'the webhook receiver is off: configure a webhook secret (RUNGS_WEBHOOK_SECRET) to turn it on',
        );
      }
      const body = await c.req.text();
      const signature = c.req.header('x-hub-signature-256');
      if (!signature || !body || !(await verify(receiver.secret, body, signature))) {
        throw new HttpError(
          'invalid_signature',
          'the X-Hub-Signature-256 header is missing or does not match the body',
          'x-hub-signature-256',
        );
      }
      const event = c.req.header('x-github-event')?.trim();
      if (!event)
        throw new HttpError('missing_header', 'the X-GitHub-Event header is missing', 'x-github-event');
      const id = c.req.header('x-github-delivery')?.trim();
      if (!id)
        throw new HttpError('missing_header', 'the X-GitHub-Delivery header is missing', 'x-github-delivery');
      if (id.length > 200 || !/^[\x21-\x7e]+$/.test(id)) {
        throw new HttpError(
          'missing_header',
          'the X-GitHub-Delivery header is not a delivery id',
          'x-github-delivery',
        );
      }
      const payload = parsePayload(body, c.req.header('content-type') ?? '');

      const outcome = await withTimeout(
        receiver.accept({ id, event, payload }),
        receiver.storeTimeoutMs ?? 8000,
      );
      switch (outcome.kind) {
        case 'ignored':
          return c.json({ status: 'ignored', delivery: id, event, reason: outcome.reason }, 202);
        case 'rejected':
          throw new HttpError(
            'rejected_payload',
            `delivery ${id} cannot be stored: ${outcome.reason}; it is kept, and \`rungs rebuild\` stores it once fixed`,
          );
        case 'stored':
          if (!outcome.newRecord) return c.json({ status: 'duplicate', delivery: id, event }, 200);
          if (receiver.onStored) setImmediate(receiver.onStored);
          return c.json({ status: 'stored', delivery: id, event, newActivities: outcome.newActivities }, 202);
        default:
          return assertNever(outcome, 'delivery outcome');
      }
    },
  );
}

/** The delivery's JSON: the body itself (`application/json`) or its `payload` field (a form). */
function parsePayload(body: string, contentType: string): unknown {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  let text: string | null;
  if (type === 'application/json' || type === '') text = body;
  else if (type === 'application/x-www-form-urlencoded') text = new URLSearchParams(body).get('payload');
  else
    throw new HttpError(
      'unsupported_media_type',
      `expected application/json or a form, got ${type}`,
      'content-type',
    );
  if (text === null) throw new HttpError('malformed_payload', 'the form has no payload field');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError('malformed_payload', `the payload is not JSON: ${(error as Error).message}`);
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  // A store that fails after the answer went out must not become an unhandled rejection.
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HttpError('storage_busy', `the delivery could not be stored within ${ms} ms; deliver it again`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
