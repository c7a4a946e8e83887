/**
 * The contact-length and contacts-before-an-outcome reports in a real browser (ru) against the demo floor:
 * a manager opens both tabs at 1366 px, the tables' totals are the API's, the first-stage verdicts and the
 * operators who give up early are marked as the API says, an operator's row opens their calls, the files
 * download; the same tabs at 390 px fit the phone. The demo has no result code that marks a client lost,
 * so the test adds one and wraps a few answered calls up with it. Screenshots go to tests/artifacts/.
 *
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/length-outcomes.e2e.test.ts'
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser;
let api: Api;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const today = new Date();
const from = dayOf(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
const to = dayOf(today);
const digits = (s: string | null) => Number((s ?? '').replace(/\D/g, ''));
const BANDS = ['under60', 's60to90', 's90to120', 's120to180', 'over180'] as const;

before(async () => {
  server = await startDemoServer('length-outcomes');
  ({ api } = await apiAs(server.baseUrl, 'manager'));
  browser = await launchChromium();
  // A "refused" result that marks the client lost, picked on a few answered calls of the period.
  const created = await api('POST', '/dispositions', { code: 'refused', names: { ru: 'Отказ', uk: 'Відмова', en: 'Refused' }, marksLost: true });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 20).toISOString();
  const calls = (await api('GET', `/calls?from=${start}&outcome=answered&direction=inbound&limit=200`)).body.items.filter((c: { clientId: number | null; operatorId: number | null }) => c.clientId && c.operatorId);
  const picked = new Set<number>();
  for (const c of calls) {
    if (picked.size === 8) break;
    if ([...picked].some((id) => calls.find((x: { id: number }) => x.id === id).clientId === c.clientId)) continue;
    assert.equal((await api('PATCH', `/calls/${c.id}`, { disposition: 'refused' })).status, 200);
    picked.add(c.id);
  }
  assert.equal(picked.size, 8);
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function openTab(page: Page, name: string, testId: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.getByTestId(testId).waitFor();
}

test('a manager reads contact length and contacts before an outcome (ru, 1366 px): totals as the API, verdicts, calls, files', async () => {
  const length = (await api('GET', `/reports/contact-length?from=${from}&to=${to}`)).body;
  const outcomes = (await api('GET', `/reports/outcomes?from=${from}&to=${to}`)).body;
  assert.ok(length.total.contacts > 1000 && length.firstStageItems.length > 0, 'the demo has contacts at the first stages');
  assert.ok(outcomes.total.sale.clients > 0 && outcomes.total.lost.clients >= 8, 'sales in the demo; the demo’s “not interested” and the eight refusals');
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?from=${from}&to=${to}`, 'manager');
    await openTab(page, 'Длительность контакта', 'length-table');
    await page.getByTestId('length-chart').locator('.recharts-bar-rectangle').first().waitFor();
    // The tooltip names each band's share and count.
    await page.getByTestId('length-chart').locator('.recharts-bar-rectangle').first().hover();
    await page.getByTestId('length-chart').locator('.recharts-tooltip-wrapper').getByText(/< 1 мин · слишком коротко.*%\s\(\d+\)/).waitFor();
    const foot = (await page.getByTestId('length-table').locator('tfoot td').allTextContents()).slice(0, 1 + BANDS.length);
    assert.equal(digits(foot[0]!), length.total.contacts, 'total contacts as the API');
    // Each band cell is its count, then its share below it: the count is the cell's first text node.
    const bandCounts = await page.getByTestId('length-table').locator('tfoot td.num').evaluateAll((tds) => tds.slice(1, 6).map((td) => td.firstChild?.textContent ?? ''));
    assert.deepEqual(bandCounts.map(digits), BANDS.map((b) => length.total.bands[b]), 'band totals as the API');
    assert.equal(await page.getByTestId('length-table').locator('tbody tr').count(), length.items.length);
    assert.match((await page.getByTestId('length-rule').textContent()) ?? '', /1–1,5 минуты — оператор не подготовлен, 2–3 минуты — хорошо подготовлен/);

    const first = page.getByTestId('length-first-table');
    const verdicts = await first.locator('tbody tr[data-verdict]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-verdict')));
    assert.deepEqual(verdicts, length.firstStageItems.map((i: { verdict: string | null }) => i.verdict ?? 'even'));
    assert.equal(digits(await first.locator('tfoot td.num').first().textContent()), length.firstStageTotal.contacts);
    const stages = page.getByTestId('length-stages-table');
    assert.match((await stages.locator('tbody tr').first().locator('td').first().textContent()) ?? '', /^Лид/);
    assert.equal(await stages.locator('tbody tr').count(), length.stages.length);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'length-1366.png'), fullPage: true });

    // An operator's row opens their calls of the period.
    const top = length.items[0];
    await page.getByTestId('length-table').locator('tbody tr').first().getByRole('button', { name: 'Звонки' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('tbody tr').first().waitFor();
    assert.match((await dialog.getByRole('heading').textContent()) ?? '', new RegExp(top.operatorName));
    await dialog.getByRole('button', { name: 'Закрыть' }).click();

    const lengthCsv = await context.request.get(`${server.baseUrl}${await page.getByTestId('export-length-csv').getAttribute('href')}`);
    assert.equal(lengthCsv.status(), 200);
    assert.ok((await lengthCsv.text()).includes(`;total;;${length.total.contacts};`));

    await openTab(page, 'Контакты до результата', 'outcomes-sale-table');
    await page.getByTestId('outcomes-chart').locator('.recharts-bar-rectangle').first().waitFor();
    assert.equal(digits(await page.getByTestId('outcomes-sale-total').textContent()), outcomes.total.sale.clients);
    assert.equal(digits(await page.getByTestId('outcomes-lost-total').textContent()), outcomes.total.lost.clients);
    const flagged = outcomes.items.filter((i: { givesUpEarly: boolean }) => i.givesUpEarly);
    assert.ok(flagged.length > 0, 'demo clients have few contacts: refusals come early');
    const lostTable = page.getByTestId('outcomes-lost-table');
    assert.equal(await lostTable.locator('tbody tr[data-gives-up-early="true"]').count(), flagged.length);
    assert.equal(await lostTable.getByText('сдаётся рано').count(), flagged.length);
    assert.match((await page.getByTestId('outcomes-rule').textContent()) ?? '', /после 5-го контакта/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'outcomes-1366.png'), fullPage: true });

    const outcomesXlsx = await context.request.get(`${server.baseUrl}${await page.getByTestId('export-outcomes-xlsx').getAttribute('href')}`);
    assert.equal(outcomesXlsx.status(), 200);
    assert.match(outcomesXlsx.headers()['content-type'] ?? '', /spreadsheetml/);
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'length-outcomes-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});

test('both tabs fit a 390 px phone', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  try {
    await signIn(page, server.baseUrl, `/reports?report=length&from=${from}&to=${to}`, 'manager');
    await page.getByTestId('length-table').waitFor();
    await page.getByTestId('length-chart').locator('.recharts-bar-rectangle').first().waitFor();
    assert.equal(await sidewaysOverflow(page), 0, 'contact length does not scroll sideways');
    await page.screenshot({ path: join(ARTIFACTS, 'length-390.png'), fullPage: true });
    await page.goto(`${server.baseUrl}/reports?report=outcomes&from=${from}&to=${to}`);
    await page.getByTestId('outcomes-lost-table').waitFor();
    await page.getByTestId('outcomes-chart').locator('.recharts-bar-rectangle').first().waitFor();
    assert.equal(await sidewaysOverflow(page), 0, 'outcomes do not scroll sideways');
    await page.screenshot({ path: join(ARTIFACTS, 'outcomes-390.png'), fullPage: true });
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'length-outcomes-390-failed.png'), fullPage: true });
    throw err;
  } finally {
    await context.close();
  }
});
