import type { DataSource } from 'typeorm';
import { UserEntity } from '../../db/entities';

/** Extension → active user id, reloaded at most every few seconds (extensions change rarely). */
export class ExtensionDirectory {
  private byExtension = new Map<string, number>();
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly maxAgeMs = 10_000,
  ) {}

  async userIdOf(extension: string | null): Promise<number | null> {
    if (!extension) return null;
    await this.refresh();
    return this.byExtension.get(extension) ?? null;
  }

  /** The map as last loaded (for hot paths that refreshed once per batch). */
  async snapshot(): Promise<ReadonlyMap<string, number>> {
    await this.refresh();
    return this.byExtension;
  }

  invalidate(): void {
    this.loadedAt = 0;
  }

  private async refresh(): Promise<void> {
    if (Date.now() - this.loadedAt < this.maxAgeMs) return;
    this.loading ??= this.ds
      .getRepository(UserEntity)
      .find({ select: { id: true, extension: true }, where: { active: true } })
      .then((users) => {
        this.byExtension = new Map(users.filter((u) => u.extension).map((u) => [u.extension!, u.id]));
        this.loadedAt = Date.now();
      })
      .finally(() => (this.loading = undefined));
    // The first load and the one after invalidate() are waited for. A periodic reload is not: every ring
    // and every call-log batch would queue behind it in the connection pool (seconds when the database is
    // busy); they use the last map until the new one is in, and a failed reload is tried again next time.
    if (this.loadedAt === 0) await this.loading;
    else this.loading.catch(() => undefined);
  }
}
