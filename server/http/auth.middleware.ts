import type { NextFunction, Request, Response } from 'express';
import type { Role, UserRow } from '../db/entities';
import { hasRole, type Actor } from '../modules/auth/actor';
import type { AuthService } from '../modules/auth/auth.service';
import { forbidden, unauthorized } from './errors';

export const SESSION_COOKIE = 'hotline_session';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session?: { user: UserRow; actor: Actor; sessionId: number };
    }
  }
}

/** The session token from "Authorization: Bearer …" or, for the browser, the httpOnly cookie. */
export function tokenOf(authorization: string | undefined, cookies: Record<string, string> | undefined): string | null {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? cookies?.[SESSION_COOKIE] ?? null;
}

/** Resolves the session on every /api route except those listed as public; 401 without one. */
export function authenticate(auth: AuthService) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = tokenOf(req.headers.authorization, req.cookies as Record<string, string>);
    const ctx = token ? await auth.resolve(token) : null;
    if (!ctx) throw unauthorized();
    req.session = { user: ctx.user, actor: { ...ctx.actor, ip: req.ip ?? null }, sessionId: ctx.sessionId };
    next();
  };
}

/** 403 unless the signed-in user's role is at least `role` (operator < supervisor < manager < admin). */
export function requireRole(role: Role) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.session) throw unauthorized();
    if (!hasRole(req.session.actor.role, role)) throw forbidden();
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.session) throw unauthorized();
  return req.session.actor;
}
