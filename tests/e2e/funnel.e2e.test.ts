/**
 * The funnel report in a real browser (ru) against the demo floor, whose clients have a stage history:
 * a manager opens the Funnel tab at 1366 px, the table's totals are the API's, the zombies' days change
 * the list, a zombie row opens the client's card and the CSV downloads; the same tab at 390 px fits the
 * phone. Screenshots go to tests/artifacts/.
 *
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/funnel.e2e.test.ts'
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser;
let api: Api;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = new Date();
const from = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 89));
const to = dayOf(today);
const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));

before(async () => {
  server = await startDemoServer('funnel');
  ({ api } = await apiAs(server.baseUrl, 'manager'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager reads the funnel (ru, 1366 px): totals as the API, zombie days, a zombie opens its card, CSV', async () => {
  const report = (await api('GET', `/reports/funnel?from=${from}&to=${to}`)).body;
  assert.ok(report.total.clients >= 1000 && report.total.entered > 0 && report.zombies.length === 50, 'the demo has a funnel with history and zombies');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?from=${from}&to=${to}`, 'manager');
    await page.getByRole('tab', { name: 'Воронка' }).click();
    const table = page.getByTestId('funnel-table');
    await table.waitFor();
    await page.getByTestId('funnel-chart').locator('.recharts-bar-rectangle').first().waitFor();
    assert.equal(digits(await page.getByTestId('funnel-total-clients').textContent()), report.total.clients, 'the total now is the API’s');
    const foot = await table.locator('tfoot td').allTextContents();
    assert.deepEqual(foot.slice(0, 4).map(digits), [report.total.clients, report.total.entered, report.total.left, report.total.zombies]);
    for (const s of report.stages) assert.equal(digits(await table.locator(`tr[data-stage="${s.stage}"] td`).first().textContent()), s.clients, s.stage);
    assert.equal(await table.locator('tr[data-stage="lead"] th a').textContent(), 'Лид');
    assert.equal(await page.getByTestId('funnel-moves').locator('tbody tr').first().locator('th').textContent(), 'Новые');
    await page.getByTestId('funnel-weeks-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'funnel-1366.png'), fullPage: true });
    await page.getByTestId('funnel-report').screenshot({ path: join(ARTIFACTS, 'funnel-1366-stages.png') });

    // More quiet days: fewer zombies, as the API counts them; the address keeps the choice.
    const zombies = page.getByTestId('funnel-zombies');
    await zombies.getByLabel('Без контакта, дней').fill('60');
    await zombies.getByRole('button', { name: 'Показать' }).click();
    await zombies.getByRole('heading', { name: 'Зомби: без контакта 60 дн.' }).waitFor();
    assert.match(page.url(), /zombieDays=60/);
    const quieter = (await api('GET', `/reports/funnel?from=${from}&to=${to}&zombieDays=60`)).body;
    assert.ok(quieter.total.zombies < report.total.zombies);
    assert.equal(digits(await table.locator('tfoot td').nth(3).textContent()), quieter.total.zombies);
    const first = quieter.zombies[0];
    const rows = page.getByTestId('funnel-zombies-table').locator('tbody tr');
    assert.equal(await rows.count(), quieter.zombies.length);

    // The CSV has the zombie days too and the table's rows.
    const href = await page.getByTestId('export-funnel-csv').getAttribute('href');
    assert.match(href ?? '', /zombieDays=60/);
    const csv = await context.request.get(`${server.baseUrl}${href}`);
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines[0], 'stage;clients;entered;left;zombies');
    assert.equal(lines.at(-1), `total;${quieter.total.clients};${quieter.total.entered};${quieter.total.left};${quieter.total.zombies}`);

    // A zombie row opens the client's card.
    await rows.first().getByRole('link', { name: first.name }).click();
    await page.waitForURL(new RegExp(`/clients/${first.clientId}$`));
    await page.getByRole('heading', { name: first.name }).first().waitFor();
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'funnel-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});

test('the funnel on a phone (ru, 390 px): no sideways scrolling', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?report=funnel&from=${from}&to=${to}`, 'manager');
    await page.getByTestId('funnel-table').waitFor();
    await page.getByTestId('funnel-zombies-table').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'funnel-390.png'), fullPage: true });
    await page.getByTestId('funnel-report').screenshot({ path: join(ARTIFACTS, 'funnel-390-stages.png') });
    await page.getByTestId('funnel-zombies').screenshot({ path: join(ARTIFACTS, 'funnel-390-zombies.png') });
    assert.ok((await sidewaysOverflow(page)) <= 1, 'the page scrolls sideways');
  } finally {
    await context.close();
  }
});
