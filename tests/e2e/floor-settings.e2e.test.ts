/**
 * The floor settings in a real browser (ru): a manager sets the floor's working hours and adds a phone
 * region at 1366 px; the API reads back what was saved, and a Berlin number written without its country
 * code now parses. The same tab at 390 px fits the phone. Screenshots go to tests/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser;
let api: Api;

before(async () => {
  server = await startDemoServer('floor');
  ({ api } = await apiAs(server.baseUrl, 'manager'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager sets working hours and adds a phone region (ru, 1366 px)', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/admin?tab=floor', 'manager');
    const form = page.getByTestId('floor-settings');
    await form.waitFor();
    await form.getByLabel('Зал работает по расписанию').check();
    await form.getByLabel('С', { exact: true }).fill('08:30');
    await form.getByLabel('До', { exact: true }).fill('20:00');
    await form.getByLabel('Добавить регион (код из двух букв)').fill('de');
    await form.getByRole('button', { name: 'Добавить', exact: true }).click();
    await form.getByText('Германия').waitFor();
    await form.getByRole('button', { name: 'Сохранить' }).click();
    await form.getByText('Сохранено.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'floor-settings-1366.png'), fullPage: true });
    const saved = (await api('GET', '/settings/floor')).body;
    assert.deepEqual(saved.workingHours, { timezone: 'Europe/Moscow', days: [1, 2, 3, 4, 5], from: '08:30', to: '20:00' });
    assert.deepEqual(saved.phoneRegions.at(-1), 'DE');
    const parsed = (await api('GET', '/phones/parse?number=' + encodeURIComponent('030 12345678'))).body;
    assert.equal(parsed.e164, '+493012345678', 'a Berlin number written locally parses once Germany is a region');
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'floor-settings-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});

test('the floor settings on a phone (ru, 390 px): no sideways scrolling', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/admin?tab=floor', 'manager');
    await page.getByTestId('floor-settings').getByText('Германия').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'floor-settings-390.png'), fullPage: true });
    assert.ok((await sidewaysOverflow(page)) <= 1, 'the page scrolls sideways');
  } finally {
    await context.close();
  }
});
