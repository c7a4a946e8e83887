/**
 * The result-code editor in a real browser against the real server (demo data, Russian): a manager adds a
 * code with its names and effects, renames it, moves it up, retires and restores one; each change is
 * what the API then serves to the wrap-up. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: node --import tsx --test tests/e2e/dispositions.e2e.test.ts
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../helpers/spawn-server';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'hotline-demo';
const READY_LIMIT_MS = 180_000;

type Disposition = { code: string; names: { ru: string; uk: string; en: string }; position: number; active: boolean; effective: boolean; closesCallback: boolean; opensCallback: boolean; marksLost: boolean; marksSale: boolean };

let tempDir: string | undefined;
let server: ChildProcess | undefined;
let serverOutput = '';
let baseUrl = '';
let browser: Browser | undefined;
let managerToken = '';
let operatorToken = '';

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Builds the SPA unless client/dist/index.html is newer than every source it is built from. */
function buildClientIfStale() {
  const built = join(ROOT, 'client', 'dist', 'index.html');
  const sources = [join(ROOT, 'client', 'src'), join(ROOT, 'client', 'public'), join(ROOT, 'client', 'index.html'), join(ROOT, 'vite.config.ts')].filter(existsSync);
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  const result = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `vite build failed:\n${result.stdout}\n${result.stderr}`);
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

async function stopServer() {
  const child = server;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}

async function loginToken(login: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  assert.equal(res.status, 200, `login ${login} answered ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

async function dispositions(token: string, all = false): Promise<Disposition[]> {
  const res = await fetch(`${baseUrl}/api/dispositions${all ? '?all=1' : ''}`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { items: Disposition[] }).items;
}

async function eventually(check: () => Promise<void> | void, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

async function signIn(page: Page, login: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('navigation', { name: 'Главное меню' }).waitFor();
}

const codesTable = (page: Page) => page.getByRole('table', { name: 'Результаты звонков' });
const namesInOrder = async (page: Page) => codesTable(page).locator('tbody tr .disp-name').allInnerTexts();

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`);
  buildClientIfStale();
  tempDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-disp-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `sqlite:${join(tempDir, 'crm.sqlite')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: '1', DEMO_PBX: '0' };
  for (const key of ['REDIS_URL', 'AMI_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'PUBLIC_URL']) delete env[key];
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  server.stderr?.on('data', (b: Buffer) => (serverOutput += b.toString()));
  await waitForReady(baseUrl);
  managerToken = await loginToken('manager');
  operatorToken = await loginToken('operator1');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await stopServer();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test('a manager adds, renames, reorders, retires and restores result codes on the rules page', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'manager');
    await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Правила' }).click();
    await page.getByRole('tab', { name: 'Результаты звонков' }).click();
    await codesTable(page).waitFor();
    assert.deepEqual(await namesInOrder(page), ['Продажа', 'Обещан перезвон', 'Дана информация', 'Не заинтересован', 'Ошибка номера', 'Нет ЛПР']);
    await shot(page, 'e2e-dispositions-1366');

    // Add one: code, three names, effects.
    await page.getByRole('button', { name: '+ Новый результат' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Код').fill('meeting_booked');
    await dialog.getByLabel('Название по-русски').fill('Назначена встреча');
    await dialog.getByLabel('Название по-украински').fill('Призначено зустріч');
    await dialog.getByLabel('Название по-английски').fill('Meeting booked');
    await dialog.getByLabel('Результативный контакт').check();
    await dialog.getByLabel('Обещает перезвон (спрашивает время)').check();
    await shot(page, 'e2e-dispositions-form-1366');
    await dialog.getByRole('button', { name: 'Добавить' }).click();
    await page.getByText('Результат «Назначена встреча» добавлен.').or(page.getByText('Результат «meeting_booked» добавлен.')).waitFor();
    await eventually(async () => assert.equal((await namesInOrder(page)).at(-1), 'Назначена встреча'));
    const added = (await dispositions(operatorToken)).find((d) => d.code === 'meeting_booked');
    assert.deepEqual({ en: added?.names.en, effective: added?.effective, opensCallback: added?.opensCallback, marksSale: added?.marksSale }, { en: 'Meeting booked', effective: true, opensCallback: true, marksSale: false });

    // Rename it in Ukrainian.
    const row = codesTable(page).locator('tr[data-disposition="meeting_booked"]');
    await row.getByRole('button', { name: 'Изменить: Назначена встреча' }).click();
    await dialog.getByLabel('Название по-украински').fill('Зустріч призначено');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Результат «Назначена встреча» сохранён.').waitFor();
    await eventually(async () => assert.equal((await dispositions(operatorToken)).find((d) => d.code === 'meeting_booked')?.names.uk, 'Зустріч призначено'));

    // Move it up once: the order the wrap-up offers changes.
    await row.getByRole('button', { name: 'Поднять «Назначена встреча»' }).click();
    await eventually(async () => assert.deepEqual((await dispositions(operatorToken)).slice(-2).map((d) => d.code), ['meeting_booked', 'no_decision_maker']));
    await eventually(async () => assert.equal((await namesInOrder(page)).at(-2), 'Назначена встреча'));

    // Retire one: not offered any more, still listed for the manager; then restore it.
    const wrong = codesTable(page).locator('tr[data-disposition="wrong_number"]');
    await wrong.getByRole('button', { name: 'Вывести: Ошибка номера' }).click();
    await page.getByText('Результат «Ошибка номера» выведен: после звонка он больше не предлагается.').waitFor();
    await eventually(async () => assert.ok(!(await dispositions(operatorToken)).some((d) => d.code === 'wrong_number')));
    assert.equal((await dispositions(managerToken, true)).find((d) => d.code === 'wrong_number')?.active, false);
    await wrong.getByText('Выведен').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await codesTable(page).waitFor();
    await shot(page, 'e2e-dispositions-390');
    await wrong.getByRole('button', { name: 'Вернуть: Ошибка номера' }).click();
    await eventually(async () => assert.ok((await dispositions(operatorToken)).some((d) => d.code === 'wrong_number')));
    await row.getByRole('button', { name: 'Изменить: Назначена встреча' }).click();
    await shot(page, 'e2e-dispositions-form-390');
    await dialog.getByRole('button', { name: 'Отмена' }).click();
  } finally {
    await context.close();
  }
});

test('supervisors do not get the result-code tab', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl}/rules?tab=codes`);
    await page.getByRole('tab', { name: 'Хвосты' }).waitFor();
    assert.equal(await page.getByRole('tab', { name: 'Результаты звонков' }).count(), 0);
  } finally {
    await context.close();
  }
});
