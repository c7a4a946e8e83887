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
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, getOk, launchChromium, sidewaysOverflow, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser | undefined;
let api: ReturnType<typeof getOk>;

before(async () => {
  server = await startDemoServer('abc');
  api = getOk((await apiAs(server.baseUrl, 'manager')).api);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

const noSideways = async (page: Page) => assert.ok((await sidewaysOverflow(page)) <= 1, 'no sideways scrolling');

test('a manager reads the classes, the matrix and the movement, then switches to the Pareto preset (ru, 1366 px)', async () => {
  assert.ok(browser);
  const expected = await api('/reports/abc');
  assert.deepEqual(expected.shares, [50, 35, 15]);
  assert.ok(expected.classes[0].clients > 0, 'the demo has class A clients in the last 365 days');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, '/abc', 'manager');
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
    await signIn(page, server.baseUrl, '/abc', 'supervisor');
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
