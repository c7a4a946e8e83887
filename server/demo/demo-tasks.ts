import type { DataSource } from 'typeorm';
import { UserEntity } from '../db/entities';
import type { TaskKind } from '../db/entities/task.entity';
import type { Logger } from '../logging/logger';
import type { Actor } from '../modules/auth/actor';
import { dayOf } from '../modules/kpis/local-days';
import { startOfLocalDate } from '../modules/reports/report-period';
import type { Services } from '../services';

type Plan = { kind: TaskKind; title: string; note?: string; day: number; hour: number; minute?: number; duration?: number; remind?: number | null; done?: boolean; moved?: boolean };

/**
 * An operator's week as the demo shows it (days from today, local hours on the floor): a couple of
 * overdue calls, today's calls and a meeting, the week's letters and meetings, one done, one moved.
 */
const WEEK: Plan[] = [
  { kind: 'call', title: 'Перезвонить по коммерческому предложению', note: 'Просил набрать после обеда, ждёт цены на опт.', day: -2, hour: 15, remind: 15 },
  { kind: 'letter', title: 'Отправить договор на подпись', day: -1, hour: 11, remind: null },
  { kind: 'call', title: 'Уточнить дату поставки', day: 0, hour: 9, minute: 30, remind: 15, done: true },
  { kind: 'call', title: 'Согласовать скидку для постоянного клиента', note: 'Не больше 7 %, иначе через руководителя.', day: 0, hour: 12, remind: 15 },
  { kind: 'meeting', title: 'Встреча в офисе клиента: презентация новой линейки', day: 0, hour: 16, duration: 60, remind: 60 },
  { kind: 'call', title: 'Напомнить об оплате счёта', day: 0, hour: 18, minute: 30, remind: 5, moved: true },
  { kind: 'call', title: 'Спросить отзыв о последней покупке', day: 1, hour: 10, remind: 15 },
  { kind: 'letter', title: 'Выслать каталог и прайс-лист', day: 1, hour: 14, remind: null },
  { kind: 'meeting', title: 'Онлайн-встреча с закупщиком', note: 'Ссылку на звонок прислать утром.', day: 2, hour: 11, duration: 45, remind: 30 },
  { kind: 'call', title: 'Пригласить на выставку', day: 3, hour: 13, remind: 15 },
  { kind: 'other', title: 'Подготовить сравнение тарифов', day: 4, hour: 10, remind: null },
  { kind: 'meeting', title: 'Подписание договора', day: 5, hour: 15, duration: 90, remind: 60 },
];

/**
 * Tasks and birthdays in the demo, relative to the seed's "now" in the floor's time zone: every operator
 * (and the supervisor) gets a believable week on their own clients through the tasks service (audited
 * like theirs), and a few of each operator's clients and contact people have a birthday today or this week.
 */
export async function seedDemoTasks(ds: DataSource, services: Services, logger: Logger): Promise<void> {
  const tz = services.tasks.timeZone;
  const now = new Date();
  const today = dayOf(now, tz);
  const at = (day: number, hour: number, minute = 0) => {
    const d = new Date(Date.parse(`${today}T00:00:00Z`) + day * 86400_000).toISOString().slice(0, 10);
    return new Date(startOfLocalDate(d, tz).getTime() + (hour * 60 + minute) * 60_000);
  };
  const people = await ds.getRepository(UserEntity).find({ where: [{ role: 'operator', active: true }, { role: 'supervisor', active: true }], order: { id: 'ASC' } });
  let tasks = 0;
  let birthdays = 0;
  for (const [n, user] of people.entries()) {
    const actor: Actor = { userId: user.id, role: user.role, ip: null };
    const own = (await ds.query('SELECT id FROM clients WHERE owner_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 40', [user.id])) as { id: number }[];
    const clients = own.length > 0 ? own : ((await ds.query('SELECT id FROM clients WHERE deleted_at IS NULL ORDER BY id LIMIT 40 OFFSET ?', [n * 40])) as { id: number }[]);
    if (clients.length === 0) continue;
    // Each person's week differs a little: some plans are left out, the order of clients shifts.
    const plans = WEEK.filter((_, i) => (i + n) % 5 !== 4 || i < 3);
    for (const [i, p] of plans.entries()) {
      const clientId = Number(clients[(i * 3 + n) % clients.length]!.id);
      const dueAt = at(p.day, p.hour, p.minute);
      const task = await services.tasks.create(actor, { clientId, kind: p.kind, title: p.title, note: p.note, dueAt: p.moved ? at(p.day, p.hour - 3, p.minute) : dueAt, durationMinutes: p.duration ?? null, remindBeforeMinutes: p.remind ?? null });
      if (p.moved) await services.tasks.update(actor, task.id, { dueAt });
      if (p.done) await services.tasks.update(actor, task.id, { state: 'done' });
      tasks++;
    }
    // Birthdays: one client today, two later this week, one contact person of their organizations this week.
    const md = (day: number) => new Date(Date.parse(`${today}T00:00:00Z`) + day * 86400_000).toISOString().slice(5, 10);
    const persons = (await ds.query("SELECT id FROM clients WHERE owner_id = ? AND kind = 'person' AND organization_id IS NULL AND deleted_at IS NULL ORDER BY id DESC LIMIT 3", [user.id])) as { id: number }[];
    for (const [i, c] of persons.entries()) {
      const day = [0, 2, 5][i]!;
      await ds.query('UPDATE clients SET birthday = ? WHERE id = ?', [`${1968 + ((n * 7 + i * 11) % 32)}-${md(day)}`, c.id]);
      birthdays++;
    }
    const [contact] = (await ds.query('SELECT p.id FROM clients p JOIN clients o ON o.id = p.organization_id WHERE (p.owner_id = ? OR (p.owner_id IS NULL AND o.owner_id = ?)) AND p.deleted_at IS NULL ORDER BY p.id LIMIT 1', [user.id, user.id])) as { id: number }[];
    if (contact) {
      await ds.query('UPDATE clients SET birthday = ? WHERE id = ?', [`${1975 + (n % 20)}-${md(3)}`, contact.id]);
      birthdays++;
    }
  }
  logger.info({ tasks, birthdays }, 'demo tasks and birthdays seeded');
}
