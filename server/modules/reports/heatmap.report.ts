import type { DataSource } from 'typeorm';
import type { ExportTable } from './report-export';
import type { ReportPeriod } from './report-period';
import { periodSlices } from './period-slices';
import { offsetSegments } from './zone-offsets';

/** One cell or total of the heatmap. */
export type HeatmapFigures = {
  /** Inbound calls that reached an outcome: answered, abandoned or missed (the KPIs' offered inbound). */
  offered: number;
  answered: number;
  /** Callers who hung up before anyone answered. */
  abandoned: number;
  /** Queue entry to answer over the answered ones (the KPIs' average speed of answer); null when none. */
  avgWaitSeconds: number | null;
};
/** weekday: ISO, 1 = Monday … 7 = Sunday; hour: 0..23, local to the floor's time zone. */
export type HeatmapCell = HeatmapFigures & { weekday: number; hour: number };
export type HeatmapWeekday = HeatmapFigures & { weekday: number; /** How many of this weekday the period holds. */ days: number };
export type HeatmapHour = HeatmapFigures & { hour: number };
export type HeatmapReport = {
  from: string;
  to: string;
  timeZone: string;
  range: { from: string; to: string };
  /** All 168 cells, Monday 00 first, weekday by weekday. */
  cells: HeatmapCell[];
  weekdays: HeatmapWeekday[];
  hours: HeatmapHour[];
  total: HeatmapFigures;
};
export type HeatmapFilter = { teamId?: number; operatorId?: number };

type Sums = { offered: number; answered: number; abandoned: number; wait: number };
const n = (v: unknown) => Number(v ?? 0);
const zero = (): Sums => ({ offered: 0, answered: 0, abandoned: 0, wait: 0 });
const add = (into: Sums, s: Sums) => {
  into.offered += s.offered;
  into.answered += s.answered;
  into.abandoned += s.abandoned;
  into.wait += s.wait;
};
const figures = (s: Sums): HeatmapFigures => ({ offered: s.offered, answered: s.answered, abandoned: s.abandoned, avgWaitSeconds: s.answered > 0 ? Math.round(s.wait / s.answered) : null });

/** ISO weekday (1 = Monday) of a local date YYYY-MM-DD. */
const isoWeekday = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * Calls by local weekday and hour: inbound calls started in the period, by what became of them (the
 * meanings of kpi-definitions.ts). The database groups by local hour since the epoch: each call's UTC
 * seconds plus the zone's offset at that instant, the offsets of the period given as a CASE over its DST
 * segments; at most 24 rows a day come back, folded here into the 7 × 24 grid. On MySQL/MariaDB a period of
 * over 10 days is read as up to four slices side by side (period-slices.ts), from ix_calls_contacts alone. A team or operator filter
 * keeps the calls that operator (an operator of that team, today) answered, so abandoned calls, which
 * nobody answered, count only for the whole floor.
 */
