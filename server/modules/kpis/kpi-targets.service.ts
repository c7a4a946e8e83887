import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { SettingEntity } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/** Managers' targets and thresholds the wallboard colours against; every field optional. */
export const kpiTargetsSchema = z
  .object({
    /** An average talk time under this is a red flag (e.g. 90 s: operators rushing). */
    avgTalkSecondsMin: z.number().int().min(0).max(3600).nullable().optional(),
    /** An average talk time over this is a red flag. */
    avgTalkSecondsMax: z.number().int().min(0).max(7200).nullable().optional(),
    /** A call running longer than this is highlighted on the floor. */
    longCallSeconds: z.number().int().min(10).max(14_400).nullable().optional(),
    /** Target share answered within the service level threshold, 0..1 (e.g. 0.8). */
    serviceLevel: z.number().min(0).max(1).nullable().optional(),
    /** Highest acceptable abandon rate, 0..1. */
    abandonRateMax: z.number().min(0).max(1).nullable().optional(),
    /** Highest acceptable average speed of answer, seconds. */
    avgSpeedOfAnswerMax: z.number().int().min(0).max(3600).nullable().optional(),
  })
  .strict();

export type KpiTargets = z.infer<typeof kpiTargetsSchema>;
const KEY = 'kpi_targets';
const DEFAULTS: KpiTargets = { avgTalkSecondsMin: 90, longCallSeconds: 600, serviceLevel: 0.8, abandonRateMax: 0.1 };

export class KpiTargetsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<KpiTargets> {
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: KEY });
    return row ? (JSON.parse(row.value) as KpiTargets) : DEFAULTS;
  }

  async set(actor: Actor, targets: KpiTargets): Promise<KpiTargets> {
    return transaction(this.ds, async (em) => {
      const before = await this.get();
      await em.getRepository(SettingEntity).save({ key: KEY, value: JSON.stringify(targets), updatedAt: new Date(), updatedById: actor.userId });
      await this.audit.record(em, actor, 'update', 'setting', KEY, before, targets);
      return targets;
    });
  }
}
