import express, { Router, type Request, type Response } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { AppError, notFound } from '../../http/errors';
import { requestOrigin } from '../../http/origin-check';
import { idParam, parseBody } from '../../http/validate';
import type { PhoneRegions } from '../../phone/phone-number';
import type { LeadSource, LeadSourcesService } from './lead-sources.service';
import type { LeadThrottle } from './lead-throttle';
import type { LeadsService } from './leads.service';
import { createLeadSourceSchema, HONEYPOT_FIELD, leadSchema, updateLeadSourceSchema, type LeadInput } from './leads.schemas';

/** Where websites reach this server: PUBLIC_URL when set, else the address the manager opened the CRM at. */
const baseUrlOf = (publicUrl: string | undefined, req: Request) => (publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.get('host')}`);

/** Managers' lead sources (behind the session auth). */
export function leadSourcesRoutes(sources: LeadSourcesService, publicUrl?: string): Router {
  const r = Router();
  r.use('/lead-sources', requireRole('manager'));
  r.get('/lead-sources', async (req, res) => {
    res.json(await sources.list(baseUrlOf(publicUrl, req)));
  });
  r.post('/lead-sources', async (req, res) => {
    res.status(201).json(await sources.create(actorOf(req), parseBody(createLeadSourceSchema, req), baseUrlOf(publicUrl, req)));
  });
  r.get('/lead-sources/:id', async (req, res) => {
    res.json(await sources.get(idParam(req), baseUrlOf(publicUrl, req)));
  });
  r.patch('/lead-sources/:id', async (req, res) => {
    res.json(await sources.update(actorOf(req), idParam(req), parseBody(updateLeadSourceSchema, req), baseUrlOf(publicUrl, req)));
  });
  r.post('/lead-sources/:id/rotate-token', async (req, res) => {
    res.json(await sources.rotateToken(actorOf(req), idParam(req), baseUrlOf(publicUrl, req)));
  });
  return r;
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The public endpoint websites post leads to: mounted before the session auth, and exempt from the
 * Origin check (app.ts CROSS_ORIGIN_PATHS) because the token is its credential. CORS headers are sent
 * only to the source's own origins; a browser page of another origin is refused (403) when the source
 * lists its origins.
 */
export function publicLeadsRoutes(sources: LeadSourcesService, leads: LeadsService, throttle: LeadThrottle, regions: PhoneRegions): Router {
  const r = Router();
  const schema = leadSchema(regions);
  const source = async (req: Request): Promise<LeadSource> => {
    const token = req.params.token;
    const found = typeof token === 'string' && TOKEN.test(token) ? await sources.byToken(token) : null;
    if (!found || !found.active) throw notFound('Lead source');
    return found;
  };
  /** Sets the CORS headers for an allowed page; throws 403 for a page of a foreign origin when origins are listed. */
  const cors = (req: Request, res: Response, src: LeadSource) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (typeof origin !== 'string' || origin === '') return;
    if (src.origins.includes(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      return;
    }
    if (src.origins.length > 0) throw new AppError(403, 'forbidden_origin', 'This website may not post leads to this source');
  };

  r.options('/leads/:token', async (req, res) => {
    const src = await source(req);
    cors(req, res, src);
    if (!res.get('Access-Control-Allow-Origin')) throw new AppError(403, 'forbidden_origin', 'This website may not post leads to this source');
    res.set({ 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' }).status(204).end();
  });

  r.post('/leads/:token', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }), async (req, res) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    await throttle.fromAddress(ip);
    const src = await source(req);
    cors(req, res, src);
    await throttle.toSource(src.id);
    const input = parseBody(schema, req) as LeadInput;
    const fromForm = Boolean(req.is('application/x-www-form-urlencoded'));
    let redirect: string | null = null;
    if (fromForm && input.redirect) {
      // Back to the page that posted, or to one of the source's websites: never anywhere else (an open redirect).
      const target = new URL(input.redirect).origin;
      const page = requestOrigin(req.headers);
      if (target !== page && !src.origins.includes(target)) {
        throw new AppError(400, 'validation_failed', 'The request is not valid', [{ path: 'redirect', message: 'must be on the website that posted the form or one of the source’s origins' }]);
      }
      redirect = input.redirect;
    }
    // A bot filled the field people never see: it is told "thank you" and nothing is written.
    const honeypot = input[HONEYPOT_FIELD];
    if (!(honeypot === undefined || honeypot === null || honeypot === '')) req.log?.info({ sourceId: src.id }, 'lead honeypot filled: ignored');
    else await leads.capture(src, input, ip);
    if (redirect) res.redirect(303, redirect);
    else res.status(201).json({ ok: true });
  });
  return r;
}
