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
    await this.loading;
  }
}
