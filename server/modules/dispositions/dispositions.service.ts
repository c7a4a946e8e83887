import type { DataSource } from 'typeorm';
import { transaction } from '../../db/transaction';
import { DispositionEntity, type DispositionRow } from '../../db/entities';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { CreateDispositionInput, UpdateDispositionInput } from './dispositions.schemas';

/** A result code as the API shows it: names per UI language and what picking it does. */
export type DispositionView = {
  code: string;
  names: { ru: string; uk: string; en: string };
  position: number;
  active: boolean;
  effective: boolean;
  closesCallback: boolean;
  opensCallback: boolean;
  marksLost: boolean;
  marksSale: boolean;
};

const toView = (r: DispositionRow): DispositionView => ({
  code: r.code,
  names: { ru: r.nameRu, uk: r.nameUk, en: r.nameEn },
  position: r.position,
  active: r.active,
  effective: r.effective,
  closesCallback: r.closesCallback,
  opensCallback: r.opensCallback,
  marksLost: r.marksLost,
  marksSale: r.marksSale,
});

export type DispositionsListener = (items: readonly DispositionView[]) => void;

/**
 * The manager's list of call results. Read on every wrap-up and by the KPIs, so it is kept in memory:
 * a change made here drops the cache at once and tells the listeners (the KPIs); a change made on another
 * node is picked up within `refreshMs` (the next read after that reloads and tells the listeners if the
 * list differs).
 */
export class DispositionsService {
  private cache: { at: number; items: DispositionView[] } | undefined;
  /** The list the listeners were last told (as JSON). */
  private told: string | undefined;
  private loading: Promise<DispositionView[]> | undefined;
  private readonly listeners: DispositionsListener[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly refreshMs = 30_000,
  ) {}

  /** Called with the whole list (in order, retired included) when it is first read and whenever it changes. */
  onChange(listener: DispositionsListener): void {
    this.listeners.push(listener);
  }

  /** Every code, retired included, in order (from memory while fresh). */
  async all(): Promise<DispositionView[]> {
    if (this.cache && Date.now() - this.cache.at < this.refreshMs) return this.cache.items;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** The list for the API: active codes only unless `all`. */
  async list(all = false): Promise<{ items: DispositionView[]; total: number }> {
    const items = (await this.all()).filter((d) => all || d.active);
    return { items, total: items.length };
  }

  async get(code: string): Promise<DispositionView | undefined> {
    return (await this.all()).find((d) => d.code === code);
  }

  /** The codes that count as effective contacts. */
  async effectiveCodes(): Promise<Set<string>> {
    return new Set((await this.all()).filter((d) => d.effective).map((d) => d.code));
  }

  /** The code an operator picked at wrap-up: an active one, else a 400 that lists the active codes. */
  async requireActive(code: string): Promise<DispositionView> {
    const items = await this.all();
    const d = items.find((x) => x.code === code && x.active);
    if (d) return d;
    const active = items.filter((x) => x.active).map((x) => x.code);
    throw new AppError(400, 'unknown_disposition', `disposition must be one of ${active.join(', ')}`, { allowed: active });
  }

  async create(actor: Actor, input: CreateDispositionInput): Promise<DispositionView> {
    const view = await transaction(this.ds, async (em) => {
      if (await em.existsBy(DispositionEntity, { code: input.code })) throw conflict(`A result with the code ${input.code} exists`);
      const [last] = await em.find(DispositionEntity, { order: { position: 'DESC' }, take: 1 });
      const now = new Date();
      await em.insert(DispositionEntity, {
        code: input.code,
        nameRu: input.names.ru,
        nameUk: input.names.uk,
        nameEn: input.names.en,
        position: (last?.position ?? 0) + 1,
        active: input.active,
        effective: input.effective,
        closesCallback: input.closesCallback,
        opensCallback: input.opensCallback,
        marksLost: input.marksLost,
        marksSale: input.marksSale,
        createdAt: now,
        updatedAt: now,
      });
      const created = toView(await em.findOneByOrFail(DispositionEntity, { code: input.code }));
      await this.audit.record(em, actor, 'create', 'disposition', created.code, null, created);
      return created;
    });
    await this.changed();
    return view;
  }

  async update(actor: Actor, code: string, input: UpdateDispositionInput): Promise<DispositionView> {
    const view = await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(DispositionEntity, { code });
      if (!row) throw notFound('Result code');
      const before = toView(row);
      const next = { ...before, ...input, names: { ...before.names, ...stripUndefined(input.names ?? {}) } };
      if (next.marksLost && next.marksSale) throw badRequest('a result cannot both mark the client lost and count as a sale');
      await em.update(DispositionEntity, { code }, {
        nameRu: next.names.ru,
        nameUk: next.names.uk,
        nameEn: next.names.en,
        active: next.active,
        effective: next.effective,
        closesCallback: next.closesCallback,
        opensCallback: next.opensCallback,
        marksLost: next.marksLost,
        marksSale: next.marksSale,
        updatedAt: new Date(),
      });
      const after = toView(await em.findOneByOrFail(DispositionEntity, { code }));
      await this.audit.record(em, actor, 'update', 'disposition', code, before, after);
      return after;
    });
    await this.changed();
    return view;
  }

  /** Puts the codes in the given order; the list must name every code (retired included) once. */
  async reorder(actor: Actor, codes: string[]): Promise<{ items: DispositionView[]; total: number }> {
    await transaction(this.ds, async (em) => {
      const rows = await em.find(DispositionEntity, { order: { position: 'ASC' } });
      const known = new Set(rows.map((r) => r.code));
      const unknown = codes.filter((c) => !known.has(c));
      const missing = rows.map((r) => r.code).filter((c) => !codes.includes(c));
      if (unknown.length || missing.length) throw new AppError(400, 'bad_order', 'List every result code exactly once', { unknown, missing });
      const before = rows.map((r) => r.code);
      for (const [i, code] of codes.entries()) {
        const row = rows.find((r) => r.code === code)!;
        if (row.position !== i + 1) await em.update(DispositionEntity, { code }, { position: i + 1, updatedAt: new Date() });
      }
      await this.audit.record(em, actor, 'update', 'disposition', 'order', { codes: before }, { codes });
    });
    await this.changed();
    return this.list(true);
  }

  /** Drops the cache (a change made here or seen elsewhere) and tells the listeners. */
  async changed(): Promise<void> {
    this.cache = undefined;
    await this.all();
  }

  private async load(): Promise<DispositionView[]> {
    const rows = await this.ds.getRepository(DispositionEntity).find({ order: { position: 'ASC', code: 'ASC' } });
    const items = rows.map(toView);
    const key = JSON.stringify(items);
    this.cache = { at: Date.now(), items };
    if (key !== this.told) {
      this.told = key;
      for (const l of this.listeners) l(items);
    }
    return items;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
