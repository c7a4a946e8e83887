/** A datetime column read by a raw query: mysql2 gives Date objects; better-sqlite3 gives TypeORM's UTC "YYYY-MM-DD HH:MM:SS.SSS" strings. */
export const dbDate = (v: unknown): Date => (v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`));
