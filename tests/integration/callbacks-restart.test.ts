import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase } from '../../server/db/data-source';
import type { DataSource } from 'typeorm';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// Real server processes on one database, the in-process job queue (no Redis): a node is killed in the
// middle of its start-up sweep; the next node finishes it; every callback is moved exactly once.
const OVERDUE = 6000;
const ADMIN = { login: 'admin', password: 'restart-admin-pw' };

let db: TestDatabase;
let ds: DataSource;
before(async () => {
  db = await createTestDatabase();
  ds = await openDatabase(db.config);
});
after(async () => {
  await ds?.destroy();
  await db?.drop();
});

const env = async () => ({
  PORT: String(await freePort()),
  DATABASE_URL: db.config.type === 'sqlite' ? `sqlite:${db.config.path}` : db.config.url,
  ADMIN_LOGIN: ADMIN.login,
  ADMIN_PASSWORD: ADMIN.password,
  DEMO_DATA: '0',
  DEMO_PBX: '0',
  CALLBACK_SWEEP_SECONDS: '3600', // only the start-up sweep acts in this test
});
const count = async (sql: string) => Number((await ds.query(sql))[0].n);

test('a node killed in the middle of its start-up sweep: the next one finishes it, each callback moved once', async () => {
  const nodes: ServerProcess[] = [];
  try {
    // The first node creates the people and the rule through the API, then stops.
    const first = await env();
    nodes.push(spawnServer(first));
    await waitForOk(`http://127.0.0.1:${first.PORT}/readyz`, nodes[0]!);
    const api = async (method: string, path: string, token: string | null, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${first.PORT}${path}`, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      const json = (await res.json().catch(() => null)) as any;
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const admin = (await api('POST', '/api/auth/login', null, ADMIN)).token;
    const team = (await api('POST', '/api/teams', admin, { name: 'Смена Б' })).id;
    const ops: number[] = [];
    for (const ext of ['201', '202', '203']) ops.push((await api('POST', '/api/users', admin, { login: `op${ext}`, password: 'operator-password', name: `Оператор ${ext}`, role: 'operator', extension: ext, teamId: team })).id);
    await api('POST', '/api/routing-rules', admin, { name: 'Round robin after 10 min', graceMinutes: 10, action: { type: 'round_robin', teamId: team } });
    const client = (await api('POST', '/api/clients', admin, { name: 'Клиент Перезапуска', phones: ['+7 916 555 00 11'] })).id;
    await nodes[0]!.stop();

    // While no node runs: operators on shift, and OVERDUE callbacks of the first operator an hour late.
    await ds.query(`UPDATE users SET state = 'available' WHERE id IN (${ops.join(', ')})`);
    const now = new Date();
    const due = new Date(now.getTime() - 3600_000);
    for (let i = 0; i < OVERDUE; i += 500) {
      const rows = Array.from({ length: Math.min(500, OVERDUE - i) }, () => [client, ops[0], due, null, 'pending', 0, null, 0, 1, null, now, now, null]);
      await ds.query(
        `INSERT INTO callbacks (client_id, assignee_id, due_at, origin_call_id, status, priority, note, reassign_count, version, created_by_id, created_at, updated_at, completed_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        rows.flat().map((v) => (v instanceof Date && db.config.type === 'sqlite' ? v.toISOString().replace('T', ' ').replace('Z', '') : v)),
      );
    }

    // The second node starts sweeping; it is killed (no shutdown at all) once part of the work is committed.
    nodes.push(spawnServer(await env()));
    const end = Date.now() + 60_000;
    let moved = 0;
    while ((moved = await count('SELECT COUNT(*) AS n FROM callback_history')) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    nodes[1]!.child.kill('SIGKILL');
    await nodes[1]!.exited;
    const atKill = await count('SELECT COUNT(*) AS n FROM callback_history');
    assert.ok(moved > 0 && atKill < OVERDUE, `killed in the middle (${atKill} of ${OVERDUE} moved)`);

    // The third node finishes the sweep at its start.
    const third = await env();
    nodes.push(spawnServer(third));
    await waitForOk(`http://127.0.0.1:${third.PORT}/readyz`, nodes[2]!);
    while ((await count("SELECT COUNT(*) AS n FROM callbacks WHERE status = 'pending' AND reassign_count = 0")) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));

    assert.equal(await count("SELECT COUNT(*) AS n FROM callbacks WHERE reassign_count = 1 AND version = 2 AND assignee_id <> " + ops[0]), OVERDUE, 'every callback moved once, to a colleague');
    assert.equal(await count('SELECT COUNT(*) AS n FROM callback_history'), OVERDUE, 'one history row each');
    assert.equal(await count('SELECT COUNT(DISTINCT callback_id) AS n FROM callback_history'), OVERDUE);
    assert.equal(await count("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'callback' AND action = 'reassign'"), OVERDUE, 'one audit row each');
  } finally {
    for (const n of nodes) await n.stop();
  }
});
