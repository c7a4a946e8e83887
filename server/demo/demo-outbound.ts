import type { DataSource } from 'typeorm';
import { CampaignEntryEntity, ClientEntity, ClientEmailEntity, ClientPhoneEntity, UserEntity } from '../db/entities';
import type { Logger } from '../logging/logger';
import type { Actor } from '../modules/auth/actor';
import type { Services } from '../services';

/** Numbers the demo's clients asked not to be called again, with their words. */
const DNC_REASONS = ['Просил больше не звонить', 'Жалоба: звонки в нерабочее время', 'Номер сменил владельца', 'Попросила удалить из базы', 'Не звонить до конца года'];

/**
 * What the demo shows beyond the calls, made through the services as a manager would (so each is audited
 * and consistent): a few numbers on the do-not-call list, a running campaign over the VIP clients with a
 * call script that four operators have worked for two days, and two clients typed in twice (the duplicates page's believable pairs).
 */
export async function seedDemoOutbound(ds: DataSource, services: Services, logger: Logger): Promise<void> {
  const manager = await ds.getRepository(UserEntity).findOneByOrFail({ login: 'manager' });
  const actor = { userId: manager.id, role: manager.role, login: manager.login, name: manager.name } as unknown as Actor;

  const phones = await ds.getRepository(ClientPhoneEntity).find({ where: {}, order: { id: 'DESC' }, take: DNC_REASONS.length });
  for (const [i, p] of phones.entries()) await services.dnc.add(actor, { phone: p.e164 ?? p.raw, reason: DNC_REASONS[i]!, clientId: p.clientId });

  const campaign = await services.campaigns.create(actor, {
    name: 'Продление подписки: VIP',
    filter: { tag: 'vip' },
    operatorIds: [],
    // Around the clock, so the demo's operators find a client at whatever hour it is tried (real ones keep 09–21).
    callingHours: { from: '00:00', to: '24:00' },
    days: [1, 2, 3, 4, 5, 6, 7],
    maxAttempts: 4,
    retry: { busy: 15, no_answer: 120, default: 240 },
    finalCodes: ['sale', 'not_interested', 'wrong_number'],
    script: 'Здравствуйте, {{name}}! Меня зовут … из Hotline. Ваша годовая подписка заканчивается в этом месяце — '
      + 'для VIP-клиентов мы сохраняем цену прошлого года и добавляем месяц в подарок. Удобно обсудить продление?',
    priority: 'class',
    mode: 'preview',
    teamId: undefined,
    startsOn: null,
    endsOn: null,
  });
  await services.campaigns.setStatus(actor, campaign.id, 'running');
  const worked = await workDemoCampaign(ds, services, campaign.id);

  // The same person typed in twice: the number spelled another way, then the e-mail shared.
  const twins = await ds.getRepository(ClientEntity).find({ where: { kind: 'person' }, order: { id: 'ASC' }, take: 2, skip: 40 });
  for (const c of twins) {
    const email = `client${c.id}@mail.ru`;
    await ds.getRepository(ClientEmailEntity).insert({ clientId: c.id, email, position: 0 });
    await services.clients.create(actor, { kind: 'person', name: c.name, phones: [], emails: [email], tags: [], stage: 'lead', source: 'website' });
  }
  logger.info({ campaign: campaign.id, attempts: worked, doNotCall: phones.length, duplicates: twins.length }, 'demo campaign, do-not-call list and duplicates seeded');
}

/** What came of the demo operators' attempts, in turn: mostly nobody home, some talks, a few sales. */
const DEMO_RESULTS = ['no_answer', 'info_given', 'busy', 'sale', 'no_answer', 'not_interested', 'info_given', 'no_answer', 'sale', 'wrong_number', 'busy', 'info_given'];

/**
 * Four operators work about a third of the campaign's clients over the last two days, through "Next" and
 * a result as they would (back-dated), so its progress, per-operator table and results have something to
 * show. Returns the attempts made.
 */
async function workDemoCampaign(ds: DataSource, services: Services, campaignId: number): Promise<number> {
  const operators = await ds.getRepository(UserEntity).find({ where: { role: 'operator' }, order: { id: 'ASC' }, take: 4 });
  const total = (await services.campaigns.get(campaignId)).progress.total;
  const attempts = Math.floor(total / 3);
  const start = Date.now() - 2 * 86400_000;
  // The campaign was made two days ago, as far as its clients' first attempts go.
  await ds.getRepository(CampaignEntryEntity).update({ campaignId }, { nextAt: new Date(start - 3600_000) });
  for (let i = 0; i < attempts; i++) {
    const op = operators[i % operators.length]!;
    const who = { userId: op.id, role: op.role, login: op.login, name: op.name } as unknown as Actor;
    const at = new Date(start + Math.round((i / attempts) * 40 * 3600_000));
    const entry = await services.campaigns.next(who, campaignId, at);
    if (!entry) break;
    await services.campaigns.result(who, campaignId, entry.entryId, { disposition: DEMO_RESULTS[(i + Math.floor(i / operators.length)) % DEMO_RESULTS.length]! }, at);
  }
  return attempts;
}
