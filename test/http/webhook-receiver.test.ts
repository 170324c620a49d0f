import { sign } from '@octokit/webhooks-methods';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAX_WEBHOOK_BYTES } from '../../src/adapters/http/register-webhook-receiver.ts';
import {
  countRecords,
  createServeWorld,
  deliveryRequest,
  examplePayload,
  issueOpenedPayload,
  type ServeWorld,
} from './support/serve-world.ts';

const SECRET = 'test-secret';
let world: ServeWorld;

beforeEach(async () => {
  world = await createServeWorld({ secret: SECRET });
});
afterEach(async () => {
  await world.close();
});

const opened = (number = 1, login = 'octo-alice') =>
  issueOpenedPayload({ login, githubId: 1001, number, at: '2026-03-10T09:00:00Z', labels: ['bug'] });

async function post(init: RequestInit): Promise<Response> {
  return world.app.request('/webhooks/github', init);
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.message).toBe('string');
  return body.error.code;
}

describe('a valid delivery', () => {
  test('is stored, answered 202, and shows on the leaderboard', async () => {
    const response = await post(
      await deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-1', payload: opened() }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      status: 'stored',
      delivery: 'd-1',
      event: 'issues',
      newActivities: 1,
    });
    expect(await countRecords(world)).toBe(1);

    const board = (await (await world.app.request('/api/leaderboard')).json()) as {
      rows: { login: string; points: number }[];
    };
    expect(board.rows).toEqual([expect.objectContaining({ login: 'octo-alice', points: 40 })]);
  });

  test('redelivered with the same delivery id changes nothing and says so', async () => {
    const request = () => deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-1', payload: opened() });
    expect((await post(await request())).status).toBe(202);
    const again = await post(await request());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate', delivery: 'd-1', event: 'issues' });
    expect(await countRecords(world)).toBe(1);
  });

  test("sent as a form (GitHub's other content type) is read from its payload field", async () => {
    const body = new URLSearchParams({ payload: JSON.stringify(opened()) }).toString();
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-form',
        payload: null,
        body,
        contentType: 'application/x-www-form-urlencoded',
      }),
    );
    expect(response.status).toBe(202);
    expect(await countRecords(world)).toBe(1);
  });

  test('of an event rungs does not use is answered 202 with the reason and not stored', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'star',
        id: 'd-star',
        payload: examplePayload('star', 'created'),
      }),
    );
    expect(response.status).toBe(202);
    const body = (await response.json()) as { status: string; reason: string };
    expect(body.status).toBe('ignored');
    expect(body.reason).toMatch(/star/);
    expect(await countRecords(world)).toBe(0);
  });

  test('of a ping is acknowledged as ignored', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'ping',
        id: 'd-ping',
        payload: examplePayload('ping', undefined),
      }),
    );
    expect(response.status).toBe(202);
    expect(((await response.json()) as { status: string }).status).toBe('ignored');
    expect(await countRecords(world)).toBe(0);
  });
});

