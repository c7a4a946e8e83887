import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { ReportState } from '../../reports/components/ReportState';
import type { Agenda, Task } from '../api/tasks.api';
import { useAgenda } from '../hooks/use-tasks';
import { TaskItem } from './TaskItem';

export type AgendaSectionsProps = { assigneeId: number | undefined };

/** Overdue, today and this week (the floor's days, counted by the server), each a list of tasks. */
export function AgendaSections({ assigneeId }: AgendaSectionsProps) {
  const agenda = useAgenda(assigneeId);
  return <ReportState query={agenda}>{(a) => <AgendaLists agenda={a} />}</ReportState>;
}

function AgendaLists({ agenda: a }: { agenda: Agenda }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  // The week's tasks under their days ("Thursday, 17 Dec").
  const byDay = new Map<string, Task[]>();
  const dayFmt = new Intl.DateTimeFormat(format.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: a.timeZone });
  for (const task of a.week) {
    const day = dayFmt.format(new Date(task.dueAt));
    byDay.set(day, [...(byDay.get(day) ?? []), task]);
  }
  return (
    <div className="stack tk-agenda" data-testid="agenda">
      {a.overdueTotal > 0 && (
        <Section id="overdue" title={t('agenda.overdue')} count={a.overdueTotal} tone="red">
          <ul className="plain-list tk-list">
            {a.overdue.map((task) => (
              <TaskItem key={task.id} task={task} />
            ))}
          </ul>
          {a.overdueTotal > a.overdue.length && <p className="muted">{t('agenda.moreOverdue', { count: a.overdueTotal - a.overdue.length })}</p>}
        </Section>
      )}
      <Section id="today" title={`${t('agenda.today')}, ${format.calendarDate(a.today)}`} count={a.todayItems.filter((x) => x.state === 'open').length}>
        {a.todayItems.length === 0 ? (
          <p className="muted">{t('agenda.noneToday')}</p>
        ) : (
          <ul className="plain-list tk-list">
            {a.todayItems.map((task) => (
              <TaskItem key={task.id} task={task} when="time" />
            ))}
          </ul>
        )}
      </Section>
      <Section id="week" title={t('agenda.week')} count={a.week.length}>
        {a.week.length === 0 ? (
          <p className="muted">{t('agenda.noneWeek')}</p>
        ) : (
          [...byDay].map(([day, tasks]) => (
            <div key={day} className="tk-day">
              <h3 className="tk-day-title">{day}</h3>
              <ul className="plain-list tk-list">
                {tasks.map((task) => (
                  <TaskItem key={task.id} task={task} when="time" />
                ))}
              </ul>
            </div>
          ))
        )}
      </Section>
    </div>
  );
}

type SectionProps = { id: string; title: string; count: number; tone?: 'red'; children: ReactNode };

function Section({ id, title, count, tone, children }: SectionProps) {
  return (
    <section className={`panel tk-section${tone ? ` tk-section-${tone}` : ''}`} aria-labelledby={`tk-${id}-title`} data-testid={`agenda-${id}`}>
      <div className="panel-header">
        <h2 className="panel-title" id={`tk-${id}-title`}>
          {title}
        </h2>
        {count > 0 && <span className={`tk-count${tone ? ` tk-count-${tone}` : ''}`}>{count}</span>}
      </div>
      {children}
    </section>
  );
}
