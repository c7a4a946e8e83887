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
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs, ARTIFACTS, deleteRoutingRules, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser | undefined;
let call: Api;

/** GET, or POST with a body; either must succeed. */
async function api(path: string, body?: unknown): Promise<any> {
  const res = await call(body === undefined ? 'GET' : 'POST', path, body);
  assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status}`);
  return res.body;
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = new Date();
const from = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
const to = dayOf(today);

before(async () => {
  server = await startDemoServer('reports');
  ({ api: call } = await apiAs(server.baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager reads contacts, sources (with spend entered) and tails, and downloads a CSV (ru, 1366 px)', async () => {
  assert.ok(browser);
  const expected = await api(`/reports/contacts?from=${from}&to=${to}`);
  assert.ok(expected.total.contacts > 0, 'the demo floor has contacts in the last 30 days');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?from=${from}&to=${to}`, 'manager');
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

    // Three more promises made and not kept, 5, 10 and 20 days overdue, beside the demo's own tails (the
    // supervisor's, promised days ago). The demo's routing rules go first so the three stay where they are put.
    await deleteRoutingRules(call);
    const before = (await api('/reports/tails?days=3')).total as number;
    assert.ok(before > 0, 'the demo shows tails of its own');
    for (const [i, days] of [5, 10, 20].entries()) {
      await api('/callbacks', { clientId: expected.clients[i].clientId, assigneeId: expected.items[i % 2].operatorId, dueAt: new Date(Date.now() - days * 86400_000).toISOString() });
    }
    const tails = await api('/reports/tails?days=3');
    assert.equal(tails.total, before + 3, JSON.stringify(tails));
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
    await signIn(page, server.baseUrl, `/reports?from=${from}&to=${to}`, 'manager');
    await page.getByRole('table', { name: 'Контакты по операторам' }).waitFor();
    await page.getByTestId('contacts-chart').locator('svg').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-contacts-390.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'reports-contacts-390-top.png') });
    const overflow = await sidewaysOverflow(page);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`);
    await page.getByRole('tab', { name: 'Источники' }).click();
    await page.getByTestId('spend-editor').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'reports-sources-390.png'), fullPage: true });
    assert.ok((await sidewaysOverflow(page)) <= 1);
  } finally {
    await context.close();
  }
});