export async function heatmapReport(ds: DataSource, period: ReportPeriod, filter: HeatmapFilter, timeZone: string): Promise<HeatmapReport> {
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  const epoch = mysql ? "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', k.started_at)" : "CAST(strftime('%s', k.started_at) AS INTEGER)";
  const segments = offsetSegments(period.from, period.to, timeZone);
  const params: Record<string, unknown> = {};
  let offset = String(segments[segments.length - 1]!.offsetSeconds);
  if (segments.length > 1) {
    const whens = segments.slice(1).map((s, i) => {
      params[`seg${i}`] = s.from;
      return `WHEN k.started_at < :seg${i} THEN ${Math.trunc(segments[i]!.offsetSeconds)}`;
    });
    offset = `CASE ${whens.join(' ')} ELSE ${Math.trunc(segments[segments.length - 1]!.offsetSeconds)} END`;
  }
  // Seconds after 1970 are positive: integer division truncates as a floor would.
  const localHour = mysql ? `((${epoch} + ${offset}) DIV 3600)` : `((${epoch} + ${offset}) / 3600)`;

  // A long period is read as consecutive slices side by side (period-slices.ts); their rows add up.
  const slice = (from: Date, to: Date) => {
    const qb = ds
      .createQueryBuilder()
      .select(localHour, 'local_hour')
      .addSelect('COUNT(*)', 'offered')
      .addSelect("SUM(CASE WHEN k.outcome = 'answered' THEN 1 ELSE 0 END)", 'answered')
      .addSelect("SUM(CASE WHEN k.outcome = 'abandoned' THEN 1 ELSE 0 END)", 'abandoned')
      .addSelect("SUM(CASE WHEN k.outcome = 'answered' THEN COALESCE(k.wait_seconds, 0) ELSE 0 END)", 'wait')
      .from('calls', 'k')
      .where("k.direction = 'inbound'")
      .andWhere("k.outcome IN ('answered', 'abandoned', 'missed')")
      .andWhere('k.started_at >= :from AND k.started_at < :to', { from, to })
      .setParameters(params);
    if (filter.operatorId !== undefined) qb.andWhere('k.operator_id = :operatorId', { operatorId: filter.operatorId });
    if (filter.teamId !== undefined) qb.innerJoin('users', 'u', 'u.id = k.operator_id').andWhere('u.team_id = :teamId', { teamId: filter.teamId });
    return qb.groupBy('local_hour').getRawMany<Record<string, unknown>>();
  };
  const rows = (await Promise.all(periodSlices(ds, period.from, period.to).map((p) => slice(p.from, p.to)))).flat();

  const grid = Array.from({ length: 7 * 24 }, zero);
  for (const r of rows) {
    // Local hours since the epoch, read back as if UTC: the local date and hour.
    const wall = new Date(n(r.local_hour) * 3600_000);
    const weekday = (wall.getUTCDay() + 6) % 7;
    add(grid[weekday * 24 + wall.getUTCHours()]!, { offered: n(r.offered), answered: n(r.answered), abandoned: n(r.abandoned), wait: n(r.wait) });
  }

  const days = [0, 0, 0, 0, 0, 0, 0];
  for (let d = Date.parse(`${period.fromDay}T00:00:00Z`), end = Date.parse(`${period.toDay}T00:00:00Z`); d <= end; d += 86400_000) days[isoWeekday(new Date(d).toISOString().slice(0, 10)) - 1]! += 1;

  const weekdays = days.map(zero);
  const hours = Array.from({ length: 24 }, zero);
  const total = zero();
  grid.forEach((s, i) => {
    add(weekdays[Math.floor(i / 24)]!, s);
    add(hours[i % 24]!, s);
    add(total, s);
  });
  return {
    from: period.fromDay,
    to: period.toDay,
    timeZone,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    cells: grid.map((s, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, ...figures(s) })),
    weekdays: weekdays.map((s, i) => ({ weekday: i + 1, days: days[i]!, ...figures(s) })),
    hours: hours.map((s, hour) => ({ hour, ...figures(s) })),
    total: figures(total),
  };
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const FIGURE_KEYS = ['offered', 'answered', 'abandoned', 'avgWaitSeconds'] as const;

/**
 * The heatmap as files: the cells one per line (the CSV), then for the XLSX one weekday × hour sheet per
 * count with its totals, and the totals per weekday and per hour.
 */
export function heatmapTables(r: HeatmapReport): ExportTable[] {
  const pivot = (key: 'offered' | 'answered' | 'abandoned'): ExportTable => ({
    name: key,
    columns: ['weekday', ...Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')), 'total'],
    rows: [
      ...r.weekdays.map((w) => [WEEKDAY_NAMES[w.weekday - 1]!, ...r.cells.filter((c) => c.weekday === w.weekday).map((c) => c[key]), w[key]]),
      ['total', ...r.hours.map((h) => h[key]), r.total[key]],
    ],
  });
  return [
    { name: 'cells', columns: ['weekday', 'weekdayName', 'hour', ...FIGURE_KEYS], rows: r.cells.map((c) => [c.weekday, WEEKDAY_NAMES[c.weekday - 1]!, c.hour, ...FIGURE_KEYS.map((k) => c[k])]) },
    pivot('offered'),
    pivot('answered'),
    pivot('abandoned'),
    { name: 'weekdays', columns: ['weekday', 'weekdayName', 'days', ...FIGURE_KEYS], rows: [...r.weekdays.map((w) => [w.weekday, WEEKDAY_NAMES[w.weekday - 1]!, w.days, ...FIGURE_KEYS.map((k) => w[k])]), [null, 'total', null, ...FIGURE_KEYS.map((k) => r.total[k])]] },
    { name: 'hours', columns: ['hour', ...FIGURE_KEYS], rows: r.hours.map((h) => [h.hour, ...FIGURE_KEYS.map((k) => h[k])]) },
  ];
}
