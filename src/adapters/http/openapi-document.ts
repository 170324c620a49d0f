import { ACTIVITY_KINDS } from '../../core/activity.ts';
import { HTTP_ERROR_CODES } from './http-error.ts';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const windowParameter = {
  name: 'window',
  in: 'query',
  description:
    'all, ytd, a rolling window (30d, 12w, 1mo, 1y), a month (2026-03) or a year (2025). Default ytd.',
  schema: { type: 'string', default: 'ytd', examples: ['ytd', '12w', '1mo', 'all', '2025'] },
};

const kindCounts = {
  type: 'object',
  description: 'One number per activity kind; every kind is present.',
  properties: Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, { type: 'number' }])),
  required: [...ACTIVITY_KINDS],
};

const resolvedWindow = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    label: { type: 'string', examples: ['2026 year to date'] },
    from: { type: ['string', 'null'], format: 'date-time', description: 'inclusive; null for all time' },
    to: { type: 'string', format: 'date-time', description: 'exclusive' },
  },
  required: ['name', 'label', 'from', 'to'],
};

/** The OpenAPI 3.1 description of the HTTP API, served at `/api/openapi.json`. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'rungs',
    version: '0.1.0',
    description:
      'Read-only API of a rungs server: the leaderboard, people, and community statistics, every number recomputed from recorded activity. Errors share one shape with a stable code.',
  },
  paths: {
    '/api/leaderboard': {
      get: {
        summary: 'A page of the leaderboard',
        parameters: [
          windowParameter,
          {
            name: 'repo',
            in: 'query',
            description: 'owner/name: rank one repository only (not with group)',
            schema: { type: 'string' },
          },
          {
            name: 'group',
            in: 'query',
            description:
              'a group id (see /api/groups): rank the acts in the group’s repositories only (not with repo)',
            schema: { type: 'string', examples: ['sig-docs'] },
          },
          {
            name: 'q',
            in: 'query',
            description: 'keep people whose login or name contains this text',
            schema: { type: 'string', maxLength: 100 },
          },
          {
            name: 'sort',
            in: 'query',
            schema: { type: 'string', enum: ['points', 'recent'], default: 'points' },
          },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: {
          '200': {
            description: 'The page',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/LeaderboardPage' } } },
          },
          '400': errorResponse('A parameter is invalid (code invalid_parameter)'),
          '404': errorResponse('No group has the id given as group (code group_not_found)'),
        },
      },
    },
    '/api/groups': {
      get: {
        summary: 'The community’s groups (SIGs, working groups, subprojects) with their repositories',
        responses: {
          '200': {
            description: '{groups: [...]}, parents before their subprojects',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { groups: { type: 'array', items: { $ref: '#/components/schemas/Group' } } },
                  required: ['groups'],
                },
              },
            },
          },
        },
      },
    },
    '/api/people/{login}': {
      get: {
        summary: "One person's standing, points by kind, acts, and weekly activity",
        parameters: [
          {
            name: 'login',
            in: 'path',
            required: true,
            description: 'current or former login, any case, or an unlinked handle (person:<id>)',
            schema: { type: 'string' },
          },
          windowParameter,
          {
            name: 'evidence',
            in: 'query',
            description: 'how many acts to list, newest first',
            schema: { type: 'integer', minimum: 0, maximum: 10000, default: 200 },
          },
        ],
        responses: {
          '200': {
            description: 'The person',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/PersonProfile' } } },
          },
          '400': errorResponse('A parameter is invalid'),
          '404': errorResponse('No such person (code person_not_found)'),
        },
      },
    },
    '/api/community': {
      get: {
        summary: 'The community month by month, and its most active repositories',
        responses: {
          '200': {
            description: 'The statistics',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CommunityStats' } } },
          },
        },
      },
    },
    '/api/ladder': {
      get: {
        summary:
          'The ladder as data: each level with its requirements (in words, as `text`), benefits, holders and how many are eligible',
        responses: {
          '200': { description: 'The policy and the counts', content: { 'application/json': {} } },
          '404': errorResponse('The server runs without a ladder (code not_found)'),
        },
      },
    },
    '/api/ladder/eligible': {
      get: {
        summary:
          'Who may move to a level now, or once people confirm what only they can, each with the requirement trace',
        responses: {
          '200': { description: '{asOf, eligible, reinstatable}', content: { 'application/json': {} } },
          '404': errorResponse('The server runs without a ladder'),
        },
      },
    },
    '/api/ladder/at-risk': {
      get: {
        summary: 'Who is not in good standing at a level they hold, and who is inactive',
        responses: {
          '200': { description: '{asOf, standing, inactivity}', content: { 'application/json': {} } },
          '404': errorResponse('The server runs without a ladder'),
        },
      },
    },
    '/api/health': {
      get: { summary: 'Liveness', responses: { '200': { description: '{"status":"ok"}' } } },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
    '/badge/{login}.svg': {
      get: {
        summary: "A person's badge: points this year and rank",
        parameters: [{ name: 'login', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'An SVG image, cacheable for 5 minutes', content: { 'image/svg+xml': {} } },
          '404': { description: 'An "unknown" badge', content: { 'image/svg+xml': {} } },
        },
      },
    },
    '/webhooks/github': {
      post: {
        summary: 'GitHub webhook receiver',
        description:
          'Verifies X-Hub-Signature-256 with the configured secret, stores the delivery by X-GitHub-Delivery (a redelivery changes nothing) and applies it before answering.',
        parameters: [
          { name: 'X-Hub-Signature-256', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-GitHub-Event', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-GitHub-Delivery', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: { 'application/json': {}, 'application/x-www-form-urlencoded': {} },
        },
        responses: {
          '200': { description: '{"status":"duplicate"}: this delivery was stored before' },
          '202': {
            description:
              '{"status":"stored"} or {"status":"ignored","reason":...} for an event rungs does not use',
          },
          '400': errorResponse('missing_header, malformed_payload or rejected_payload'),
          '401': errorResponse('invalid_signature: nothing was stored'),
          '413': errorResponse('payload_too_large: over 25 MB'),
          '415': errorResponse('unsupported_media_type'),
          '503': errorResponse('webhooks_disabled (no secret configured) or storage_busy'),
        },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: { type: 'string', enum: Object.keys(HTTP_ERROR_CODES) },
              message: { type: 'string' },
              parameter: { type: 'string', description: 'the parameter or header at fault' },
            },
            required: ['code', 'message'],
          },
        },
        required: ['error'],
      },
      Group: {
        type: 'object',
        properties: {
          id: { type: 'string', examples: ['sig-docs'] },
          name: { type: 'string' },
          kind: { type: 'string', examples: ['sig', 'wg', 'committee', 'subproject'] },
          parent: { type: ['string', 'null'], description: 'the id of the group this one belongs to' },
          repos: { type: 'array', items: { type: 'string' }, description: 'owner/name, lower-cased' },
          directories: {
            type: 'array',
            items: { type: 'string' },
            description: 'owner/name/path; acts match by repository',
          },
        },
        required: ['id', 'name', 'kind', 'parent', 'repos', 'directories'],
      },
      LeaderboardPage: {
        type: 'object',
        properties: {
          window: resolvedWindow,
          repo: { type: ['string', 'null'] },
          group: {
            type: ['object', 'null'],
            description: 'the group ranked, with the repositories it covered',
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              repos: { type: 'array', items: { type: 'string' } },
            },
          },
          search: { type: ['string', 'null'] },
          sort: { type: 'string', enum: ['points', 'recent'] },
          offset: { type: 'integer' },
          limit: { type: 'integer' },
          totalPeople: { type: 'integer' },
          matching: { type: 'integer' },
          weekStarts: { type: 'array', items: { type: 'string', format: 'date' } },
          levelsPending: {
            type: 'boolean',
            description:
              'present and true when the ladder was still evaluating everyone (after a start): the rows then carry no level; ask again shortly',
          },
          rows: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                rank: { type: 'integer' },
                login: {
                  type: ['string', 'null'],
                  description: 'the GitHub login; null for a person known by git emails only (unlinked)',
                },
                handle: {
                  type: 'string',
                  description:
                    'names the person in URLs and commands: the login, or person:<id> when unlinked',
                },
                unlinked: { type: 'boolean', description: 'true when no GitHub account is linked' },
                name: { type: ['string', 'null'] },
                points: { type: 'number' },
                lastActiveAt: { type: 'string', format: 'date-time' },
                counts: kindCounts,
                weekly: {
                  type: 'array',
                  items: { type: 'number' },
                  description: 'points per week, oldest first',
                },
                recentActivity: { type: 'number' },
                level: {
                  type: ['string', 'null'],
                  description:
                    'the ladder level held (present when the server shows a ladder and its levels are ready)',
                },
              },
              required: [
                'rank',
                'login',
                'handle',
                'unlinked',
                'name',
                'points',
                'lastActiveAt',
                'counts',
                'weekly',
                'recentActivity',
              ],
            },
          },
        },
        required: ['window', 'sort', 'offset', 'limit', 'totalPeople', 'matching', 'weekStarts', 'rows'],
      },
      PersonProfile: {
        type: 'object',
        properties: {
          login: {
            type: ['string', 'null'],
            description: 'the GitHub login; null for a person known by git emails only (unlinked)',
          },
          handle: { type: 'string', description: 'the login, or person:<id> when unlinked' },
          unlinked: { type: 'boolean' },
          name: { type: ['string', 'null'] },
          excluded: {
            type: ['object', 'null'],
            description: 'why nothing of this person counts (bot, deny_listed)',
          },
          standings: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                window: { type: 'string' },
                label: { type: 'string' },
                points: { type: 'number' },
                rank: { type: ['integer', 'null'] },
                of: { type: 'integer' },
              },
            },
          },
          window: resolvedWindow,
          points: { type: 'number' },
          pointsByKind: kindCounts,
          counts: kindCounts,
          evidenceTotal: { type: 'integer' },
          evidence: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                key: { type: 'string' },
                kind: { type: 'string', enum: [...ACTIVITY_KINDS] },
                occurredAt: { type: 'string', format: 'date-time' },
                url: { type: ['string', 'null'] },
                repo: { type: ['string', 'null'] },
                itemNumber: { type: ['integer', 'null'] },
                points: { type: 'number' },
                excluded: { type: ['object', 'null'] },
                issueKind: { type: ['string', 'null'] },
              },
            },
          },
          ladder: {
            type: ['object', 'null'],
            description:
              'the ladder evaluation: level held and standing, inactivity, and each next level with every requirement traced (null without a ladder)',
          },
          activity: {
            type: 'object',
            properties: {
              weekStarts: { type: 'array', items: { type: 'string', format: 'date' } },
              points: { type: 'array', items: { type: 'number' } },
              acts: { type: 'array', items: { type: 'integer' } },
            },
          },
        },
        required: ['login', 'handle', 'unlinked', 'standings', 'window', 'points', 'evidence', 'activity'],
      },
      CommunityStats: {
        type: 'object',
        properties: {
          months: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                month: { type: 'string', examples: ['2026-03'] },
                contributors: { type: 'integer' },
                contributions: { type: 'integer' },
                reviewers: { type: 'integer' },
                newContributors: { type: 'integer' },
                points: { type: 'number' },
              },
            },
          },
          topRepos: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                repo: { type: 'string' },
                contributors: { type: 'integer' },
                contributions: { type: 'integer' },
                points: { type: 'number' },
              },
            },
          },
          topGroups: {
            type: 'array',
            description: 'groups by points over the twelve months, acts counted in their repositories',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                name: { type: 'string' },
                kind: { type: 'string' },
                parent: { type: ['string', 'null'] },
                repos: { type: 'integer', description: 'how many repositories the group works in' },
                contributors: { type: 'integer' },
                contributions: { type: 'integer' },
                points: { type: 'number' },
              },
            },
          },
          totals: { type: 'object' },
          reposFrom: { type: 'string' },
          computedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;
