import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import type { Task } from '../api/tasks.api';
import { useCalendar } from '../hooks/use-tasks';
import { TaskItem } from './TaskItem';

export type TaskCalendarProps = { assigneeId: number | undefined };
type Mode = 'month' | 'week';

const DAY = 86400_000;
/** YYYY-MM-DD arithmetic on calendar dates (UTC, so no time zone shifts a day). */
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const mondayOf = (day: string) => addDays(day, -weekday(day));
const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Chips a month cell shows before "+N more". */
const CELL_CHIPS = 3;

/** The range a view shows: a month as whole weeks (Monday to Sunday), or one week. */
function rangeOf(mode: Mode, anchor: string): { from: string; to: string } {
  if (mode === 'week') return { from: mondayOf(anchor), to: addDays(mondayOf(anchor), 6) };
  const first = `${anchor.slice(0, 7)}-01`;
  const next = new Date(Date.parse(`${first}T00:00:00Z`));
  next.setUTCMonth(next.getUTCMonth() + 1);
  const last = addDays(next.toISOString().slice(0, 10), -1);
  return { from: mondayOf(first), to: addDays(mondayOf(last), 6) };
}

/**
 * The assignee's tasks on a month grid or a week's list, placed on their days in the floor's time zone.
 * A day opens its list under the grid; a task opens in a dialog with its buttons.
 */
export function TaskCalendar({ assigneeId }: TaskCalendarProps) {
  const { t } = useTranslation('tasks');
  const errorText = useErrorText();
  const format = useFormat();
  const [mode, setMode] = useState<Mode>('month');
  const [anchor, setAnchor] = useState(localToday);
  const [picked, setPicked] = useState<string | null>(null);
  const [openTask, setOpenTask] = useState<number | null>(null);
  const { from, to } = rangeOf(mode, anchor);
  const cal = useCalendar(from, to, assigneeId);
  const timeZone = cal.data?.timeZone;
  const today = localToday();

  const byDay = useMemo(() => {
    const map = new Map<string, Task[]>();
    if (!cal.data) return map;
    const key = new Intl.DateTimeFormat('en-CA', { timeZone: cal.data.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const task of cal.data.items) {
      const day = key.format(new Date(task.dueAt));
      map.set(day, [...(map.get(day) ?? []), task]);
    }
    return map;
  }, [cal.data]);

  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const weekdayNames = days.slice(0, 7).map((d) => new Intl.DateTimeFormat(format.locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`)));
  const title =
    mode === 'month'
      ? capitalize(new Intl.DateTimeFormat(format.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).formatToParts(new Date(`${anchor.slice(0, 7)}-15T00:00:00Z`)).filter((p) => p.type === 'month' || p.type === 'year').map((p) => p.value).join(' '))
      : `${format.calendarDate(from)} – ${format.calendarDate(to)}`;
  const step = (dir: 1 | -1) => {
    setPicked(null);
    if (mode === 'week') return setAnchor(addDays(anchor, 7 * dir));
    const d = new Date(`${anchor.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + dir);
    setAnchor(d.toISOString().slice(0, 10));
  };
  const task = openTask !== null ? cal.data?.items.find((x) => x.id === openTask) : undefined;
  const timeOf = (iso: string) => new Intl.DateTimeFormat(format.locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  const longDay = (day: string) => new Intl.DateTimeFormat(format.locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

  return (
    <section className="panel tk-calendar" aria-label={t('calendar.label')} data-testid="calendar" data-mode={mode}>
      <div className="tk-cal-toolbar">
        <div className="tk-cal-nav">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => step(-1)} aria-label={t('calendar.prev')}>
            ‹
          </button>
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => {
              setAnchor(localToday());
              setPicked(null);
            }}
          >
            {t('calendar.today')}
          </button>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => step(1)} aria-label={t('calendar.next')}>
            ›
          </button>
          <h2 className="panel-title tk-cal-title">{title}</h2>
        </div>
        <div className="segmented tk-mode" role="group" aria-label={t('page.views')}>
          {(['month', 'week'] as const).map((m) => (
            <button key={m} type="button" className="segment" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {t(`calendar.${m}`)}
            </button>
          ))}
        </div>
      </div>
      {cal.isError && <Alert>{errorText(cal.error)}</Alert>}
      {mode === 'month' ? (
        <>
          <div className={`tk-month${cal.isPlaceholderData ? ' is-stale' : ''}`} role="grid" aria-busy={cal.isFetching}>
            {weekdayNames.map((w) => (
              <div key={w} className="tk-weekday" role="columnheader">
                {w}
              </div>
            ))}
            {days.map((day) => {
              const tasks = byDay.get(day) ?? [];
              const out = day.slice(0, 7) !== anchor.slice(0, 7);
              const overdue = tasks.some((x) => x.overdue);
              return (
                <div
                  key={day}
                  role="gridcell"
                  tabIndex={0}
                  aria-label={longDay(day)}
                  aria-selected={picked === day}
                  className={`tk-cell${out ? ' is-out' : ''}${day === today ? ' is-today' : ''}${picked === day ? ' is-picked' : ''}`}
                  data-day={day}
                  onClick={() => setPicked(day)}
                  onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && setPicked(day)}
                >
                  <span className="tk-cell-day">{Number(day.slice(8))}</span>
                  {tasks.length > 0 && <span className={`tk-cell-count${overdue ? ' is-overdue' : ''}`}>{tasks.length}</span>}
                  <div className="tk-chips">
                    {tasks.slice(0, CELL_CHIPS).map((x) => (
                      <button
                        key={x.id}
                        type="button"
                        className={`tk-chip tk-kind-${x.kind}${x.overdue ? ' is-overdue' : ''}${x.state === 'done' ? ' is-done' : ''}`}
                        data-testid="calendar-task"
                        data-task-id={x.id}
                        onClick={(e) => {
                          e.stopPropagation();
                          setOpenTask(x.id);
                        }}
                      >
                        <span className="tk-chip-time">{timeOf(x.dueAt)}</span> {x.title}
                      </button>
                    ))}
                    {tasks.length > CELL_CHIPS && <span className="tk-more">{t('calendar.more', { count: tasks.length - CELL_CHIPS })}</span>}
                  </div>
                </div>
              );
            })}
          </div>
          {picked && (
            <div className="tk-picked" data-testid="calendar-day">
              <h3 className="tk-day-title">{longDay(picked)}</h3>
              {(byDay.get(picked) ?? []).length === 0 ? (
                <p className="muted">{t('calendar.empty')}</p>
              ) : (
                <ul className="plain-list tk-list">
                  {(byDay.get(picked) ?? []).map((x) => (
                    <TaskItem key={x.id} task={x} when="time" />
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      ) : (
        <div className={`tk-week${cal.isPlaceholderData ? ' is-stale' : ''}`}>
          {days.map((day) => {
            const tasks = byDay.get(day) ?? [];
            return (
              <div key={day} className={`tk-week-day${day === today ? ' is-today' : ''}`} data-day={day}>
                <h3 className="tk-day-title">{longDay(day)}</h3>
                {tasks.length === 0 ? (
                  <p className="muted tk-week-empty">{t('calendar.empty')}</p>
                ) : (
                  <ul className="plain-list tk-list">
                    {tasks.map((x) => (
                      <TaskItem key={x.id} task={x} when="time" />
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </div>
      )}
      {task && (
        <Modal title={task.title} onClose={() => setOpenTask(null)}>
          <ul className="plain-list tk-list">
            <TaskItem task={task} />
          </ul>
        </Modal>
      )}
    </section>
  );
}
