/**
 * The result-code editor in a real browser against the real server (demo data, Russian): a manager adds a
 * code with its names and effects, renames it, moves it up, retires and restores one; each change is
 * what the API then serves to the wrap-up. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/dispositions.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, signIn as signInAt, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type Disposition = { code: string; names: { ru: string; uk: string; en: string }; position: number; active: boolean; effective: boolean; closesCallback: boolean; opensCallback: boolean; marksLost: boolean; marksSale: boolean };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let operatorApi: Api;

async function dispositions(api: Api, all = false): Promise<Disposition[]> {
  const res = await api<{ items: Disposition[] }>('GET', `/dispositions${all ? '?all=1' : ''}`);
  assert.equal(res.status, 200);
  return res.body.items;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Signs in from the home page and waits for the main menu. */
async function signIn(page: Page, login: string) {
  await signInAt(page, baseUrl, '/', login);
  await page.getByRole('navigation', { name: 'Главное меню' }).waitFor();
}

const codesTable = (page: Page) => page.getByRole('table', { name: 'Результаты звонков' });
const namesInOrder = async (page: Page) => codesTable(page).locator('tbody tr .disp-name').allInnerTexts();

before(async () => {
  server = await startDemoServer('disp');
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  ({ api: operatorApi } = await apiAs(baseUrl, 'operator1'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
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
    assert.deepEqual(await namesInOrder(page), ['Продажа', 'Обещан перезвон', 'Дана информация', 'Не заинтересован', 'Ошибка номера', 'Нет ЛПР', 'Занято', 'Не отвечает']);
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
    const added = (await dispositions(operatorApi)).find((d) => d.code === 'meeting_booked');
    assert.deepEqual({ en: added?.names.en, effective: added?.effective, opensCallback: added?.opensCallback, marksSale: added?.marksSale }, { en: 'Meeting booked', effective: true, opensCallback: true, marksSale: false });

    // Rename it in Ukrainian.
    const row = codesTable(page).locator('tr[data-disposition="meeting_booked"]');
    await row.getByRole('button', { name: 'Изменить: Назначена встреча' }).click();
    await dialog.getByLabel('Название по-украински').fill('Зустріч призначено');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Результат «Назначена встреча» сохранён.').waitFor();
    await eventually(async () => assert.equal((await dispositions(operatorApi)).find((d) => d.code === 'meeting_booked')?.names.uk, 'Зустріч призначено'));

    // Move it up once: the order the wrap-up offers changes.
    await row.getByRole('button', { name: 'Поднять «Назначена встреча»' }).click();
    await eventually(async () => assert.deepEqual((await dispositions(operatorApi)).slice(-2).map((d) => d.code), ['meeting_booked', 'no_answer']));
    await eventually(async () => assert.equal((await namesInOrder(page)).at(-2), 'Назначена встреча'));

    // Retire one: not offered any more, still listed for the manager; then restore it.
    const wrong = codesTable(page).locator('tr[data-disposition="wrong_number"]');
    await wrong.getByRole('button', { name: 'Вывести: Ошибка номера' }).click();
    await page.getByText('Результат «Ошибка номера» выведен: после звонка он больше не предлагается.').waitFor();
    await eventually(async () => assert.ok(!(await dispositions(operatorApi)).some((d) => d.code === 'wrong_number')));
    assert.equal((await dispositions(managerApi, true)).find((d) => d.code === 'wrong_number')?.active, false);
    await wrong.getByText('Выведен').waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await codesTable(page).waitFor();
    await shot(page, 'e2e-dispositions-390');
    await wrong.getByRole('button', { name: 'Вернуть: Ошибка номера' }).click();
    await eventually(async () => assert.ok((await dispositions(operatorApi)).some((d) => d.code === 'wrong_number')));
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
