import type { DataSource } from 'typeorm';
import { UserEntity } from '../db/entities';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';

/** Segments a manager of the demo floor would keep: the client list's filters (its query parameters) by name. */
const SEGMENTS: { name: string; filter: Record<string, string> }[] = [
  { name: 'Ключевые клиенты A', filter: { class: 'A' } },
  { name: 'Лиды с сайта', filter: { source: 'website', stage: 'lead' } },
  { name: 'Золотые и платиновые', filter: { tier: 'gold,platinum' } },
  { name: 'Подписчики рассылки', filter: { tag: 'newsletter' } },
];

/** The demo's saved segments, made by the demo manager through the service (audited like theirs). */
export async function seedDemoSegments(ds: DataSource, services: Services, logger: Logger): Promise<void> {
  const manager = await ds.getRepository(UserEntity).findOneByOrFail({ login: 'manager' });
  const actor = { userId: manager.id, role: manager.role, ip: null };
  for (const s of SEGMENTS) await services.segments.create(actor, s);
  logger.info({ segments: SEGMENTS.length }, 'demo saved segments seeded');
}
