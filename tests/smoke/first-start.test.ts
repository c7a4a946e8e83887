import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';

// Issue 10, item 1: a real install's first start never falls into demo mode. Item 22: /metrics.
const ADMIN = { login: 'chief', password: 'a-long-admin-passphrase' };

async function withServer(env: Record<string, string>, run: (base: string, proc: ServerProcess) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-first-start-'));
  const port = await freePort();
  const proc = spawnServer({ DATABASE_URL: `sqlite:${join(dir, 'crm.sqlite')}`, PORT: String(port), HOST: '127.0.0.1', ...env });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${base}/readyz`, proc, 60_000);
    await run(base, proc);
  } finally {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const login = (base: string, body: { login: string; password: string }) =>
  fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const json = async (res: Response) => (await res.json()) as any;

test('ADMIN_LOGIN without a PBX: the named admin exists, no demo accounts, no demo PBX, no banner', async () => {
  await withServer({ ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, DEMO_PBX: '0' }, async (base) => {
    const ready = await json(await fetch(`${base}/readyz`));
    assert.deepEqual(ready.pbx, { mode: 'none', status: 'disabled' });
    const res = await login(base, ADMIN);
    assert.equal(res.status, 200);
    const { token } = await json(res);
    const users = await json(await fetch(`${base}/api/users`, { headers: { authorization: `Bearer ${token}` } }));
    assert.deepEqual(users.items.map((u: { login: string }) => u.login), [ADMIN.login]);
    assert.equal((await login(base, { login: 'manager', password: 'hotline-demo' })).status, 401);
    assert.deepEqual(await json(await fetch(`${base}/api/meta`)), { demo: false });
    assert.equal((await json(await fetch(`${base}/api/clients?limit=1`, { headers: { authorization: `Bearer ${token}` } }))).total, 0);
  });
});

test('ADMIN_LOGIN with the demo PBX left on by default: still no demo PBX writing invented calls', async () => {
  await withServer({ ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password }, async (base) => {
    const ready = await json(await fetch(`${base}/readyz`));
    assert.equal(ready.pbx.mode, 'none');
    assert.deepEqual(await json(await fetch(`${base}/api/meta`)), { demo: false });
  });
});

test('only Twilio credentials: neither demo data nor the demo PBX', async () => {
  const env = { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'f'.repeat(32), PUBLIC_URL: 'https://crm.example.com' };
  await withServer(env, async (base, proc) => {
    const ready = await json(await fetch(`${base}/readyz`));
    assert.notEqual(ready.pbx.mode, 'demo');
    assert.equal((await login(base, { login: 'manager', password: 'hotline-demo' })).status, 401);
    assert.deepEqual(await json(await fetch(`${base}/api/meta`)), { demo: false });
    assert.match(proc.output(), /ADMIN_LOGIN/, 'the log says how to create the first admin');
  });
});

test('DEMO_DATA=1 beside ADMIN_LOGIN is refused at start with one line', async () => {
  const proc = spawnServer({ DATABASE_URL: 'sqlite::memory:', DEMO_DATA: '1', ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password });
  assert.equal(await proc.exited, 1);
  const lines = proc.output().trim().split('\n');
  assert.equal(lines.length, 1, proc.output());
  assert.match(lines[0]!, /^Invalid configuration: DEMO_DATA cannot be 1 together with ADMIN_LOGIN/);
});

test('/metrics: Prometheus text behind METRICS_TOKEN on the main port, and without a token on METRICS_PORT', async () => {
  const metricsPort = await freePort();
  const token = 'metrics-token-0123456789';
  await withServer({ ADMIN_LOGIN: ADMIN.login, ADMIN_PASSWORD: ADMIN.password, DEMO_PBX: '0', METRICS_TOKEN: token, METRICS_PORT: String(metricsPort) }, async (base) => {
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
    await login(base, ADMIN); // one request with a route, so the latency histogram has a series
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const text = await res.text();
    for (const name of ['hotline_pbx_link', 'hotline_pbx_reconnects', 'hotline_calls_in_progress', 'hotline_screenpops_sent', 'hotline_screenpops_acknowledged', 'hotline_screenpops_resent', 'hotline_callback_sweep_age_seconds', 'hotline_jobs_pending', 'hotline_sockets_connected', 'hotline_pbx_event_lag_seconds', 'hotline_process_cpu_user_seconds_total']) {
      assert.match(text, new RegExp(`^${name}`, 'm'), name);
    }
    assert.match(text, /hotline_http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} 1/);
    assert.doesNotMatch(text, new RegExp(ADMIN.password));
    const side = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    assert.equal(side.status, 200);
    assert.match(await side.text(), /^hotline_pbx_link/m);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/api/meta`)).status, 404, 'the metrics port serves nothing else');
  });
});