describe('a delivery that fails a check stores nothing', () => {
  test('without a signature: 401 invalid_signature', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-1',
        payload: opened(),
        signature: null,
      }),
    );
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('invalid_signature');
    expect(await countRecords(world)).toBe(0);
  });

  test('signed with another secret: 401 invalid_signature', async () => {
    const response = await post(
      await deliveryRequest({ secret: 'not-the-secret', event: 'issues', id: 'd-1', payload: opened() }),
    );
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('invalid_signature');
    expect(await countRecords(world)).toBe(0);
  });

  test('whose body was changed after signing: 401 invalid_signature', async () => {
    const signature = await sign(SECRET, JSON.stringify(opened(1)));
    const response = await post(
      await deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-1', payload: opened(2), signature }),
    );
    expect(response.status).toBe(401);
    expect(await countRecords(world)).toBe(0);
  });

  test('with a malformed signature header: 401 invalid_signature', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-1',
        payload: opened(),
        signature: 'sha1=abc',
      }),
    );
    expect(response.status).toBe(401);
    expect(await countRecords(world)).toBe(0);
  });

  test('over 25 MB, announced by Content-Length: 413 payload_too_large', async () => {
    const init = await deliveryRequest({
      secret: SECRET,
      event: 'issues',
      id: 'd-big',
      payload: null,
      body: 'x',
    });
    const response = await post({
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        'content-length': String(MAX_WEBHOOK_BYTES + 1),
      },
    });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
    expect(await countRecords(world)).toBe(0);
  });

  test('over 25 MB, streamed without a length: 413 payload_too_large', async () => {
    const big = JSON.stringify({ ...opened(), padding: 'x'.repeat(MAX_WEBHOOK_BYTES) });
    const init = await deliveryRequest({
      secret: SECRET,
      event: 'issues',
      id: 'd-big',
      payload: null,
      body: big,
    });
    const response = await post(init);
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('payload_too_large');
    expect(await countRecords(world)).toBe(0);
  });

  test('that is not JSON but is correctly signed: 400 malformed_payload', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-bad',
        payload: null,
        body: '{"action": "opened",',
      }),
    );
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('malformed_payload');
    expect(await countRecords(world)).toBe(0);
  });

  test('a form without a payload field: 400 malformed_payload', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-form',
        payload: null,
        body: 'other=1',
        contentType: 'application/x-www-form-urlencoded',
      }),
    );
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('malformed_payload');
  });

  test('of another content type: 415 unsupported_media_type', async () => {
    const response = await post(
      await deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: 'd-1',
        payload: opened(),
        contentType: 'text/plain',
      }),
    );
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe('unsupported_media_type');
    expect(await countRecords(world)).toBe(0);
  });

  test('without X-GitHub-Event or X-GitHub-Delivery: 400 missing_header naming it', async () => {
    for (const header of ['x-github-event', 'x-github-delivery']) {
      const init = await deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-1', payload: opened() });
      const headers = { ...(init.headers as Record<string, string>) };
      delete headers[header];
      const response = await post({ ...init, headers });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; parameter: string } };
      expect(body.error).toMatchObject({ code: 'missing_header', parameter: header });
    }
    expect(await countRecords(world)).toBe(0);
  });

  test('sent to a GET: 404 not_found', async () => {
    const response = await world.app.request('/webhooks/github');
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('not_found');
  });
});

test('a delivery the store cannot take is answered 500 internal_error and reported, without details', async () => {
  const init = await deliveryRequest({ secret: SECRET, event: 'issues', id: 'd-1', payload: opened() });
  await world.database.close();
  const response = await post(init);
  expect(response.status).toBe(500);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('internal_error');
  expect(body.error.message).not.toMatch(/sqlite|database|closed/i);
  expect(world.errors).toHaveLength(1);
});

test('without a configured secret the receiver refuses every delivery with 503 webhooks_disabled', async () => {
  const closed = await createServeWorld({ secret: null });
  try {
    const response = await closed.app.request(
      '/webhooks/github',
      await deliveryRequest({ secret: 'anything', event: 'issues', id: 'd-1', payload: opened() }),
    );
    expect(response.status).toBe(503);
    expect(await errorCode(response)).toBe('webhooks_disabled');
    expect(await countRecords(closed)).toBe(0);
  } finally {
    await closed.close();
  }
});

test("a delivery is answered well within GitHub's 10 seconds while 200 others arrive at once", async () => {
  const requests = await Promise.all(
    Array.from({ length: 200 }, (_, index) =>
      deliveryRequest({
        secret: SECRET,
        event: 'issues',
        id: `load-${index}`,
        payload: opened(index + 1, `octo-${index % 20}`),
      }),
    ),
  );
  const started = performance.now();
  const answers = await Promise.all(requests.map((init) => post(init)));
  const elapsed = performance.now() - started;
  expect(answers.every((response) => response.status === 202)).toBe(true);
  expect(elapsed).toBeLessThan(10_000);
  expect(await countRecords(world)).toBe(200);
});
