import { openDatabase } from '../../server/db/data-source';
import { ClientEntity } from '../../server/db/entities';
import { normalizePhone } from '../../server/phone/phone-number';
import { toClientView } from '../../server/modules/clients/client.view';
import { ProposedClientLookupService } from '../lib/client-lookup.proposed';
import { ClientLookupService } from '../../server/modules/clients/client-lookup.service';
import { phoneOf, exactInput } from '../lib/synthetic-clients';
import { summarize } from '../lib/stats';
import { dbUrl } from '../lib/bench-db';

const db = process.env.DB!;
const ds = await openDatabase({ type: 'mysql', url: dbUrl(db), database: db });
const svc = new ClientLookupService(ds, 'RU');
const prop = new ProposedClientLookupService(ds, 'RU');
const meta = ds.getMetadata(ClientEntity);
const hydrate = (raw: any) => { const r: any = {}; for (const col of meta.columns) r[col.propertyName] = ds.driver.prepareHydratedValue(raw[col.databaseName], col); return r; };
const CH_BY_E164 = `SELECT 0 AS k, x.position AS pos, x.e164 AS a, x.raw AS b FROM client_phones p JOIN client_phones x ON x.client_id = p.client_id WHERE p.e164 = ?
  UNION ALL SELECT 1, x.position, x.email, NULL FROM client_phones p JOIN client_emails x ON x.client_id = p.client_id WHERE p.e164 = ?
  UNION ALL SELECT 2, 0, x.tag, NULL FROM client_phones p JOIN client_tags x ON x.client_id = p.client_id WHERE p.e164 = ?
  ORDER BY k, pos, a`;
const children = (rows: any[]) => { const ch: any = { phones: [], emails: [], tags: [] }; for (const r of rows) { const k = Number(r.k); if (k === 0) ch.phones.push({ e164: r.a, raw: r.b }); else if (k === 1) ch.emails.push(r.a); else ch.tags.push(r.a); } return ch; };
const parallel = async (input: string) => {
  const n = normalizePhone(input, 'RU');
  const [rows, ch] = await Promise.all([ds.query('SELECT c.* FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1', [n.e164]), ds.query(CH_BY_E164, [n.e164, n.e164, n.e164])]);
  return rows.length ? toClientView(hydrate(rows[0]), children(ch)) : null;
};
const JSONQ = `SELECT c.*,
  (SELECT JSON_ARRAYAGG(JSON_OBJECT('e164', x.e164, 'raw', x.raw) ORDER BY x.position) FROM client_phones x WHERE x.client_id = c.id) AS _phones,
  (SELECT JSON_ARRAYAGG(x.email ORDER BY x.position) FROM client_emails x WHERE x.client_id = c.id) AS _emails,
  (SELECT JSON_ARRAYAGG(x.tag ORDER BY x.tag) FROM client_tags x WHERE x.client_id = c.id) AS _tags
  FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1`;
const json = async (input: string) => {
  const n = normalizePhone(input, 'RU');
  const rows = await ds.query(JSONQ, [n.e164]);
  if (!rows.length) return null;
  const r = rows[0]; const pj = (v: any) => (v == null ? [] : typeof v === 'string' ? JSON.parse(v) : v);
  return toClientView(hydrate(r), { phones: pj(r._phones), emails: pj(r._emails), tags: pj(r._tags) });
};
const cols = meta.columns.map((c) => c.databaseName);
const UNIONQ = `SELECT ${cols.map((c) => `c.${c}`).join(', ')}, NULL AS k, NULL AS pos, NULL AS a, NULL AS b FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL
  UNION ALL SELECT ${cols.map(() => 'NULL').join(', ')}, k, pos, a, b FROM (${CH_BY_E164.replace(' ORDER BY k, pos, a', '')}) ch`;
const union = async (input: string) => {
  const n = normalizePhone(input, 'RU');
  const rows: any[] = await ds.query(UNIONQ, [n.e164, n.e164, n.e164, n.e164]);
  const head = rows.find((r) => r.k === null);
  if (!head) return null;
  const kids = rows.filter((r) => r.k !== null).sort((x, y) => Number(x.k) - Number(y.k) || Number(x.pos) - Number(y.pos) || (x.a < y.a ? -1 : x.a > y.a ? 1 : 0));
  return toClientView(hydrate(head), children(kids));
};
const hot = Array.from({ length: 1000 }, (_, k) => 1000 + k * 7).filter((i) => i % 250 !== 249);
for (const id of hot.slice(0, 300)) { const inp = exactInput(phoneOf(id), id); const want = JSON.stringify(await svc.findByPhone(inp)); for (const [nm, f] of [['json', json], ['union', union], ['parallel', parallel]] as const) { const got = JSON.stringify(await f(inp)); if (got !== want) { console.log('DIFF', nm, want, got); process.exit(1); } } }
const variants: Record<string, (s: string) => Promise<unknown>> = { current: (s) => svc.findByPhone(s), proposed_2rt: (s) => prop.findByPhone(s), parallel, json_1rt: json, union_1rt: union };
const res: Record<string, number[]> = {};
for (const name of Object.keys(variants)) res[name] = [];
for (const [, f] of Object.entries(variants)) for (const id of hot) await f(exactInput(phoneOf(id), id));
for (let round = 0; round < 6; round++) for (const [name, f] of Object.entries(variants)) for (const id of hot) { const s = exactInput(phoneOf(id), id + round); const t0 = process.hrtime.bigint(); await f(s); res[name]!.push(Number(process.hrtime.bigint() - t0) / 1e6); }
for (const [name, t] of Object.entries(res)) { const s = summarize(Float64Array.from(t)); console.log(name.padEnd(14), 'p50', s.p50_ms, 'p90', s.p90_ms, 'p99', s.p99_ms, 'mean', s.mean_ms); }
await ds.destroy();
