import { isIP } from 'node:net';

/** express's names for address ranges. */
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(item: string): boolean {
  if (PRESETS.has(item)) return true;
  const [address = '', range, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4; // 10.0.0.0/255.0.0.0
}

/**
 * TRUST_PROXY as express's 'trust proxy' setting: unset or 0 trusts nobody (the client address is the
 * socket's); a number trusts that many proxy hops; a comma list trusts those proxy addresses/subnets.
 * `true` (trust any X-Forwarded-For) is refused: anyone could then pick their own address.
 */
export function parseTrustProxy(value: string | undefined): { ok: true; value: number | string[] } | { ok: false; message: string } {
  if (value === undefined || value.trim() === '') return { ok: true, value: 0 };
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) <= 10 ? { ok: true, value: Number(v) } : { ok: false, message: 'must be a number of proxy hops from 0 to 10' };
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((item) => !isProxyAddress(item));
  if (bad !== undefined || items.length === 0) {
    return { ok: false, message: `must be a number of proxy hops or a comma list of proxy addresses/subnets (loopback, 10.0.0.0/8, …); not "${bad ?? v}"` };
  }
  return { ok: true, value: items };
}
