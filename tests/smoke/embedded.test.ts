import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';

// The embedded shape as `npm start` runs it on a fresh machine: SQLite file, in-process jobs, demo data.
test('embedded shape: starts on SQLite, seeds the demo floor, serves the API, restarts on the same file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-smoke-'));
  const port = await freePort();
  const env = { DATABASE_URL: `sqlite:${join(dir, 'crm.sqlite')}`, PORT: String(port) };
  const base = `http://127.0.0.1:${port}`;
  let proc: ServerProcess | undefined;
  try {
    proc = spawnServer(env);
    await waitForOk(`${base}/readyz`, proc, 120_000);
    let ready = await (await fetch(`${base}/readyz`)).json();
    for (let i = 0; i < 50 && ready.pbx.status !== 'connected'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await (await fetch(`${base}/readyz`)).json();
    }
    assert.deepEqual({ db: ready.database.status, redis: ready.redis.status, pbx: ready.pbx.mode, link: ready.pbx.status }, { db: 'up', redis: 'disabled', pbx: 'demo', link: 'connected' });

    const login = async () => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'manager', password: 'hotline-demo' }) });
      assert.equal(res.status, 200);
      return ((await res.json()) as { token: string }).token;
    };
    const get = async (token: string, path: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
    let token = await login();
    assert.ok((await get(token, '/api/clients?limit=1')).total >= 5000);
    assert.equal((await get(token, '/api/users')).items.filter((u: { role: string }) => u.role === 'operator').length, 8);
    assert.ok((await get(token, '/api/calls?limit=1')).total > 1000);
    const a = await get(token, '/api/clients?class=A&limit=1');
    assert.ok(a.total > 0, 'A/B/C classes computed from the demo deals');
    // The demo shows the headline: the lead router is on, regulars have open callbacks and a history.
    const rules = await get(token, '/api/routing-rules');
    assert.equal(rules.items.filter((r: { enabled: boolean }) => r.enabled).length, 2, 'the demo routing rules are switched on');
    assert.ok((await get(token, '/api/callbacks?status=pending&limit=1')).total >= 40, 'the regulars have open callbacks');
    // The start's sweep runs in the background: wait for it, without asserting how long it takes.
    let moved = false;
    for (let i = 0; i < 300 && !moved; i++) {
      moved = (await get(token, '/api/audit?entity=callback&limit=5')).items.some((e: { action: string }) => e.action === 'reassign');
      if (!moved) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(moved, 'the router moved late callbacks at start');

    await proc.stop();
    proc = spawnServer(env);
    await waitForOk(`${base}/readyz`, proc, 60_000);
    token = await login();
    // The demo PBX keeps calling: unknown callers become leads, but the 5,000 seeded clients are not seeded again.
    const total = (await get(token, '/api/clients?limit=1')).total;
    assert.ok(total >= 5000 && total < 5100, `a restart does not seed twice (${total} clients)`);
    assert.equal((await get(token, '/api/users')).total, 11);
    assert.deepEqual(await (await fetch(`${base}/api/meta`)).json(), { demo: true }, 'every page shows the demo banner');
    if (existsSync(join('client', 'dist', 'index.html'))) {
      // Item 21: the SPA compressed, its hashed assets cached for good, index.html revalidated.
      const page = await fetch(`${base}/clients`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(page.headers.get('cache-control'), 'no-cache');
      const asset = (await page.text()).match(/\/assets\/[^"]+\.js/)?.[0];
      assert.ok(asset, 'index.html names its script');
      const js = await fetch(`${base}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(js.headers.get('content-encoding'), 'gzip');
      assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000.*immutable/);
      assert.equal((await fetch(`${base}/assets/no-such-file.js`)).status, 404);
    }
    await proc.stop();

    // Item 1: a demo database is never used by a real install (its accounts' password is published).
    const real = spawnServer({ ...env, ADMIN_LOGIN: 'chief', ADMIN_PASSWORD: 'a-long-admin-passphrase' });
    assert.equal(await real.exited, 1);
    assert.match(real.output().trim(), /^DATABASE_URL holds demo data .* use a new database/);
  } finally {
    await proc?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
