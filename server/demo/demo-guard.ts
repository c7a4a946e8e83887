import type { DataSource } from 'typeorm';
import { SettingEntity, UserEntity } from '../db/entities';
import { verifyPassword } from '../modules/auth/password';
import { DEMO_PASSWORD } from './demo-seed';

const MARKER = 'demo_data';

/** Marks a database as a demo one: its accounts sign in with the published demo password. */
export async function markDemoDatabase(ds: DataSource): Promise<void> {
  await ds.getRepository(SettingEntity).save({ key: MARKER, value: '1', updatedAt: new Date(), updatedById: null });
}

/**
 * Whether this database holds demo data. Databases seeded before the marker existed are recognised by
 * the demo manager's account still answering to the published password (one scrypt at start).
 */
export async function holdsDemoData(ds: DataSource): Promise<boolean> {
  if (await ds.getRepository(SettingEntity).existsBy({ key: MARKER })) return true;
  const manager = await ds.getRepository(UserEntity).findOneBy({ login: 'manager' });
  return manager !== null && (await verifyPassword(DEMO_PASSWORD, manager.passwordHash));
}
