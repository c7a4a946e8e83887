/**
 * The sales and repeat-purchases tabs of the reports page in a real browser against the real server with the
 * demo's floor: a manager, in Russian, reads sales beside contacts (the table's total is the API's, the Pareto
 * marks the operators who bring the first 80 %, an operator's row opens their calls, the CSV downloads), then
 * repeat purchases over the last year (the headline figures are the API's, a top client's row leads to the
 * card); both at 1366 and at 390 px (screenshots in tests/artifacts/), the page never scrolling sideways.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/sales.e2e.test.ts'
 */
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer | undefined;
let browser: Browser | undefined;
let api: Api;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = new Date();
// Sales: the last 30 days (the demo's calls go back three weeks); repeat purchases: the last year.
const from = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
const yearFrom = dayOf(new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1));
const to = dayOf(today);
/** Text of a cell or row with every kind of space gone (Intl groups thousands with a narrow no-break space). */
const squeeze = (s: string | null) => (s ?? '').replace(/[\s\u00a0\u202f]/g, '');
const money = (n: number) => squeeze(new Intl.NumberFormat('ru-RU', { maximumFractionDigits: Number.isInteger(n) ? 0 : 2, minimumFractionDigits: Number.isInteger(n) ? 0 : 2 }).format(n));

before(async () => {
  server = await startDemoServer('sales');
  api = (await apiAs(server.baseUrl, 'manager')).api;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function salesTab(page: Page, expected: any, shot: string) {
  const table = page.getByRole('table', { name: 'Продажи и контакты по операторам' });
  await table.waitFor();
  await page.getByTestId('sales-chart').locator('svg').first().waitFor();
  await page.getByTestId('pareto-chart').locator('svg').first().waitFor();
  const foot = squeeze(await table.locator('tfoot tr').textContent());
  const t = expected.total;
  assert.ok(foot.startsWith(`Итого${t.contacts}${t.effective}${t.saleCalls}${t.sales}${money(t.turnover)}`), `${foot} vs ${JSON.stringify(t)}`);
  assert.equal(await table.locator('tbody tr').count(), expected.items.length);
  const pareto = page.getByRole('table', { name: 'Операторы по обороту' });
  assert.equal(await pareto.locator('tbody tr').count(), expected.pareto.items.length);
  assert.equal(await pareto.locator('tbody').getByText('Первые 80 %').count(), expected.pareto.topOperators);
  assert.equal(squeeze(await page.getByTestId('pareto-summary').textContent()), squeeze(`${expected.pareto.topOperators} из ${expected.pareto.operators} операторов приносят первые 80 % оборота.`));
  await page.mouse.move(0, 0); // no chart tooltip left open by the last click
  await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
}

async function repeatTab(page: Page, expected: any, shot: string) {
  await page.getByTestId('repeat-stats').waitFor();
  // The period's own figures, not the previous ones kept greyed while they load.
  await page.waitForFunction((n) => (document.querySelector('[data-testid="repeat-buyers"]')?.textContent ?? '').replace(/\D/g, '') === String(n) && !document.querySelector('.is-stale'), expected.buyers);
  await page.getByTestId('repeat-chart').locator('svg').first().waitFor();
  assert.equal(squeeze(await page.getByTestId('repeat-buyers').textContent()), squeeze(new Intl.NumberFormat('ru-RU').format(expected.buyers)));
  assert.equal(squeeze(await page.getByTestId('repeat-repeat-buyers').textContent()), squeeze(new Intl.NumberFormat('ru-RU').format(expected.repeatBuyers)));
  assert.equal(squeeze(await page.getByTestId('repeat-turnover').textContent()), money(expected.repeatTurnover));
  const top = page.getByRole('table', { name: 'Лучшие повторные клиенты' });
  assert.equal(await top.locator('tbody tr').count(), expected.top.length);
  const dist = page.getByTestId('repeat-distribution');
  assert.deepEqual(
    (await dist.locator('tbody tr td:nth-child(2)').allTextContents()).map(squeeze),
    expected.distribution.map((d: { clients: number }) => squeeze(new Intl.NumberFormat('ru-RU').format(d.clients))),
  );
  await page.mouse.move(0, 0); // no chart tooltip left open by the last click
  await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
}

test('a manager reads sales beside contacts and repeat purchases, opens calls and a client, downloads the CSV (ru, 1366 px)', async () => {
  assert.ok(browser && server);
  const sales = (await api('GET', `/reports/sales?from=${from}&to=${to}`)).body;
  assert.ok(sales.total.contacts > 0 && sales.total.sales > 0, 'the demo has contacts and credited sales in the last 30 days');
  assert.ok(sales.pareto.topOperators > 0 && sales.pareto.topOperators < sales.pareto.operators, 'the Pareto splits the operators');
  const repeat = (await api('GET', `/reports/repeat-purchases?from=${yearFrom}&to=${to}`)).body;
  assert.ok(repeat.repeatBuyers >= 10 && repeat.intervals.count > 0 && repeat.top.length > 0, `the demo has repeat buyers: ${JSON.stringify({ ...repeat, top: repeat.top.length })}`);

  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?report=sales&from=${from}&to=${to}`, 'manager');
    await page.getByRole('tab', { name: 'Продажи' }).waitFor();
    await salesTab(page, sales, 'sales-1366.png');
    assert.equal(await sidewaysOverflow(page), 0);

    // The calls behind the first operator's row that has contacts.
    await page.getByRole('table', { name: 'Продажи и контакты по операторам' }).getByRole('button', { name: 'Звонки' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('table').locator('tbody tr').first().waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sales-csv').click()]);
    assert.equal(download.suggestedFilename(), `sales-${from}-${to}.csv`);

    // Repeat purchases over the last year: the tab keeps the filters; the period is changed in the form.
    await page.getByRole('tab', { name: 'Повторные покупки' }).click();
    await page.getByLabel('С', { exact: true }).fill(yearFrom);
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.waitForURL(/report=repeat/);
    await page.waitForURL(new RegExp(`from=${yearFrom}`));
    await repeatTab(page, repeat, 'repeat-1366.png');
    assert.equal(await sidewaysOverflow(page), 0);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-repeat-xlsx').click()]);
    assert.equal(xlsx.suggestedFilename(), `repeat-purchases-${yearFrom}-${to}.xlsx`);

    // A top client's row leads to the client's card.
    const first = repeat.top[0];
    await page.getByRole('table', { name: 'Лучшие повторные клиенты' }).getByRole('link', { name: first.clientName }).first().click();
    await page.waitForURL(new RegExp(`/clients/${first.clientId}$`));
  } finally {
    await context.close();
  }
});

test('both tabs fit a 390 px phone without sideways scrolling (ru)', async () => {
  assert.ok(browser && server);
  const sales = (await api('GET', `/reports/sales?from=${from}&to=${to}`)).body;
  const repeat = (await api('GET', `/reports/repeat-purchases?from=${yearFrom}&to=${to}`)).body;
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?report=sales&from=${from}&to=${to}`, 'manager');
    await salesTab(page, sales, 'sales-390.png');
    assert.equal(await sidewaysOverflow(page), 0, 'the sales tab does not scroll sideways');
    await page.goto(`${server.baseUrl}/reports?report=repeat&from=${yearFrom}&to=${to}`);
    await repeatTab(page, repeat, 'repeat-390.png');
    assert.equal(await sidewaysOverflow(page), 0, 'the repeat tab does not scroll sideways');
  } finally {
    await context.close();
  }
});
