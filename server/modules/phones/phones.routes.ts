import { Router } from 'express';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { parseQuery } from '../../http/validate';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';

const parseQuerySchema = z.object({ number: z.string().trim().min(1).max(64) }).strict();

/**
 * GET /api/phones/parse?number=… (signed in): how the server will store a number, so a form can warn
 * before saving one that parses in none of the install's regions (kept raw: not dialable, matched by digits).
 */
export function phonesRoutes(regions: PhoneRegions): Router {
  const r = Router();
  r.get('/phones/parse', (req, res) => {
    const { number } = parseQuery(parseQuerySchema, req);
    const { e164 } = normalizePhone(number, regions);
    res.json({ e164, valid: e164 !== null, country: e164 ? (parsePhoneNumberFromString(e164)?.country ?? null) : null, regions: typeof regions === 'string' ? [regions] : regions });
  });
  return r;
}
