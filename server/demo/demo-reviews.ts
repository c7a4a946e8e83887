import type { DataSource } from 'typeorm';
import { UserEntity } from '../db/entities';
import type { Logger } from '../logging/logger';
import type { Actor } from '../modules/auth/actor';
import type { Services } from '../services';

/** The default checklist a sales floor starts from, with each item's points (its weight). */
const CHECKLIST = [
  { ru: 'Приветствие по скрипту', uk: 'Привітання за скриптом', en: 'Scripted greeting', maxPoints: 10 },
  { ru: 'Выявление потребности', uk: 'Виявлення потреби', en: 'Finding the need', maxPoints: 25 },
  { ru: 'Презентация', uk: 'Презентація', en: 'Presentation', maxPoints: 25 },
  { ru: 'Работа с возражениями', uk: 'Робота із запереченнями', en: 'Handling objections', maxPoints: 25 },
  { ru: 'Завершение и договорённость', uk: 'Завершення й домовленість', en: 'Closing and next step', maxPoints: 15 },
];

/** Each review's share of every item's points (in the checklist's order) and what the supervisor wrote. */
const REVIEWS: { shares: number[]; comment: string; itemComment?: [number, string] }[] = [
  { shares: [1, 0.8, 0.8, 0.6, 1], comment: 'Хороший звонок, клиент ушёл с договорённостью.', itemComment: [3, 'На «дорого» ответил скидкой сразу — сначала ценность.'] },
  { shares: [1, 0.6, 0.8, 0.4, 0.6], comment: 'Не уточнил бюджет, поэтому презентация вышла общей.', itemComment: [1, 'Спросить про сроки и кто принимает решение.'] },
  { shares: [0.5, 0.4, 0.6, 0.4, 0.4], comment: 'Пропущено приветствие по скрипту, разговор без итога. Разобрать на планёрке.' },
  { shares: [1, 1, 0.8, 0.8, 1], comment: 'Отличная работа: чёткие вопросы, договорились о встрече.' },
  { shares: [1, 0.8, 0.6, 0.6, 0.8], comment: 'Неплохо. Больше конкретики в презентации — цифры, примеры.', itemComment: [2, 'Назвать 2–3 выгоды под задачу клиента.'] },
  { shares: [1, 0.6, 0.6, 0.2, 0.4], comment: 'Сдался после первого возражения. Потренировать ответы на «подумаю».', itemComment: [3, 'После «я подумаю» — уточнить, что именно смущает.'] },
  { shares: [1, 1, 1, 0.8, 1], comment: 'Образцовый звонок — можно использовать для обучения новичков.' },
  { shares: [0.5, 0.8, 0.8, 0.6, 0.6], comment: 'Начало скомкано, дальше хорошо. Не забыть назвать себя и компанию.' },
  { shares: [1, 0.8, 0.6, 0.8, 0.6], comment: 'Хорошо отработал возражение по цене, но не зафиксировал следующий шаг.', itemComment: [4, 'Назначить дату следующего звонка.'] },
  { shares: [1, 0.4, 0.6, 0.6, 0.8], comment: 'Мало вопросов — клиент говорил сам. Использовать открытые вопросы.' },
];

/**
 * Call reviews in the demo: the manager's default checklist and about a dozen of the supervisor's reviews
 * of the operators' longer answered calls, made through the services (audited like a supervisor's), so
 * the call history, the operators' "My reviews" and the reviews report have something to show.
 */
export async function seedDemoReviews(ds: DataSource, services: Services, logger: Logger): Promise<void> {
  const actorOf = async (login: string): Promise<Actor> => {
    const u = await ds.getRepository(UserEntity).findOneByOrFail({ login });
    return { userId: u.id, role: u.role, ip: null };
  };
  const manager = await actorOf('manager');
  const supervisor = await actorOf('supervisor');
  const items = [];
  for (const c of CHECKLIST) items.push(await services.reviewChecklist.create(manager, { names: { ru: c.ru, uk: c.uk, en: c.en }, maxPoints: c.maxPoints, active: true }));

  // Two recent answered calls of each operator, the longer talks (where there is something to coach).
  const calls: { id: number; operator_id: number }[] = await ds.query(
    `SELECT c.id, c.operator_id FROM calls c JOIN users u ON u.id = c.operator_id
     WHERE u.role = 'operator' AND c.outcome = 'answered' AND c.talk_seconds >= 90 AND c.ended_at IS NOT NULL
     ORDER BY c.started_at DESC LIMIT 400`,
  );
  const picked: number[] = [];
  const perOperator = new Map<number, number>();
  for (const c of calls) {
    const n = perOperator.get(Number(c.operator_id)) ?? 0;
    if (n >= 2 || picked.length >= 12) continue;
    perOperator.set(Number(c.operator_id), n + 1);
    picked.push(Number(c.id));
  }
  for (const [i, callId] of picked.entries()) {
    const r = REVIEWS[i % REVIEWS.length]!;
    await services.reviews.upsert(supervisor, callId, {
      scores: items.map((item, k) => ({ itemId: item.id, points: Math.round(item.maxPoints * r.shares[k]!), comment: r.itemComment?.[0] === k ? r.itemComment[1] : null })),
      comment: r.comment,
    });
  }
  logger.info({ items: items.length, reviews: picked.length }, 'demo review checklist and call reviews seeded');
}
