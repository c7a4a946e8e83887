import mysql from 'mysql2/promise';
import { phoneOf, isDeleted } from '../lib/synthetic-clients';
const conn = await mysql.createConnection({ uri: `mysql://root@127.0.0.1:${process.env.PORT ?? 3307}/${process.env.DB}` });
const n = Number(process.env.N ?? 1000000);
function walk(o: any, acc: { acc: number; read: number; ms: number }) { if (o && typeof o === 'object') { if (o.r_engine_stats) { acc.acc += o.r_engine_stats.pages_accessed ?? 0; acc.read += o.r_engine_stats.pages_read_count ?? 0; acc.ms += o.r_engine_stats.pages_read_time_ms ?? 0; } for (const v of Object.values(o)) walk(v, acc); } }
async function an(sql: string, p: unknown[]) { const [rows]: any = await conn.query('ANALYZE FORMAT=JSON ' + sql, p); const acc = { acc: 0, read: 0, ms: 0 }; walk(JSON.parse(rows[0].ANALYZE), acc); return acc; }
const cur: Record<string, string> = {
  S1_id_by_e164: 'SELECT c.id AS id FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1',
  S2_client_by_id: 'SELECT * FROM clients WHERE id = ? LIMIT 1',
  S3_phones: 'SELECT * FROM client_phones WHERE client_id IN (?) ORDER BY position ASC',
  S4_emails: 'SELECT * FROM client_emails WHERE client_id IN (?) ORDER BY position ASC',
  S5_tags: 'SELECT * FROM client_tags WHERE client_id IN (?) ORDER BY tag ASC',
};
const prop: Record<string, string> = {
  P1_row_by_e164: 'SELECT c.* FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL LIMIT 1',
  P2_children: `SELECT 0 AS k, position AS pos, e164 AS a, raw AS b FROM client_phones WHERE client_id = ? UNION ALL SELECT 1, position, email, NULL FROM client_emails WHERE client_id = ? UNION ALL SELECT 2, 0, tag, NULL FROM client_tags WHERE client_id = ? ORDER BY k, pos, a`,
};
const tot: Record<string, { acc: number; read: number; ms: number }> = {};
const add = (k: string, a: any) => { const t = (tot[k] ??= { acc: 0, read: 0, ms: 0 }); t.acc += a.acc; t.read += a.read; t.ms += a.ms; };
let seed = 12345; const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = () => { for (;;) { const i = 1 + Math.floor(rnd() * n); if (!isDeleted(i)) return i; } };
const L = 400;
for (let k = 0; k < L; k++) {
  let id = pick();
  add('S1_id_by_e164', await an(cur.S1_id_by_e164!, [phoneOf(id).e164]));
  for (const s of ['S2_client_by_id', 'S3_phones', 'S4_emails', 'S5_tags']) add(s, await an(cur[s]!, [id]));
  id = pick();
  add('P1_row_by_e164', await an(prop.P1_row_by_e164!, [phoneOf(id).e164]));
  add('P2_children', await an(prop.P2_children!, [id, id, id]));
}
for (const [k, v] of Object.entries(tot)) console.log(k.padEnd(18), 'pages_accessed/lookup', (v.acc / L).toFixed(1), 'pages_read_from_disk/lookup', (v.read / L).toFixed(2), 'read_ms/lookup', (v.ms / L).toFixed(3));
await conn.end();
