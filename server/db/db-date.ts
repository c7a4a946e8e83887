/** A datetime column read by a raw query: mysql2 gives Date objects; better-sqlite3 gives TypeORM's UTC "YYYY-MM-DD HH:MM:SS.SSS" strings. */
export const dbDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));

/** A time as the driver binds it in raw SQL: MySQL takes a Date; SQLite compares TypeORM's UTC "YYYY-MM-DD HH:MM:SS.SSS" strings. */
export const dbTime = (em: { connection: { options: { type: string } } }, at: Date): Date | string => (em.connection.options.type === 'mysql' ? at : at.toISOString().replace('T', ' ').replace('Z', ''));
