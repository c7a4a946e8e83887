import type { DataSource } from 'typeorm';
import { ClientEntity, ClientEmailEntity, ClientPhoneEntity, UserEntity } from '../db/entities';
import type { Logger } from '../logging/logger';
import type { Actor } from '../modules/auth/actor';
import type { Services } from '../services';

/** Numbers the demo's clients asked not to be called again, with their words. */
const DNC_REASONS = ['Просил больше не звонить', 'Жалоба: звонки в нерабочее время', 'Номер сменил владельца', 'Попросила удалить из базы', 'Не звонить до конца года'];

/**
 * What the demo shows beyond the calls, made through the services as a manager would (so each is audited
 * and consistent): a few numbers on the do-not-call list, a running campaign over the VIP clients with a
 * call script, and two clients typed in twice (the duplicates page's believable pairs).
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

  // The same person typed in twice: the number spelled another way, then the e-mail shared.
  const twins = await ds.getRepository(ClientEntity).find({ where: { kind: 'person' }, order: { id: 'ASC' }, take: 2, skip: 40 });
  for (const c of twins) {
    const email = `client${c.id}@mail.ru`;
    await ds.getRepository(ClientEmailEntity).insert({ clientId: c.id, email, position: 0 });
    await services.clients.create(actor, { kind: 'person', name: c.name, phones: [], emails: [email], tags: [], stage: 'lead', source: 'website' });
  }
  logger.info({ campaign: campaign.id, doNotCall: phones.length, duplicates: twins.length }, 'demo campaign, do-not-call list and duplicates seeded');
}
