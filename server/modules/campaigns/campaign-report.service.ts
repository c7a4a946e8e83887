import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { dbDate } from '../../db/db-date';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { writeRows, type Values } from '../exports/row-sink';
import type { SpreadsheetFormat } from '../exports/spreadsheet-file';

export type CampaignProgress = {
  total: number; done: number; reached: number; effective: number; sales: number; remaining: number; attempts: number; inProgress: number;
};
/** One operator's part in a campaign: attempts made, and what came of them. */
export type OperatorProgress = { operatorId: number; name: string; attempts: number; reached: number; effective: number; sales: number; done: number };
export type CampaignStats = { progress: CampaignProgress; operators: OperatorProgress[]; results: { disposition: string; count: number }[] };

const n = (v: unknown) => Number(v ?? 0);
const PAGE = 2000;
/** The results file's columns: one row per client of the campaign. */
const COLUMNS = ['client_id', 'client', 'phone', 'time_zone', 'state', 'attempts', 'last_result', 'reached', 'effective', 'done_reason', 'last_operator', 'updated_at'];

/**
 * What a campaign has come to: progress per campaign (its clients) and per operator and result (its
 * attempts, one row each in campaign_attempts), live; and its results as a file.
 */
export class CampaignReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Counted over the clients: done, reached, effective and sold at least once, still to call. */
  async progress(campaignId: number): Promise<CampaignProgress> {
    const [row] = (await this.ds.query(
      `SELECT COUNT(*) AS total, SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN reached THEN 1 ELSE 0 END) AS reached,
         SUM(CASE WHEN effective THEN 1 ELSE 0 END) AS effective, SUM(attempts) AS attempts, SUM(CASE WHEN state = 'assigned' THEN 1 ELSE 0 END) AS in_progress
       FROM campaign_entries WHERE campaign_id = ?`,
      [campaignId],
    )) as Record<string, unknown>[];
    const [sold] = (await this.ds.query('SELECT COUNT(DISTINCT entry_id) AS sales FROM campaign_attempts WHERE campaign_id = ? AND sale', [campaignId])) as Record<string, unknown>[];
    const total = n(row?.total);
    const done = n(row?.done);
    return { total, done, reached: n(row?.reached), effective: n(row?.effective), sales: n(sold?.sales), remaining: total - done, attempts: n(row?.attempts), inProgress: n(row?.in_progress) };
  }

  /** Progress, the operators' parts (most attempts first) and the results' distribution (most frequent first). */
  async stats(campaignId: number): Promise<CampaignStats> {
    const operators = (await this.ds.query(
      `SELECT a.operator_id, u.name, COUNT(*) AS attempts, SUM(CASE WHEN a.reached THEN 1 ELSE 0 END) AS reached,
         SUM(CASE WHEN a.effective THEN 1 ELSE 0 END) AS effective, SUM(CASE WHEN a.sale THEN 1 ELSE 0 END) AS sales, SUM(CASE WHEN a.ended THEN 1 ELSE 0 END) AS done
       FROM campaign_attempts a LEFT JOIN users u ON u.id = a.operator_id
       WHERE a.campaign_id = ? GROUP BY a.operator_id, u.name ORDER BY attempts DESC, a.operator_id`,
      [campaignId],
    )) as Record<string, unknown>[];
    const results = (await this.ds.query(
      'SELECT disposition, COUNT(*) AS count FROM campaign_attempts WHERE campaign_id = ? GROUP BY disposition ORDER BY count DESC, disposition',
      [campaignId],
    )) as Record<string, unknown>[];
    return {
      progress: await this.progress(campaignId),
      operators: operators.map((o) => ({
        operatorId: n(o.operator_id), name: String(o.name ?? `#${o.operator_id}`), attempts: n(o.attempts), reached: n(o.reached), effective: n(o.effective), sales: n(o.sales), done: n(o.done),
      })),
      results: results.map((r) => ({ disposition: String(r.disposition), count: n(r.count) })),
    };
  }

  /** Every client of the campaign with where they stand, streamed a page at a time (audited: who took it). */
  async export(actor: Actor, campaignId: number, format: SpreadsheetFormat, out: Writable): Promise<void> {
    const ds = this.ds;
    const sent = { rows: 0 };
    async function* pages(): AsyncGenerator<Values[]> {
      // Keyset pages by entry id: each page is one short read, whatever the campaign's size.
      for (let after = 0; ; ) {
        const rows = (await ds.query(
          `SELECT e.id, e.client_id, c.name, e.phone, e.tz, e.state, e.attempts, e.last_disposition, e.reached, e.effective, e.done_reason, u.name AS operator, e.updated_at
           FROM campaign_entries e
           JOIN clients c ON c.id = e.client_id
           LEFT JOIN campaign_attempts a ON a.id = (SELECT MAX(x.id) FROM campaign_attempts x WHERE x.entry_id = e.id)
           LEFT JOIN users u ON u.id = a.operator_id
           WHERE e.campaign_id = ? AND e.id > ? ORDER BY e.id LIMIT ${PAGE}`,
          [campaignId, after],
        )) as Record<string, unknown>[];
        if (rows.length === 0) return;
        after = n(rows.at(-1)!.id);
        yield rows.map((r) => [
          n(r.client_id), String(r.name), (r.phone as string | null) ?? null, String(r.tz), String(r.state), n(r.attempts), (r.last_disposition as string | null) ?? null,
          r.reached ? 1 : 0, r.effective ? 1 : 0, (r.done_reason as string | null) ?? null, (r.operator as string | null) ?? null, dbDate(r.updated_at).toISOString(),
        ]);
      }
    }
    try {
      const { status } = await writeRows(out, { format, columns: COLUMNS, sheet: 'results' }, pages(), sent);
      await this.audit.recordAlone(actor, 'export', 'campaign', campaignId, { format, rows: sent.rows, status });
    } catch (err) {
      await this.audit.recordAlone(actor, 'export', 'campaign', campaignId, { format, rows: sent.rows, status: 'failed' }).catch(() => undefined);
      throw err;
    }
  }
}
