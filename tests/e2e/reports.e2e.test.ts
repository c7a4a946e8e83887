/**
 * The reports page in a real browser against the real server with the demo's floor (calls, clients with
 * sources, callbacks): a manager reads the contacts (the table's total is the API's; an operator's row
 * opens their calls), downloads the CSV, enters a month's spend for a source and sees it in the sources
 * report, and reads the tails; the same page in Russian at 1366 and at 390 px (screenshots), with no
 * sideways scrolling of the page on the phone.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/reports.e2e.test.ts'
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
const PASSWORD = 'hotline-demo';
const READY_LIMIT_MS = 180_000;

let tempDir: string | undefined;
let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl = '';
let browser: Browser | undefined;
let token = '';

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

async function api(path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status}`);
  return res.json();
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = new Date();
const from = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
const to = dayOf(today);

async function signIn(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Логин').fill('manager');
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  assert.ok(existsSync(join(ROOT, 'client', 'dist', 'index.html')), 'build the SPA first (npm run build)');
  tempDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-reports-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: `sqlite:${join(tempDir, 'crm.sqlite')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    DEMO_DATA: '1', DEMO_PBX: '0', CALL_SPOOL_DIR: join(tempDir, 'spool'),
  };
  for (const key of ['REDIS_URL', 'AMI_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL', 'ADMIN_LOGIN', 'ADMIN_PASSWORD']) delete env[key];
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  await waitForReady(baseUrl);
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'manager', password: PASSWORD }) });
  assert.equal(login.status, 200, serverOutput);
  token = ((await login.json()) as { token: string }).token;
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

test('a manager reads contacts, sources (with spend entered) and tails, and downloads a CSV (ru, 1366 px)', async () => {
  assert.ok(browser);
  const expected = await api(`/reports/contacts?from=${from}&to=${to}`);
  assert.ok(expected.total.contacts > 0, 'the demo floor has contacts in the last 30 days');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, `/reports?from=${from}&to=${to}`);
    await page.getByRole('link', { name: 'Отчёты' }).waitFor();
    const table = page.getByRole('table', { name: 'Контакты по операторам' });
    await table.waitFor();
    await page.getByTestId('contacts-chart').locator('svg').first().waitFor();
    const foot = ((await table.locator('tfoot tr').textContent()) ?? '').replace(/[\s\u00a0\u202f]/g, '');
    assert.ok(foot.startsWith(`Итого${expected.total.contacts}${expected.total.effective}`), `${foot} vs ${JSON.stringify(expected.total)}`);
    assert.equal(await table.locator('tbody tr').count(), expected.items.length);
    await page.screenshot({ path: join(ARTIFACTS, 'reports-contacts-1366.png'), fullPage: true });

    // The calls behind the first operator's row.
    await table.locator('tbody tr').first().getByRole('button', { name: 'Звонки' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('table').locator('tbody tr').first().waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The CSV, as the browser downloads it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-contacts-csv').click()]);
    assert.equal(download.suggestedFilename(), `contacts-${from}-${to}.csv`);

    // Sources: the manager enters this month's spend for the first known source.
    await page.getByRole('tab', { name: 'Источники' }).click();
    const editor = page.getByTestId('spend-editor');
    const amount = editor.getByRole('textbox', { name: /^Сумма: / }).first();
    await amount.waitFor();
    const source = ((await amount.getAttribute('aria-label')) ?? '').replace('Сумма: ', '');
    await amount.fill('31000');
    await editor.getByRole('button', { name: 'Сохранить' }).click();
    await editor.getByText('Сохранено.').waitFor();
    const sources = await api(`/reports/sources?from=${from}&to=${to}`);
    const row = sources.items.find((i: { source: string }) => i.source === source);
    assert.ok(row && row.spend > 0, `spend reached the report for ${source}`);
    await page.getByTestId('sources-table').getByRole('row', { name: new RegExp(source) }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-sources-1366.png'), fullPage: true });

    // Promises made and not kept: 5, 10 and 20 days overdue. The demo's routing rules would hand late
    // promises to a colleague with a fresh due time (no tail left): they go first.
    for (const rule of (await api('/routing-rules')).items as { id: number }[]) {
      const res = await fetch(`${baseUrl}/api/routing-rules/${rule.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      assert.equal(res.status, 204);
    }
    for (const [i, days] of [5, 10, 20].entries()) {
      await api('/callbacks', { clientId: expected.clients[i].clientId, assigneeId: expected.items[i % 2].operatorId, dueAt: new Date(Date.now() - days * 86400_000).toISOString() });
    }
    const tails = await api('/reports/tails?days=3');
    assert.equal(tails.total, 3, JSON.stringify(tails));
    await page.getByRole('tab', { name: 'Хвосты' }).click();
    const tailsTable = page.getByTestId('tails-table');
    await tailsTable.waitFor();
    assert.equal(((await tailsTable.locator('tfoot td').first().textContent()) ?? '').replace(/[\s\u00a0\u202f]/g, ''), String(tails.total));
    await page.getByTestId('tails-chart').locator('svg').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-tails-1366.png'), fullPage: true });
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'reports-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});

test('the reports on a phone (ru, 390 px): no sideways scrolling of the page', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, `/reports?from=${from}&to=${to}`);
    await page.getByRole('table', { name: 'Контакты по операторам' }).waitFor();
    await page.getByTestId('contacts-chart').locator('svg').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-contacts-390.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'reports-contacts-390-top.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    await page.getByRole('tab', { name: 'Источники' }).click();
    await page.getByTestId('spend-editor').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-sources-390.png'), fullPage: true });
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 1);
  } finally {
    await context.close();
  }
});
