import { transaction } from '../../db/transaction';
import type { DataSource } from 'typeorm';
import type { AbcClass } from '../../db/entities';
import type { Logger } from '../../logging/logger';

/** Pareto shares: the clients bringing the first 80% of revenue are A, the next 15% B, the rest C. */
const A_SHARE = 0.8;
const B_SHARE = 0.95;
const BATCH = 1000;

/** Assigns classes from cumulative revenue share, highest revenue first. Clients without revenue get none. */
export function classify(revenues: { id: number; revenue: number }[]): Map<number, AbcClass> {
  const sorted = [...revenues].filter((r) => r.revenue > 0).sort((a, b) => b.revenue - a.revenue || a.id - b.id);
  const total = sorted.reduce((s, r) => s + r.revenue, 0);
  const out = new Map<number, AbcClass>();
  let running = 0;
  for (const r of sorted) {
    // A client is placed by the share reached before it, so the top client is always A.
    out.set(r.id, running < total * A_SHARE ? 'A' : running < total * B_SHARE ? 'B' : 'C');
    running += r.revenue;
  }
  return out;
}

/** A/B/C analysis over the whole client base, recomputed after deals change (debounced) or on demand. */
export class AbcClassesService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly debounceMs = 5000,
  ) {}

  async recompute(): Promise<{ A: number; B: number; C: number }> {
    const rows: { id: number; revenue: string | number }[] = await this.ds.query('SELECT id, revenue FROM clients WHERE deleted_at IS NULL');
    const classes = classify(rows.map((r) => ({ id: Number(r.id), revenue: Number(r.revenue) })));
    const groups: Record<AbcClass, number[]> = { A: [], B: [], C: [] };
    for (const [id, cls] of classes) groups[cls].push(id);
    await transaction(this.ds, async (em) => {
      await em.query('UPDATE clients SET abc_class = NULL WHERE abc_class IS NOT NULL AND revenue <= 0');
      for (const cls of ['A', 'B', 'C'] as const) {
        for (let i = 0; i < groups[cls].length; i += BATCH) {
          const ids = groups[cls].slice(i, i + BATCH);
          await em.query(`UPDATE clients SET abc_class = ? WHERE id IN (${ids.map(() => '?').join(',')})`, [cls, ...ids]);
        }
      }
    });
    return { A: groups.A.length, B: groups.B.length, C: groups.C.length };
  }

  scheduleRecompute(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.recompute().catch((err) => this.logger.error({ err }, 'A/B/C recompute failed'));
    }, this.debounceMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
