import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { SettingEntity } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { workingHoursSchema, type WorkingHours } from '../routing/routing-rule';

/** The floor's working hours (routing rules without their own follow them) and the install's phone regions. */
export const floorSettingsSchema = z
  .object({
    workingHours: workingHoursSchema.nullable(),
    /** Regions for numbers written without a country code, tried in order; the first is the default. */
    phoneRegions: z
      .array(z.string().trim().toUpperCase().refine((r) => isSupportedCountry(r), 'must be a two-letter region code such as RU or UA'))
      .min(1)
      .max(10)
      .refine((list) => new Set(list).size === list.length, 'each region once'),
  })
  .strict();

export type FloorSettings = { workingHours: WorkingHours | null; phoneRegions: CountryCode[] };
const KEY = 'floor';
const REFRESH_MS = 30_000;

/**
 * The floor's settings, stored as one setting row (audited). Phone regions start as PHONE_REGIONS and a
 * saved list replaces them at run time: every service that parses numbers holds the same `regions` array,
 * which is changed in place here, so a new list applies at once on this node and within 30 s on the others.
 * Numbers already saved keep the E.164 they were given.
 */
export class FloorSettingsService {
  private cached: { at: number; value: FloorSettings } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    /** The array the phone parsing reads; PHONE_REGIONS (or the one default) until a list is saved. */
    private readonly regions: CountryCode[],
    /** Told after a change: the lead router re-plans its timers with the new hours. */
    private readonly onChange: () => void = () => undefined,
  ) {
    this.configured = [...regions];
  }

  /** PHONE_REGIONS as configured: what a floor without a saved list uses. */
  private readonly configured: CountryCode[];


  async get(): Promise<FloorSettings> {
    if (this.cached && Date.now() - this.cached.at < REFRESH_MS) return this.cached.value;
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: KEY });
    const saved = row ? (JSON.parse(row.value) as Partial<FloorSettings>) : {};
    const value: FloorSettings = { workingHours: saved.workingHours ?? null, phoneRegions: saved.phoneRegions?.length ? saved.phoneRegions : [...this.configured] };
    this.cached = { at: Date.now(), value };
    this.applyRegions(value.phoneRegions);
    return value;
  }

  /** The floor's working hours: what routing rules without hours of their own follow. */
  async workingHours(): Promise<WorkingHours | null> {
    return (await this.get()).workingHours;
  }

  async set(actor: Actor, input: z.infer<typeof floorSettingsSchema>): Promise<FloorSettings> {
    const next: FloorSettings = { workingHours: input.workingHours, phoneRegions: input.phoneRegions as CountryCode[] };
    await transaction(this.ds, async (em) => {
      const row = await em.getRepository(SettingEntity).findOneBy({ key: KEY });
      const before = row ? JSON.parse(row.value) : null;
      await em.getRepository(SettingEntity).save({ key: KEY, value: JSON.stringify(next), updatedAt: new Date(), updatedById: actor.userId });
      await this.audit.record(em, actor, 'update', 'setting', KEY, before, next);
    });
    this.cached = { at: Date.now(), value: next };
    this.applyRegions(next.phoneRegions);
    this.onChange();
    return next;
  }

  /** Reads the saved list now and then, so a change made on another node reaches this one. */
  async start(): Promise<void> {
    await this.get();
    this.timer = setInterval(() => void this.get().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private applyRegions(list: CountryCode[]): void {
    if (list.length === this.regions.length && list.every((r, i) => this.regions[i] === r)) return;
    this.regions.splice(0, this.regions.length, ...list);
  }
}
