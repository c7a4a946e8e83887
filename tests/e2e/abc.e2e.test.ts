/**
 * The A/B/C analysis page in a real browser against the real server with the demo's clients and deals:
 * a manager reads the classes (the table is the API's), the Pareto chart, the class × potential matrix
 * with the growth-reserve cell, the movement, then switches to the Pareto preset and saves: the classes
 * are recomputed. A supervisor reads the settings but cannot change them. In Russian at 1366 and 390 px
 * (screenshots), with no sideways scrolling of the page on the phone.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/abc.e2e.test.ts'
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

async function api(path: string): Promise<any> {
  const res = await fetch(`${baseUrl}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, path);
  return res.json();
}


async function signIn(page: Page, path: string, login = 'manager') {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  assert.ok(existsSync(join(ROOT, 'client', 'dist', 'index.html')), 'build the SPA first (npm run build)');
  tempDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-abc-'));
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

const noSideways = async (page: Page) => assert.ok((await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 1, 'no sideways scrolling');

test('a manager reads the classes, the matrix and the movement, then switches to the Pareto preset (ru, 1366 px)', async () => {
  assert.ok(browser);
  const expected = await api('/reports/abc');
  assert.deepEqual(expected.shares, [50, 35, 15]);
  assert.ok(expected.classes[0].clients > 0, 'the demo has class A clients in the last 365 days');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, '/abc');
    await page.getByRole('link', { name: 'ABC-анализ' }).waitFor();
    const table = page.getByRole('table', { name: 'Клиенты и оборот по классам' });
    await table.waitFor();
    for (const [i, c] of (expected.classes as { class: string; clients: number }[]).entries()) {
      const row = table.locator('tbody tr').nth(i);
      assert.equal((await row.locator('th').innerText()).trim(), c.class);
      assert.equal((await row.locator('td').first().innerText()).replace(/\s/g, ''), String(c.clients));
    }
    await page.getByTestId('abc-pareto').locator('svg').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'abc-summary-1366.png'), fullPage: true });
    // A class's count opens the client list of that class.
    await table.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/clients\?class=A/);
    await page.goBack();

    await page.getByRole('tab', { name: 'Класс × потенциал' }).click();
    const reserve = page.getByTestId('abc-reserve-cell');
    await reserve.waitFor();
    const matrix = await api('/reports/abc/matrix');
    const cell = matrix.cells.find((c: { class: string | null; potential: string | null }) => c.class === 'C' && c.potential === 'high');
    assert.equal((await reserve.locator('div').first().innerText()).replace(/\s/g, ''), String(cell.clients));
    assert.match((await page.getByTestId('abc-reserve').innerText()), new RegExp(`${cell.clients}`));
    await page.screenshot({ path: join(ARTIFACTS, 'abc-matrix-1366.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Движение' }).click();
    await page.getByRole('table', { name: 'Клиенты по классу в первом периоде (строки) и во втором (столбцы)' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'abc-movement-1366.png'), fullPage: true });

    await page.getByRole('tab', { name: 'Настройки' }).click();
    await page.getByRole('button', { name: '80 / 15 / 5 (Парето)' }).click();
    assert.equal(await page.getByLabel('A, % оборота').inputValue(), '80');
    await page.getByLabel('C, % оборота').fill('6');
    await page.getByText('Доли должны давать в сумме 100 % (сейчас 101 %).').waitFor();
    assert.ok(await page.getByRole('button', { name: 'Сохранить и пересчитать' }).isDisabled());
    await page.getByLabel('C, % оборота').fill('5');
    await page.screenshot({ path: join(ARTIFACTS, 'abc-settings-1366.png'), fullPage: true });
    await page.getByRole('button', { name: 'Сохранить и пересчитать' }).click();
    await page.getByText('Сохранено, классы пересчитаны.').waitFor();
    assert.deepEqual(await api('/settings/abc'), { shares: [80, 15, 5], periodDays: 365 });
    const after = await api('/reports/abc');
    const classA = await api('/clients?class=A&limit=1');
    assert.equal(classA.total, after.classes[0].clients, 'the cards follow the new shares at once');
    assert.ok(after.classes[0].clients > expected.classes[0].clients, 'A holds more clients at 80 % than at 50 %');
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'abc-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});

test('a supervisor reads the page on a phone (ru, 390 px): settings read-only, no sideways scrolling', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, '/abc', 'supervisor');
    await page.getByRole('table', { name: 'Клиенты и оборот по классам' }).waitFor();
    await page.getByTestId('abc-pareto').locator('svg').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'abc-summary-390.png'), fullPage: true });
    await noSideways(page);
    await page.getByRole('tab', { name: 'Класс × потенциал' }).click();
    await page.getByTestId('abc-reserve-cell').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'abc-matrix-390.png'), fullPage: true });
    await noSideways(page);
    await page.getByRole('tab', { name: 'Движение' }).click();
    await page.getByTestId('abc-movement').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'abc-movement-390.png'), fullPage: true });
    await noSideways(page);
    await page.getByRole('tab', { name: 'Настройки' }).click();
    await page.getByText('Менять настройки может только руководитель.').waitFor();
    assert.ok(await page.getByLabel('A, % оборота').isDisabled());
    assert.equal(await page.getByRole('button', { name: 'Сохранить и пересчитать' }).count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, 'abc-settings-390.png'), fullPage: true });
    await noSideways(page);
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'abc-failed-390.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});
