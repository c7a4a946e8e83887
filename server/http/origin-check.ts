import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from './auth.middleware';
import { AppError } from './errors';

/**
 * Which web origins may act with a user's browser credentials (the session cookie): the server's own
 * (the request's Host: a same-origin request is never forged), PUBLIC_URL's, and any listed in
 * ALLOWED_ORIGINS (a separate front end, the Vite dev server). Everything else, including another
 * port of the same host, is foreign.
 */
export type OriginPolicy = {
  /** True when a request carrying `origin` to `host` (the Host header) comes from an allowed page. */
  allows(origin: string, host: string | undefined): boolean;
};

export type OriginOptions = { publicUrl?: string; allowedOrigins?: readonly string[] };

const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
};

export function originPolicy({ publicUrl, allowedOrigins = [] }: OriginOptions = {}): OriginPolicy {
  const listed = new Set([publicUrl, ...allowedOrigins].map((u) => (u ? originOf(u) : null)).filter((o): o is string => o !== null));
  return {
    allows(origin, host) {
      const normalized = originOf(origin);
      if (!normalized) return false; // "null" (sandboxed frames, file:), or not a web origin at all
      if (listed.has(normalized)) return true;
      return host !== undefined && new URL(normalized).host === host.toLowerCase();
    },
  };
}

/**
 * The page a browser request comes from: Origin, else the origin of Referer. Null when neither is
 * sent (scripts and other non-browser clients; browsers send Origin on every unsafe request).
 */
export function requestOrigin(headers: IncomingHttpHeaders): string | null {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') return origin;
  const referer = headers.referer;
  return typeof referer === 'string' && referer !== '' ? (originOf(referer) ?? 'null') : null;
}

/** True when the request was made by a browser for another site (Fetch Metadata), whatever else it lacks. */
const crossSiteByFetchMetadata = (headers: IncomingHttpHeaders) => headers['sec-fetch-site'] === 'cross-site' || headers['sec-fetch-site'] === 'same-site';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const hasSessionCookie = (headers: IncomingHttpHeaders) => typeof headers.cookie === 'string' && new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=`).test(headers.cookie);

/**
 * CSRF guard for every state-changing request a browser could be tricked into sending: unless the
 * request authenticates with a bearer token alone (a page cannot add that header cross-origin), its
 * Origin (or Referer) must be allowed, else 403 `forbidden_origin` before anything is read or changed.
 * This covers the login too (login CSRF). Public endpoints that other sites post to by design (Twilio
 * webhooks, lead forms) opt out through `isPublic`.
 */
export function requireAllowedOrigin(policy: OriginPolicy, isPublic: (req: Request) => boolean = () => false) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!UNSAFE_METHODS.has(req.method) || isPublic(req)) return next();
    const bearerOnly = /^Bearer\s/i.test(req.headers.authorization ?? '') && !hasSessionCookie(req.headers);
    if (bearerOnly) return next();
    const origin = requestOrigin(req.headers);
    const allowed = origin === null ? !crossSiteByFetchMetadata(req.headers) : policy.allows(origin, req.headers.host);
    if (!allowed) throw new AppError(403, 'forbidden_origin', 'Requests from this page’s origin are not accepted; open the CRM at its own address');
    next();
  };
}

/** The Socket.IO handshake check (engine.io allowRequest): a browser page of a foreign origin gets no socket. */
export function socketOriginCheck(policy: OriginPolicy) {
  return (req: { headers: IncomingHttpHeaders }, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== '' && !policy.allows(origin, req.headers.host)) return callback('forbidden origin', false);
    callback(null, true);
  };
}
