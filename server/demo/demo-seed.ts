import { transaction } from '../db/transaction';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { bulkInsert } from '../db/bulk-write';
import {
  CallbackEntity,
  CallEntity,
  CallLegEntity,
  ClientEntity,
  ClientNoteEntity,
  ClientPhoneEntity,
  ClientStageChangeEntity,
  ClientTagEntity,
  DealEntity,
  DispositionEntity,
  RoutingRuleEntity,
  TeamEntity,
  UserEntity,
  type CallbackRow,
  type CallRow,
  type ClientRow,
  type ClientStageChangeRow,
  type FunnelStage,
  type Role,
} from '../db/entities';
import type { Logger } from '../logging/logger';
import { hashPassword } from '../modules/auth/password';
import { normalizePhone } from '../phone/phone-number';
import { demoStageHistory } from './demo-stage-history';

/** Every demo account signs in with this password; it exists only in demo mode. */
export const DEMO_PASSWORD = 'hotline-demo';

const FIRST_RU = ['Иван', 'Алексей', 'Мария', 'Елена', 'Дмитрий', 'Ольга', 'Сергей', 'Анна', 'Наталья', 'Павел', 'Татьяна', 'Андрей', 'Юлия', 'Михаил', 'Ирина'];
/** Russian surnames take -а for women (Петров → Петрова); the Ukrainian ones below do not change. */
const FEMALE_RU = new Set(['Мария', 'Елена', 'Ольга', 'Анна', 'Наталья', 'Татьяна', 'Юлия', 'Ирина']);
const ruName = (first: string, last: string) => `${first} ${FEMALE_RU.has(first) ? `${last}а` : last}`;
const LAST_RU = ['Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев'];
const FIRST_UA = ['Олена', 'Тарас', 'Оксана', 'Богдан', 'Ярослав', 'Наталія', 'Андрій', 'Ірина', 'Василь', 'Галина'];
const LAST_UA = ['Коваль', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Мельник', 'Олійник', 'Лисенко', 'Руденко'];
const COMPANIES = ['ООО Ромашка', 'АО Вектор', 'ТОВ Світанок', 'ООО СтройИнвест', 'ПАО Север', 'ТОВ Агросфера', 'ИП Лебедев', 'ООО ТехноПлюс'];
const SOURCES = ['website', 'google_ads', 'yandex_direct', 'referral', 'cold_call', 'exhibition', 'instagram'];
/** Today's stages, shaped like a funnel: many leads, fewer at each later stage. */
const STAGES = ['lead', 'lead', 'lead', 'contacted', 'contacted', 'qualified', 'qualified', 'proposal', 'customer', 'customer', 'lost', 'lost'] as const;
const TIERS = ['standard', 'standard', 'standard', 'silver', 'gold', 'platinum'] as const;
const TAGS = ['vip', 'wholesale', 'retail', 'newsletter', 'do_not_call_evening', 'partner'];
const PRODUCTS = ['Годовая подписка', 'Стартовый пакет', 'Расширенный тариф', 'Консультация', 'Поставка оборудования', 'Сервисный контракт'];
const DISPOSITIONS = ['sale', 'callback_promised', 'not_interested', 'info_given', 'wrong_number', null] as const;
/** What operators wrote about the regulars (client notes) and after their calls (call notes). */
const CLIENT_NOTES = [
  'Предпочитает звонки после 15:00, по будням.',
  'Интересуется расширенным тарифом, просил прислать КП на почту.',
  'Лицо, принимающее решения, — финансовый директор; согласование до двух недель.',
  'Была жалоба на задержку поставки, вопрос закрыт, клиент доволен.',
  'Просит скидку за годовую оплату; обсуждали 7%.',
  'Говорит по-украински, лучше вести разговор на украинском.',
  'Клиент с 2019 года, продлевает подписку каждый год в марте.',
  'Ждёт звонка по сервисному контракту, важно не опоздать.',
];
const CALL_NOTES = ['Обсудили условия продления', 'Выслали КП на почту', 'Клиент просил перезвонить позже', 'Уточнили адрес доставки', 'Ответили на вопрос по счёту', 'Договорились о встрече в офисе'];
const CALLBACK_NOTES = ['Перезвонить: решение по КП', 'Перезвонить: продление подписки', 'Обещали уточнить сроки поставки', 'Перезвонить после согласования с директором', 'Напомнить про счёт'];
/** Regulars: seeded clients with a history (calls, notes, deals, open callbacks) who call the demo PBX again. */
const REGULARS = 150;
/** How much each demo operator sells, relative to the others (operator1…8). */
const SELLER_WEIGHTS = [6, 2, 3, 1, 4, 1, 2, 1];

/** Deterministic PRNG (mulberry32), so every demo database looks the same. */
const TYPED_COMPANIES = ['ООО Альфа-Трейд', 'ИП Гончаренко', 'ТОВ Полісся Агро', 'ООО Медтехника'];
const POSITIONS = ['Генеральный директор', 'Финансовый директор', 'Менеджер по закупкам', 'Главный бухгалтер', 'Офис-менеджер', 'Керівник відділу продажів', 'Інженер'];

/**
 * Half the organizations get one to three contact people: persons seeded after them, not yet anyone's,
 * linked with a position (the organization's card lists them; their calls count for it); a few other
 * people have a company typed only.
 */
async function linkContactPeople(em: EntityManager, ids: number[], clients: Omit<ClientRow, 'id'>[], r: ReturnType<typeof rng>): Promise<void> {
  const taken = new Set<number>();
  for (const [i, org] of clients.entries()) {
    if (org.kind !== 'organization' || r.next() < 0.5) continue;
    let want = 1 + r.int(3);
    for (let j = i + 1; j < clients.length && want > 0; j++) {
      const person = clients[j]!;
      if (person.kind !== 'person' || taken.has(j)) continue;
      taken.add(j);
      want--;
      Object.assign(person, { organizationId: ids[i]!, organization: org.name, position: r.pick(POSITIONS) });
      await em.update(ClientEntity, { id: ids[j]! }, { organizationId: ids[i]!, organization: org.name, position: person.position });
    }
  }
  // A few people with only a typed company, as an older base has them: the manager's "link them" review.
  for (const [j, person] of clients.entries()) {
    if (person.kind !== 'person' || taken.has(j) || r.next() >= 0.02) continue;
    person.organization = r.pick(TYPED_COMPANIES);
    await em.update(ClientEntity, { id: ids[j]! }, { organization: person.organization });
  }
}

function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

/** The stage a demo client was at on an instant, by its seeded history (a lead before its first entry). */
function stageOn(history: readonly Omit<ClientStageChangeRow, 'id'>[]): (clientId: number, at: Date) => FunnelStage {
  const byClient = new Map<number, Omit<ClientStageChangeRow, 'id'>[]>();
  for (const h of history) {
    const list = byClient.get(h.clientId);
    if (list) list.push(h);
    else byClient.set(h.clientId, [h]);
  }
  return (clientId, at) => {
    let last: Omit<ClientStageChangeRow, 'id'> | undefined;
    for (const h of byClient.get(clientId) ?? []) if (h.changedAt <= at && (!last || h.changedAt >= last.changedAt)) last = h;
    return last?.toStage ?? 'lead';
  };
}

/**
 * Inserts rows as plain multi-row INSERTs (bulkInsert): TypeORM's insert spent most of the seed's CPU on
 * its parameters, and every browser test seeds a demo server. Columns are the rows' keys, mapped by the
 * entity's metadata with its transformers applied, as TypeORM would write them; columns left out take the
 * table's default.
 */
async function insertChunks(em: EntityManager, target: EntityTarget<ObjectLiteral>, rows: readonly object[], size = 400) {
  if (rows.length === 0) return;
  const meta = em.connection.getMetadata(target);
  const columns = Object.keys(rows[0]!).map((key) => {
    const column = meta.findColumnWithPropertyName(key);
    if (!column) throw new Error(`demo seed: ${meta.name} has no column ${key}`);
    return column;
  });
  // A list of transformers applies in order on the way to the database, as TypeORM does.
  const to = (transformer: ValueTransformer | ValueTransformer[], v: unknown) =>
    Array.isArray(transformer) ? transformer.reduce((x, t) => t.to(x), v) : transformer.to(v);
  const value = (row: object, column: (typeof columns)[number]) => {
    const v = (row as Record<string, unknown>)[column.propertyName];
    if (v === undefined) throw new Error(`demo seed: ${meta.name}.${column.propertyName} is undefined`);
    return (column.transformer ? to(column.transformer, v) : v) ?? null;
  };
  for (let i = 0; i < rows.length; i += size) {
    await bulkInsert(em, meta.tableName, columns.map((c) => c.databaseName), rows.slice(i, i + size).map((row) => columns.map((c) => value(row, c))));
  }
}

export type DemoSize = { clients: number; days: number; callsPerDay: number };

/** Seeds a realistic floor: a manager, a supervisor, 8 operators (101–108) in two teams, clients, deals, calls. */
export async function seedDemoData(ds: DataSource, logger: Logger, size: DemoSize = { clients: 5000, days: 21, callsPerDay: 240 }): Promise<void> {
  const started = Date.now();
  const r = rng(20261123);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await transaction(ds, async (em) => {
    const now = new Date();
    const { identifiers: teamIds } = await em.insert(TeamEntity, [
      { name: 'Продажи Москва', supervisorId: null, createdAt: now },
      { name: 'Продажі Київ', supervisorId: null, createdAt: now },
    ]);
    const team = (i: number) => teamIds[i]!.id as number;
    const staff: { login: string; name: string; role: Role; extension: string | null; teamId: number | null }[] = [
      { login: 'admin', name: 'Администратор', role: 'admin', extension: null, teamId: null },
      { login: 'manager', name: 'Светлана Орлова', role: 'manager', extension: null, teamId: null },
      { login: 'supervisor', name: 'Виктор Зайцев', role: 'supervisor', extension: '100', teamId: team(0) },
      ...Array.from({ length: 8 }, (_, i) => ({
        login: `operator${i + 1}`,
        name: i < 4 ? ruName(r.pick(FIRST_RU), r.pick(LAST_RU)) : `${r.pick(FIRST_UA)} ${r.pick(LAST_UA)}`,
        role: 'operator' as const,
        extension: String(101 + i),
        teamId: team(i < 4 ? 0 : 1),
      })),
    ];
    const { identifiers: userIds } = await em.insert(
      UserEntity,
      // Demo operators start on shift, so the demo PBX's calls and the lead router find someone at once.
      staff.map((s) => ({ ...s, passwordHash, state: s.role === 'operator' ? ('available' as const) : ('offline' as const), stateSince: now, locale: null, active: true, createdAt: now, updatedAt: now })),
    );
    const supervisorId = userIds[2]!.id as number;
    await em.update(TeamEntity, { id: team(0) }, { supervisorId });
    await em.update(TeamEntity, { id: team(1) }, { supervisorId });
    const operatorIds = userIds.slice(3).map((u) => u.id as number);
    const staffExtension = new Map(userIds.map((u, i) => [u.id as number, staff[i]!.extension ?? '']));

    const clients: Omit<ClientRow, 'id'>[] = [];
    const numbers: string[] = [];
    for (let i = 0; i < size.clients; i++) {
      const ua = r.next() < 0.35;
      const org = r.next() < 0.15;
      const name = org ? `${r.pick(COMPANIES)} ${i}` : ua ? `${r.pick(FIRST_UA)} ${r.pick(LAST_UA)}` : ruName(r.pick(FIRST_RU), r.pick(LAST_RU));
      const created = new Date(now.getTime() - r.int(365) * 86400_000);
      clients.push({
        kind: org ? 'organization' : 'person',
        name,
        nameSearch: name.toLowerCase(),
        organization: org ? name : null,
        organizationId: null,
        position: null,
        birthday: org || r.next() < 0.5 ? null : `19${60 + r.int(40)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`,
        source: r.pick(SOURCES),
        ownerId: r.next() < 0.8 ? r.pick(operatorIds) : null,
        stage: r.pick(STAGES),
        abcClass: null,
        potential: r.pick(['low', 'medium', 'high'] as const),
        tier: r.pick(TIERS),
        timezone: ua ? 'Europe/Kyiv' : 'Europe/Moscow',
        revenue: 0,
        createdAt: created,
        updatedAt: created,
        deletedAt: null,
      });
      // Unique by construction: the client's index is part of the subscriber number.
      numbers.push(ua ? `+38067${String(1000000 + i).slice(-7)}` : `+7916${String(2000000 + i).padStart(7, '0')}`);
    }
    // The regulars get a better tier now and then (the routing rules below act faster on them).
    const rr = rng(20261203);
    const regulars = new Set<number>();
    while (regulars.size < Math.min(REGULARS, size.clients)) regulars.add(rr.int(size.clients));
    for (const i of regulars) {
      const c = clients[i]!;
      c.stage = rr.pick(['contacted', 'qualified', 'proposal', 'customer', 'customer'] as const);
      if (rr.next() < 0.6) c.tier = rr.pick(['silver', 'gold', 'platinum'] as const);
      c.ownerId ??= rr.pick(operatorIds);
    }
    await insertChunks(em, ClientEntity, clients);
    const ids: number[] = (await em.query('SELECT id FROM clients ORDER BY id')).map((row: { id: number }) => Number(row.id));
    const history = demoStageHistory(ids.map((id, i) => ({ ...clients[i]!, id })), now, rng(20261204));
    await insertChunks(em, ClientStageChangeEntity, history);
    // Each call is counted at the stage its client had then (calls.client_stage), by that history.
    const stageAt = stageOn(history);

    const phones = ids.map((clientId, i) => {
      const n = normalizePhone(numbers[i]!, 'RU');
      return { clientId, e164: n.e164, raw: n.raw, digits: n.digits, revDigits: n.revDigits, position: 0 };
    });
    await insertChunks(em, ClientPhoneEntity, phones);
    const tags = ids.flatMap((clientId) => (r.next() < 0.3 ? [{ clientId, tag: r.pick(TAGS) }] : []));
    await insertChunks(em, ClientTagEntity, tags);
    await linkContactPeople(em, ids, clients, rng(20261206));

    const revenue = new Map<number, number>();
    // Some operators close far more than others (the sales report's Pareto); one draw per deal, as r.pick.
    const weights = operatorIds.map((_, i) => SELLER_WEIGHTS[i % SELLER_WEIGHTS.length]!);
    const seller = (x: number) => {
      let left = x * weights.reduce((a, w) => a + w, 0);
      for (const [i, w] of weights.entries()) if ((left -= w) < 0) return operatorIds[i]!;
      return operatorIds[operatorIds.length - 1]!;
    };
    const deals = ids.flatMap((clientId) => {
      const count = r.next() < 0.4 ? 1 + r.int(4) : 0;
      return Array.from({ length: count }, () => {
        // Revenue is long-tailed, as in real sales: a few clients bring most of it.
        const amount = Math.round(1000 * Math.exp(r.next() * 6)) / 1;
        revenue.set(clientId, (revenue.get(clientId) ?? 0) + amount);
        const closed = new Date(now.getTime() - r.int(300) * 86400_000).toISOString().slice(0, 10);
        return { clientId, title: r.pick(PRODUCTS), amount, closedAt: closed, createdById: seller(r.next()), createdAt: now };
      });
    });
    for (const i of regulars) {
      const clientId = ids[i]!;
      if (revenue.has(clientId)) continue;
      for (let k = 1 + rr.int(2); k > 0; k--) {
        const amount = Math.round(5000 + rr.next() * 95000);
        revenue.set(clientId, (revenue.get(clientId) ?? 0) + amount);
        deals.push({ clientId, title: rr.pick(PRODUCTS), amount, closedAt: new Date(now.getTime() - (10 + rr.int(300)) * 86400_000).toISOString().slice(0, 10), createdById: clients[i]!.ownerId ?? rr.pick(operatorIds), createdAt: now });
      }
    }
    // Repeat buyers: about a third of the regulars reorder every 3–8 weeks over the last year, credited to their
    // owner (the repeat-purchases report's intervals). Its own generator: the other draws stay as they were.
    const rp = rng(20261205);
    for (const i of regulars) {
      if (rp.next() >= 0.35) continue;
      const clientId = ids[i]!;
      const every = 21 + rp.int(36);
      for (let back = 2 + rp.int(every); back < 360; back += every - 5 + rp.int(11)) {
        const amount = Math.round(3000 + rp.next() * 27000);
        revenue.set(clientId, (revenue.get(clientId) ?? 0) + amount);
        deals.push({ clientId, title: rp.pick(PRODUCTS), amount, closedAt: new Date(now.getTime() - back * 86400_000).toISOString().slice(0, 10), createdById: clients[i]!.ownerId ?? rp.pick(operatorIds), createdAt: now });
      }
    }
    await insertChunks(em, DealEntity, deals);
    // Each client's revenue, 400 clients a statement (one UPDATE per client was a fifth of the seed).
    const sums = [...revenue];
    for (let i = 0; i < sums.length; i += 400) {
      const part = sums.slice(i, i + 400);
      await em.query(
        `UPDATE clients SET revenue = CASE id ${part.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${part.map(() => '?').join(', ')})`,
        [...part.flat(), ...part.map(([id]) => id)],
      );
    }

    const calls: Omit<CallRow, 'id'>[] = [];
    const dayStart = new Date(now);
    dayStart.setUTCHours(6, 0, 0, 0); // 09:00 in Moscow
    for (let d = size.days; d >= 1; d--) {
      const base = dayStart.getTime() - d * 86400_000;
      for (let k = 0; k < size.callsPerDay; k++) {
        const ci = r.int(ids.length);
        const startedAt = new Date(base + r.int(10 * 3600) * 1000);
        const direction = r.next() < 0.6 ? 'inbound' : 'outbound';
        const roll = r.next();
        const outcome = direction === 'inbound' ? (roll < 0.82 ? 'answered' : roll < 0.93 ? 'abandoned' : 'missed') : roll < 0.6 ? 'answered' : roll < 0.85 ? 'no_answer' : 'busy';
        const answered = outcome === 'answered';
        const ring = 2 + r.int(direction === 'inbound' ? 15 : 20);
        const talk = answered ? 20 + Math.round(-Math.log(1 - r.next()) * 150) : 0;
        const answeredAt = answered ? new Date(startedAt.getTime() + ring * 1000) : null;
        const endedAt = new Date(startedAt.getTime() + (ring + talk) * 1000);
        calls.push({
          pbx: 'demo',
          pbxCallId: `seed-${d}-${k}`,
          direction,
          externalNumber: numbers[ci]!,
          externalE164: numbers[ci]!,
          clientId: ids[ci]!,
          clientStage: stageAt(ids[ci]!, startedAt),
          operatorId: answered || direction === 'outbound' ? r.pick(operatorIds) : null,
          queue: direction === 'inbound' ? 'hotline' : null,
          startedAt,
          answeredAt,
          endedAt,
          ringSeconds: ring,
          waitSeconds: direction === 'inbound' ? ring : null,
          talkSeconds: answered ? talk : null,
          outcome,
          disposition: answered ? r.pick(DISPOSITIONS) : null,
          note: null,
          recordingUrl: null,
          campaignId: null,
          createdAt: endedAt,
          updatedAt: endedAt,
        });
      }
    }
    // The regulars' own history: a few calls each over the last weeks, with results and notes.
    for (const [n, i] of [...regulars].entries()) {
      const owner = clients[i]!.ownerId ?? operatorIds[n % operatorIds.length]!;
      for (let k = 2 + rr.int(4); k > 0; k--) {
        const startedAt = new Date(dayStart.getTime() - (1 + rr.int(size.days)) * 86400_000 + rr.int(10 * 3600) * 1000);
        const direction = rr.next() < 0.6 ? 'inbound' : 'outbound';
        const outcome = rr.next() < 0.85 ? 'answered' : direction === 'inbound' ? 'missed' : 'no_answer';
        const answered = outcome === 'answered';
        const ring = 3 + rr.int(12);
        const talk = answered ? 40 + rr.int(400) : 0;
        const endedAt = new Date(startedAt.getTime() + (ring + talk) * 1000);
        calls.push({
          pbx: 'demo',
          pbxCallId: `seed-r${n}-${k}`,
          direction,
          externalNumber: numbers[i]!,
          externalE164: numbers[i]!,
          clientId: ids[i]!,
          clientStage: stageAt(ids[i]!, startedAt),
          operatorId: answered || direction === 'outbound' ? (rr.next() < 0.7 ? owner : rr.pick(operatorIds)) : null,
          queue: direction === 'inbound' ? 'hotline' : null,
          startedAt,
          answeredAt: answered ? new Date(startedAt.getTime() + ring * 1000) : null,
          endedAt,
          ringSeconds: ring,
          waitSeconds: direction === 'inbound' ? ring : null,
          talkSeconds: answered ? talk : null,
          outcome,
          disposition: answered ? rr.pick(['sale', 'callback_promised', 'info_given', 'callback_promised'] as const) : null,
          note: answered ? rr.pick(CALL_NOTES) : null,
          recordingUrl: null,
          campaignId: null,
          createdAt: endedAt,
          updatedAt: endedAt,
        });
      }
    }
    await insertChunks(em, CallEntity, calls);
    // Each answered call's operator leg, as the call log writes them: history per operator reads these.
    const legs = calls
      .filter((c) => c.outcome === 'answered' && c.operatorId !== null)
      .map((c) => ({ pbx: c.pbx, pbxCallId: c.pbxCallId, legNo: 1, extension: staffExtension.get(c.operatorId!) ?? '', operatorId: c.operatorId, ringStartedAt: new Date(c.answeredAt!.getTime() - (c.ringSeconds ?? 0) * 1000), answeredAt: c.answeredAt, endedAt: c.endedAt, ringSeconds: c.ringSeconds, talkSeconds: c.talkSeconds, outcome: 'answered' as const }));
    await insertChunks(em, CallLegEntity, legs);

    const notes = [...regulars].flatMap((i) =>
      Array.from({ length: 1 + rr.int(3) }, () => ({ clientId: ids[i]!, authorId: clients[i]!.ownerId ?? rr.pick(operatorIds), body: rr.pick(CLIENT_NOTES), createdAt: new Date(now.getTime() - (1 + rr.int(60)) * 86400_000) })),
    );
    await insertChunks(em, ClientNoteEntity, notes);
    // Open promises: some due later, some just due (the 10-minute rule acts on them while the demo runs),
    // some late already (moved at start) and some promised days ago (the supervisor's).
    const callbacks: Omit<CallbackRow, 'id'>[] = [...regulars]
      .filter(() => rr.next() < 0.5)
      .map((i) => {
        const roll = rr.next();
        const minutes = roll < 0.3 ? -(30 + rr.int(24 * 60)) : roll < 0.55 ? 1 + rr.int(9) : roll < 0.8 ? 20 + rr.int(180) : 4 * 1440 + rr.int(2 * 1440);
        const assigneeId = clients[i]!.ownerId ?? rr.pick(operatorIds);
        const created = new Date(now.getTime() - Math.max(minutes, 0) * 60_000 - 86400_000);
        return {
          clientId: ids[i]!,
          assigneeId,
          dueAt: new Date(now.getTime() - minutes * 60_000),
          promisedAt: new Date(now.getTime() - minutes * 60_000),
          originCallId: null,
          status: 'pending' as const,
          priority: rr.int(3),
          note: rr.pick(CALLBACK_NOTES),
          reassignCount: 0,
          version: 1,
          createdById: assigneeId,
          createdAt: created,
          updatedAt: created,
          completedAt: null,
        };
      });
    await insertChunks(em, CallbackEntity, callbacks);
    // The lead router switched on, as a manager would set it up.
    await em.insert(RoutingRuleEntity, [
      {
        name: 'Важные клиенты: опоздание 10 минут → свободный коллега',
        enabled: true,
        position: 0,
        scope: JSON.stringify({ tiers: ['silver', 'gold', 'platinum'] }),
        graceMinutes: 10,
        action: JSON.stringify({ type: 'least_loaded' }),
        workingHours: null,
        maxReassignments: 2,
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
      {
        name: 'Обещано больше 3 дней назад → супервизору',
        enabled: true,
        position: 1,
        scope: JSON.stringify({}),
        graceMinutes: 3 * 1440,
        action: JSON.stringify({ type: 'supervisor' }),
        workingHours: null,
        maxReassignments: 3,
        version: 1,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    // The demo manager's result codes say that "not interested" loses the client, as many floors set
    // it: the wrap-up moves the client to `lost`, and the contacts-before-an-outcome report has both halves.
    await em.update(DispositionEntity, { code: 'not_interested' }, { marksLost: true, updatedAt: now });
  });
  logger.info({ ms: Date.now() - started, clients: size.clients, regulars: REGULARS }, 'demo data seeded; the README lists the demo accounts');
}
