import { openDatabase } from '../../server/db/data-source';
import { ClientEntity, ClientPhoneEntity } from '../../server/db/entities';
import { ClientLookupService } from '../../server/modules/clients/client-lookup.service';
import { loadClientViews } from '../../server/modules/clients/client-children';
import { ProposedClientLookupService } from '../lib/client-lookup.proposed';
import { phoneOf, exactInput } from '../lib/synthetic-clients';
import { summarize } from '../lib/stats';
import { dbUrl, connect } from '../lib/bench-db';

const db = process.env.DB!;
const ds = await openDatabase({ type: 'mysql', url: dbUrl(db), database: db });
const bare = await connect(db);
const svc = new ClientLookupService(ds, 'RU');
const prop = new ProposedClientLookupService(ds, 'RU');
const hot = Array.from({ length: 1000 }, (_, k) => 1000 + k * 7);
const rows = new Map<number, any>();
for (const id of hot) rows.set(id, await ds.getRepository(ClientEntity).findOneBy({ id }));
const steps: Record<string, (id: number, k: number) => Promise<unknown>> = {
  bare_floor: (id) => bare.query('SELECT c.*, p.e164, p.raw FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL', [phoneOf(id).e164]),
  ds_floor: (id) => ds.query('SELECT c.*, p.e164, p.raw FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL', [phoneOf(id).e164]),
  bare_select1: () => bare.query('SELECT 1'),
  ds_select1: () => ds.query('SELECT 1'),
  A_findIdByPhone: (id, k) => svc.findIdByPhone(exactInput(phoneOf(id), k)),
  B_findOneBy: (id) => ds.getRepository(ClientEntity).findOneBy({ id }),
  C_loadClientViews: (id) => loadClientViews(ds.manager, [rows.get(id)]),
  D_find_phones: (id) => ds.manager.find(ClientPhoneEntity, { where: { clientId: id }, order: { position: 'ASC' } }),
  full_current: (id, k) => svc.findByPhone(exactInput(phoneOf(id), k)),
  full_proposed: (id, k) => prop.findByPhone(exactInput(phoneOf(id), k)),
};
const res: Record<string, Float64Array> = {};
for (const name of Object.keys(steps)) res[name] = new Float64Array(5000);
for (let r = 0; r < 2; r++) for (const [name, f] of Object.entries(steps)) for (const id of hot) await f(id, 0); // warm
for (let round = 0; round < 5; round++) for (const [name, f] of Object.entries(steps)) for (let k = 0; k < 1000; k++) {
  const id = hot[k]!; const t0 = process.hrtime.bigint(); await f(id, k); res[name]![round * 1000 + k] = Number(process.hrtime.bigint() - t0) / 1e6;
}
for (const [name, t] of Object.entries(res)) { const s = summarize(t); console.log(name.padEnd(20), 'p50', s.p50_ms, 'p90', s.p90_ms, 'p99', s.p99_ms, 'mean', s.mean_ms); }
await bare.end(); await ds.destroy();
