import { openDatabase } from '../../server/db/data-source';
import { ClientLookupService } from '../../server/modules/clients/client-lookup.service';
import { ProposedClientLookupService, ProposedJsonClientLookupService } from '../lib/client-lookup.proposed';
import { normalizePhone } from '../../server/phone/phone-number';
import { phoneOf, exactInput, suffixInput, missInput } from '../lib/synthetic-clients';

const my = process.env.MYDB; const ds = my ? await openDatabase({ type: 'mysql', url: 'mysql://root@127.0.0.1:3307/' + my, database: my }) : await openDatabase({ type: 'sqlite', path: ':memory:' });
const now = '2024-05-01 10:00:00.123';
const tags = ['vip', 'ёлка', 'яблоко', 'Ёж', 'b2b', 'b-c', 'ель', '10', '9'];
for (let i = 1; i <= 300; i++) {
  await ds.query(`INSERT INTO clients (id, kind, name, name_search, organization, birthday, source, owner_id, stage, abc_class, potential, tier, timezone, revenue, created_at, updated_at, deleted_at) VALUES (?, 'person', ?, ?, NULL, ?, 'web', NULL, 'lead', 'A', NULL, 'gold', 'Europe/Moscow', ?, ?, ?, ?)`,
    [i, `Иван ${i}`, `иван ${i}`, i % 3 ? '1980-02-0' + (1 + (i % 9)) : null, i * 10.5, now, now, i % 50 === 49 ? now : null]);
  const nums = [phoneOf(i).raw, ...(i % 7 === 0 ? [`доб. ${i}`, phoneOf(i + 100000).raw] : [])];
  let pos = 0;
  for (const raw of nums) { const n = normalizePhone(raw, 'RU'); await ds.query('INSERT INTO client_phones (client_id, e164, raw, digits, rev_digits, position) VALUES (?,?,?,?,?,?)', [i, n.e164, n.raw, n.digits, n.revDigits, pos++]); }
  if (i % 2) await ds.query('INSERT INTO client_emails (client_id, email, position) VALUES (?,?,0),(?,?,1)', [i, `b${i}@x.ru`, i, `a${i}@x.ru`]);
  for (const t of tags.slice(0, i % 10)) await ds.query('INSERT INTO client_tags (client_id, tag) VALUES (?,?)', [i, t]);
}
// an ambiguous suffix: two clients whose numbers share the last 9 digits
await ds.query(`INSERT INTO client_phones (client_id, e164, raw, digits, rev_digits, position) VALUES (5, '+79675550001', '+79675550001', '79675550001', '10005557697', 5), (6, '+380675550001', '+380675550001', '380675550001', '100055576083', 5)`);
const a = new ClientLookupService(ds, 'RU'), b = process.env.JSONV ? new ProposedJsonClientLookupService(ds, 'RU') : new ProposedClientLookupService(ds, 'RU');
const inputs: string[] = ['675550001', '0675550001', '+7 967 555 00 01', '380675550001'];
for (let i = 1; i <= 300; i++) inputs.push(exactInput(phoneOf(i), i), suffixInput(phoneOf(i), i), missInput(i), `доб. ${i}`, phoneOf(i).sub, exactInput(phoneOf(i + 100000), i));
let found = 0;
for (const s of inputs) {
  const [x, y] = [JSON.stringify(await a.findByPhone(s)), JSON.stringify(await b.findByPhone(s))];
  if (x !== y) { console.log('DIFF', s, '\n', x, '\n', y); process.exit(1); }
  if ((await a.findIdByPhone(s)) !== (await b.findIdByPhone(s))) { console.log('ID DIFF', s); process.exit(1); }
  if (x !== 'null') found++;
}
console.log(my ? 'mariadb' : 'sqlite', ': same on', inputs.length, 'inputs,', found, 'found; sample:', JSON.stringify(await b.findByPhone(exactInput(phoneOf(7), 0))));
await ds.destroy();
