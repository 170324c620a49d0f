import type { MiddlewareHandler } from 'hono';
import {
  DOCUMENT_CONTENT_SECURITY_POLICY,
  PAGE_CONTENT_SECURITY_POLICY,
} from '../web/content-security-policy.ts';

/**
 * Strict headers on every answer, errors included: a page may run only its own inline style and
 * script, nothing may frame it, types are never sniffed, no referrer leaves the site. Badges may
 * be embedded by other sites (a README), so only they are cross-origin resources; the read-only
 * JSON API may be read from any origin.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const type = headers.get('content-type') ?? '';
    const path = c.req.path;
    headers.set(
      'Content-Security-Policy',
      type.startsWith('text/html') ? PAGE_CONTENT_SECURITY_POLICY : DOCUMENT_CONTENT_SECURITY_POLICY,
    );
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    headers.set('Cross-Origin-Resource-Policy', path.startsWith('/badge/') ? 'cross-origin' : 'same-origin');
    headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    headers.set('Strict-Transport-Security', 'max-age=31536000');
    if (path.startsWith('/api/') && c.req.method === 'GET') headers.set('Access-Control-Allow-Origin', '*');
  };
}
