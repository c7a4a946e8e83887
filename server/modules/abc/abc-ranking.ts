import type { DataSource, EntityManager } from 'typeorm';
import { SettingEntity } from '../../db/entities';

/**
 * The manager's A/B/C settings: `shares` are the percent of the period's turnover each class makes
 * (A, B, C; whole numbers 1–98 summing to 100), `periodDays` the last days whose deals count.
 */
export type AbcSettings = { shares: [number, number, number]; periodDays: number };

export const ABC_SETTINGS_KEY = 'abc';
export const ABC_DEFAULTS: AbcSettings = { shares: [50, 35, 15], periodDays: 365 };
/** When the classes were last recomputed (any trigger), for the nightly job and the report. */
export const ABC_LAST_RUN_KEY = 'abc_recomputed_at';

export async function readAbcSettings(em: DataSource | EntityManager): Promise<AbcSettings> {
  const row = await em.getRepository(SettingEntity).findOneBy({ key: ABC_SETTINGS_KEY });
  if (!row) return { ...ABC_DEFAULTS, shares: [...ABC_DEFAULTS.shares] };
  const v = JSON.parse(row.value) as Partial<AbcSettings>;
  return { shares: v.shares ?? ABC_DEFAULTS.shares, periodDays: v.periodDays ?? ABC_DEFAULTS.periodDays };
}

/** A period of whole local days, both ends included, as `YYYY-MM-DD`. */
export type DayRange = { from: string; to: string };

/** The calendar date of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last `periodDays` days ending today (today included), in the floor's time zone. */
export function lastDays(periodDays: number, timeZone: string, now = new Date()): DayRange {
  const to = localDate(now, timeZone);
  return { from: addDays(to, -(periodDays - 1)), to };
}

/**
 * The ranking as SQL (derived tables and window functions only: MariaDB ≥ 10.2, SQLite ≥ 3.25), one row
 * per client with turnover in the period: `client_id`, `turnover`, `cls`.
 *
 * The ranked unit is a client, or for a contact person their organization (`RANKING_UNIT`): a person's
 * deals count for the organization, and the person takes its class (routing rules by class then treat an
 * A organization's people as A).
 * Turnover = the sum of the unit's counted (`confirmed`) deals whose `closed_at` falls in the period;
 * deleted clients and clients whose sum is not above 0 are left out (they have no class). Clients are
 * ordered by turnover, highest first (ties by id), and placed by the cumulative share reached *before*
 * them: A while it is under share A, B while under A + B, else C. So a client whose own turnover
 * crosses a boundary belongs to the class it started in, and the top client is always A.
 * The comparison is `before × 100 < total × percent`: exact on DECIMAL sums, no rounding at the edges.
 * Parameters, in order: from, to, A percent, A + B percent.
 */
/** The client a client's deals are ranked as (its organization, for a contact person), over `clients c`. */
export const RANKING_UNIT = 'COALESCE(c.organization_id, c.id)';

export const RANKING_SQL = `
SELECT r.client_id AS client_id, r.turnover AS turnover,
  CASE WHEN COALESCE(r.before_sum, 0) * 100 < r.total * ? THEN 'A'
       WHEN COALESCE(r.before_sum, 0) * 100 < r.total * ? THEN 'B'
       ELSE 'C' END AS cls
FROM (
  SELECT t.client_id, t.turnover,
    SUM(t.turnover) OVER (ORDER BY t.turnover DESC, t.client_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_sum,
    SUM(t.turnover) OVER () AS total
  FROM (
    SELECT ${RANKING_UNIT} AS client_id, SUM(d.amount) AS turnover
    FROM deals d JOIN clients c ON c.id = d.client_id
    WHERE d.status = 'confirmed' AND d.closed_at >= ? AND d.closed_at <= ? AND c.deleted_at IS NULL
    GROUP BY ${RANKING_UNIT}
    HAVING SUM(d.amount) > 0
  ) t
) r`;

/** The ranking's parameters; RANKING_SQL takes the percents first (its CASE), then the period. */
export function rankingParams(range: DayRange, shares: readonly [number, number, number]): (string | number)[] {
  return [shares[0], shares[0] + shares[1], range.from, range.to];
}
