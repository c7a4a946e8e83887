/**
 * Deal review in a real browser against the real server: an operator's deal past DEAL_REVIEW_THRESHOLD
 * is saved as pending (marked on the card, out of the total and of the client's revenue); a supervisor
 * confirms it from the card and it counts.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/deal-review.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium; screenshots go to tests/artifacts/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'violet-harbor-quantum-71';
const READY_LIMIT_MS = 120_000;

let tempDir: string | undefined;
let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl = '';
let browser: Browser | undefined;
let adminToken = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string) {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`the server exited (${server?.exitCode}) before it was ready:\n${serverOutput}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within ${READY_LIMIT_MS / 1000}s:\n${serverOutput}`);
}

async function api(method: string, path: string, body?: unknown, token = adminToken): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

/** Opens the client's card (the sign-in form first, which then leads there) and its Deals tab. */
async function openDeals(page: Page, clientId: number, login: string) {
  await page.goto(`${baseUrl}/clients/${clientId}`);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  try {
    await page.getByRole('tab', { name: 'Сделки' }).click({ timeout: 15_000 });
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'deal-review-failed.png'), fullPage: true });
    throw err;
  }
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  assert.ok(existsSync(join(ROOT, 'client', 'dist', 'index.html')), 'build the SPA first (npm run build)');
  tempDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-deals-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  // A real install (a named admin, no demo), so the only people and clients are the test's own.
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: `sqlite:${join(tempDir, 'crm.sqlite')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    DEMO_DATA: '0', DEMO_PBX: '0', ADMIN_LOGIN: 'e2e.admin', ADMIN_PASSWORD: PASSWORD, DEAL_REVIEW_THRESHOLD: '100000', CALL_SPOOL_DIR: join(tempDir, 'spool'),
  };
  for (const key of ['REDIS_URL', 'AMI_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL']) delete env[key];
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  await waitForReady(baseUrl);
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'e2e.admin', password: PASSWORD }) });
  assert.equal(login.status, 200, serverOutput);
  adminToken = ((await login.json()) as { token: string }).token;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  const child = server;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
  }
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test("an operator's large deal waits on the card until a supervisor confirms it there", async () => {
  assert.ok(browser);
  for (const [login, role] of [['e2e.operator', 'operator'], ['e2e.supervisor', 'supervisor']] as const) {
    const created = await api('POST', '/users', { login, password: PASSWORD, name: role === 'operator' ? 'Ольга Операторова' : 'Сергей Супервизоров', role });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const client = await api('POST', '/clients', { name: 'ООО «Крупный заказ»', kind: 'organization' });
  assert.equal(client.status, 201);
  const clientId = client.body.id as number;

  // The operator records a deal past the threshold.
  const opContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 900 } });
  const op = await opContext.newPage();
  await openDeals(op, clientId, 'e2e.operator');
  const form = op.getByRole('form', { name: 'Добавить сделку' });
  await form.getByLabel('Название').fill('Годовой контракт');
  await form.getByLabel('Сумма').fill('150000');
  await form.getByRole('button', { name: 'Добавить сделку' }).click();
  await op.getByText('Сделка сохранена. Она войдёт в выручку клиента, когда её подтвердит супервизор.').waitFor();
  const opTable = op.getByRole('table', { name: 'Сделки' });
  await opTable.getByText('Ждёт подтверждения').waitFor();
  assert.equal(await opTable.getByRole('button', { name: /Подтвердить/ }).count(), 0, 'an operator has no Confirm button');
  assert.doesNotMatch((await opTable.locator('tfoot').innerText()).replace(/\s/g, ''), /150000/, 'the pending deal is not in the total');
  await op.screenshot({ path: join(ARTIFACTS, 'deal-review-operator.png'), fullPage: true });
  assert.equal((await api('GET', `/clients/${clientId}`)).body.revenue, 0);
  await opContext.close();

  // The supervisor confirms it from the card.
  const supContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 900 } });
  const sup = await supContext.newPage();
  await openDeals(sup, clientId, 'e2e.supervisor');
  const supTable = sup.getByRole('table', { name: 'Сделки' });
  await supTable.getByRole('button', { name: 'Подтвердить сделку «Годовой контракт»' }).click();
  await supTable.getByText('Ждёт подтверждения').waitFor({ state: 'detached' });
  await sup.waitForFunction(() => /150[\s\u00a0\u202f]?000/.test(document.querySelector('table[aria-label="Сделки"] tfoot')?.textContent ?? ''));
  await sup.screenshot({ path: join(ARTIFACTS, 'deal-review-supervisor.png'), fullPage: true });
  assert.equal((await api('GET', `/clients/${clientId}`)).body.revenue, 150_000);
  await supContext.close();
});
