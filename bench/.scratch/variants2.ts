import { openDatabase } from '../../server/db/data-source';
import { ClientEntity } from '../../server/db/entities';
import { normalizePhone } from '../../server/phone/phone-number';
import { toClientView } from '../../server/modules/clients/client.view';
import { ProposedClientLookupService } from '../lib/client-lookup.proposed';
import { ClientLookupService } from '../../server/modules/clients/client-lookup.service';
import { phoneOf, exactInput, missInput } from '../lib/synthetic-clients';
import { summarize } from '../lib/stats';
import { dbUrl, connect } from '../lib/bench-db';

const db = process.env.DB!;
const ds = await openDatabase({ type: 'mysql', url: dbUrl(db), database: db });
const bare = await connect(db);
const svc = new ClientLookupService(ds, 'RU');
const prop = new ProposedClientLookupService(ds, 'RU');
const meta = ds.getMetadata(ClientEntity);
const cols = meta.columns.map((c) => c.databaseName);
const nulls = cols.map(() => 'NULL').join(', ');
const hydrate = (raw: any) => { const r: any = {}; for (const col of meta.columns) r[col.propertyName] = ds.driver.prepareHydratedValue(raw[col.databaseName], col); return r; };
const kids = (rows: any[], id: number) => { const ch: any = { phones: [], emails: [], tags: [] }; for (const r of rows) { if (r.k === null || Number(r.cid) !== id) continue; const k = Number(r.k); if (k === 0) ch.phones.push({ e164: r.a, raw: r.b }); else if (k === 1) ch.emails.push(r.a); else ch.tags.push(r.a); } return ch; };
const unionSql = (from: string, where: string, order: boolean) => { const live = `WHERE ${where} AND c.deleted_at IS NULL`; return `SELECT ${cols.map((c) => `c.${c}`).join(', ')}, NULL AS k, NULL AS pos, NULL AS a, NULL AS b, NULL AS cid FROM ${from} ${live}
  UNION ALL SELECT ${nulls}, 0, x.position, x.e164, x.raw, c.id FROM ${from} JOIN client_phones x ON x.client_id = c.id ${live}
  UNION ALL SELECT ${nulls}, 1, x.position, x.email, NULL, c.id FROM ${from} JOIN client_emails x ON x.client_id = c.id ${live}
  UNION ALL SELECT ${nulls}, 2, 0, x.tag, NULL, c.id FROM ${from} JOIN client_tags x ON x.client_id = c.id ${live}` + (order ? ' ORDER BY k, pos, a' : ''); };
const BYP = 'client_phones p JOIN clients c ON c.id = p.client_id';
const U_ORD = unionSql(BYP, 'p.e164 = ?', true), U_NO = unionSql(BYP, 'p.e164 = ?', false), ID_ORD = unionSql('clients c', 'c.id = ?', true);
const cmp = (x: any, y: any) => (x.k === null ? -1 : 0) - (y.k === null ? -1 : 0) || Number(x.k) - Number(y.k) || Number(x.pos) - Number(y.pos) || (x.a < y.a ? -1 : x.a > y.a ? 1 : 0);
const variants: Record<string, (e164: string) => Promise<unknown>> = {
  simple_id: (e) => ds.query('SELECT c.id AS id FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1', [e]),
  union_ord: async (e) => { const rows = await ds.query(U_ORD, [e, e, e, e]); return rows.length && rows[0].k === null ? toClientView(hydrate(rows[0]), kids(rows, rows[0].id)) : null; },
  union_noord: async (e) => { const rows = (await ds.query(U_NO, [e, e, e, e])).sort(cmp); return rows.length && rows[0].k === null ? toClientView(hydrate(rows[0]), kids(rows, rows[0].id)) : null; },
  union_ord_bare_exec: async (e) => { const [rows]: any = await bare.execute(U_ORD, [e, e, e, e]); return rows.length; },
  union_ord_bare_query: async (e) => { const [rows]: any = await bare.query(U_ORD, [e, e, e, e]); return rows.length; },
  id_then_union_by_id: async (e) => { const r = await ds.query('SELECT c.id AS id FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1', [e]); if (!r.length) return null; const id = r[0].id; const rows = await ds.query(ID_ORD, [id, id, id, id]); return toClientView(hydrate(rows[0]), kids(rows, id)); },
};
const hot = Array.from({ length: 1000 }, (_, k) => 1000 + k * 37).filter((i) => i % 250 !== 249);
for (const mode of ['hit', 'miss']) {
  const res: Record<string, number[]> = {};
  for (const name of Object.keys(variants)) res[name] = [];
  const inp = (id: number) => (mode === 'hit' ? phoneOf(id).e164 : normalizePhone(missInput(id), 'RU').e164!);
  for (const [, f] of Object.entries(variants)) for (const id of hot) await f(inp(id));
  for (let round = 0; round < 4; round++) for (const [name, f] of Object.entries(variants)) for (const id of hot) { const t0 = process.hrtime.bigint(); await f(inp(id)); res[name]!.push(Number(process.hrtime.bigint() - t0) / 1e6); }
  for (const [name, t] of Object.entries(res)) { const s = summarize(Float64Array.from(t)); console.log(mode, name.padEnd(22), 'p50', s.p50_ms, 'p90', s.p90_ms, 'p99', s.p99_ms, 'mean', s.mean_ms); }
}
await bare.end(); await ds.destroy();
