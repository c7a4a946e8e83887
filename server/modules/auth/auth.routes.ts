import { Router, type CookieOptions } from 'express';
import { z } from 'zod';
import { actorOf, authenticate, SESSION_COOKIE } from '../../http/auth.middleware';
import { parseBody } from '../../http/validate';
import { toUserView } from '../users/user.view';
import type { AuthService } from './auth.service';

// The login is normalized by the service (Unicode form, invisible characters, case), so its raw form may be longer.
const loginSchema = z.object({ login: z.string().trim().min(1).max(200), password: z.string().min(1).max(200) }).strict();

/** `signedOut`: what else ends with a sign-out (the operator goes offline at once). */
export function authRoutes(auth: AuthService, cookieSecure: boolean, signedOut?: (userId: number) => Promise<void>): Router {
  const r = Router();
  const cookie = (expires?: Date): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: cookieSecure, path: '/', ...(expires && { expires }) });

  r.post('/auth/login', async (req, res) => {
    const { login, password } = parseBody(loginSchema, req);
    const result = await auth.login(login, password, req.ip ?? 'unknown', req.get('user-agent') ?? null);
    res.cookie(SESSION_COOKIE, result.token, cookie(result.expiresAt));
    res.json({ token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user });
  });

  r.post('/auth/logout', authenticate(auth), async (req, res) => {
    await auth.logout(req.session!.sessionId, actorOf(req));
    await signedOut?.(req.session!.user.id);
    res.clearCookie(SESSION_COOKIE, cookie());
    res.status(204).end();
  });

  r.get('/auth/me', authenticate(auth), (req, res) => {
    res.json({ user: toUserView(req.session!.user) });
  });
  return r;
}
