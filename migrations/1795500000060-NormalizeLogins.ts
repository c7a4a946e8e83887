import type { MigrationInterface, QueryRunner } from 'typeorm';

/** As server/modules/auth/login-name.ts at the time of writing (a migration must not change with the app). */
const normalize = (raw: string) =>
  raw.normalize('NFKC').replace(/\p{Default_Ignorable_Code_Point}/gu, '').trim().toLowerCase().normalize('NFKC');

/**
 * Logins are stored normalized from now on (NFKC, no invisible characters, trimmed, lower case), and sign-in
 * normalizes what is typed: existing logins are rewritten to that form. Where two accounts would meet on
 * one login, both are left as they are and a line names them (an admin renames one; until then the one
 * whose login is already normalized is the one that signs in). Down changes nothing: the original spelling
 * is not kept, and the normalized one works either way.
 */
export class NormalizeLogins1795500000060 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    const rows = (await q.query('SELECT id, login FROM users ORDER BY id')) as { id: number; login: string }[];
    const byTarget = new Map<string, number[]>();
    for (const r of rows) {
      const target = normalize(r.login);
      byTarget.set(target, [...(byTarget.get(target) ?? []), Number(r.id)]);
    }
    for (const r of rows) {
      const target = normalize(r.login);
      if (target === r.login) continue;
      const others = byTarget.get(target)!.filter((id) => id !== Number(r.id));
      if (others.length > 0 || target === '') {
        process.stderr.write(`migration NormalizeLogins: user ${r.id} keeps login ${JSON.stringify(r.login)}: ${target === '' ? 'nothing is left of it' : `user(s) ${others.join(', ')} normalize to ${JSON.stringify(target)} too`}\n`);
        continue;
      }
      await q.query('UPDATE users SET login = ? WHERE id = ?', [target, r.id]);
    }
  }

  async down(): Promise<void> {
    // Nothing to undo in the schema; see above.
  }
}
