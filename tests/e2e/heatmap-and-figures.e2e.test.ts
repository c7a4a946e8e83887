/**
 * The heatmap report, the wallboard's tails panel and the operator's "My figures" in a real browser (ru),
 * on the demo floor, at 1366 px and at a 390 px phone: the figures shown are the API's, the 7 x 24 grid
 * scrolls inside its own box and the page never sideways. Screenshots go to tests/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let browser: Browser;
let manager: Api;
let operator: Api;
let from: string;
let to: string;

const WIDTHS = [
  { name: '1366', viewport: { width: 1366, height: 900 }, mobile: false },
  { name: '390', viewport: { width: 390, height: 844 }, mobile: true },
] as const;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** operator1's tails from the demo itself, before the test adds two. */
let ownTails = 0;

before(async () => {
  server = await startDemoServer('heatmap');
  ({ api: manager } = await apiAs(server.baseUrl, 'manager'));
  ({ api: operator } = await apiAs(server.baseUrl, 'operator1'));
  // Two tails of operator1 (promised 5 and 10 days ago). The demo's routing rules would hand promises that
  // old to the supervisor while the test reads them: they go first.
  for (const rule of (await manager('GET', '/routing-rules')).body.items) assert.equal((await manager('DELETE', `/routing-rules/${rule.id}`)).status, 204);
  const me = (await operator('GET', '/auth/me')).body;
  // Beside the demo's own: a promise days old that the rules had not handed to the supervisor yet stays hers.
  ownTails = (await operator('GET', '/kpis/me?window=week')).body.tails.count;
  const someone = (await manager('GET', '/clients?limit=1')).body.items[0];
  for (const days of [5, 10]) {
    const res = await manager('POST', '/callbacks', { clientId: someone.id, assigneeId: me.user.id, dueAt: new Date(Date.now() - days * 86400_000).toISOString(), note: 'e2e tail' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  // The demo's calls lie in the last weeks: thirty days back to tomorrow (UTC dates) holds them all.
  from = day(new Date(Date.now() - 30 * 86400_000));
  to = day(new Date(Date.now() + 86400_000));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function newPage(width: (typeof WIDTHS)[number]): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: width.viewport, ...(width.mobile && { isMobile: true, hasTouch: true }) });
  return { page: await context.newPage(), close: () => context.close() };
}

for (const width of WIDTHS) {
  test(`the manager's heatmap tab (ru, ${width.name} px)`, async () => {
    const report = (await manager('GET', `/reports/heatmap?from=${from}&to=${to}`)).body;
    assert.ok(report.total.offered > 0, 'the demo floor has inbound calls');
    const { page, close } = await newPage(width);
    try {
      await signIn(page, server.baseUrl, `/reports?report=heatmap&from=${from}&to=${to}`, 'manager');
      const view = page.getByTestId('heatmap-report');
      await view.getByRole('heading', { name: 'Звонки по часам и дням недели' }).waitFor();
      const grid = page.getByTestId('heatmap-grid');
      assert.equal(await grid.getAttribute('data-metric'), 'offered');
      // The grand total (last cell of the footer) and Monday's total are the API's.
      const footer = grid.locator('tfoot td').last();
      assert.equal((await footer.innerText()).replace(/\s/g, ''), String(report.total.offered));
      assert.equal((await grid.locator('tbody tr').first().locator('td').last().innerText()).replace(/\s/g, ''), String(report.weekdays[0].offered));
      assert.equal(await grid.locator('tbody tr').count(), 7);
      assert.equal(await grid.locator('tbody tr').first().locator('td').count(), 25, '24 hours and the total');
      const busiest = report.cells.reduce((a: { offered: number }, c: { offered: number }) => (c.offered > a.offered ? c : a));
      const busiestCell = grid.locator(`td[data-weekday="${busiest.weekday}"][data-hour="${busiest.hour}"]`);
      assert.equal((await busiestCell.innerText()).replace(/\s/g, ''), String(busiest.offered));
      assert.match((await busiestCell.getAttribute('style')) ?? '', /rgba\(37, 99, 235, 0\.95\)/, 'the busiest cell is the darkest');

      await view.getByRole('button', { name: 'Брошено', exact: true }).click();
      assert.equal(await grid.getAttribute('data-metric'), 'abandoned');
      assert.equal((await grid.locator('tfoot td').last().innerText()).replace(/\s/g, ''), String(report.total.abandoned));

      const csv = await page.getByTestId('export-heatmap-csv').getAttribute('href');
      assert.ok(csv?.startsWith('/api/reports/heatmap?') && csv.includes('format=csv') && csv.includes(`from=${from}`), String(csv));

      await page.screenshot({ path: join(ARTIFACTS, `heatmap-${width.name}.png`), fullPage: true });
      assert.ok((await sidewaysOverflow(page)) <= 1, 'the page scrolls sideways');
      if (width.mobile) {
        const box = page.getByTestId('heatmap-scroll');
        const { scrollWidth, clientWidth } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
        assert.ok(scrollWidth > clientWidth, 'on a phone the grid scrolls inside its own box');
        await box.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
        await page.screenshot({ path: join(ARTIFACTS, `heatmap-${width.name}-scrolled.png`), fullPage: false });
      }
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, `heatmap-${width.name}-failed.png`), fullPage: true });
      throw err;
    } finally {
      await close();
    }
  });

  test(`the wallboard's tails panel (ru, ${width.name} px)`, async () => {
    const tails = (await manager('GET', '/reports/tails?days=3')).body;
    const { page, close } = await newPage(width);
    try {
      await signIn(page, server.baseUrl, '/wallboard', 'manager');
      const panel = page.getByTestId('wallboard-tails');
      await panel.getByRole('heading', { name: 'Хвосты: обещано больше 3 дней назад' }).waitFor();
      await panel.getByTestId('wallboard-tails-total').waitFor();
      assert.equal((await panel.getByTestId('wallboard-tails-total').innerText()).replace(/\s/g, ''), String(tails.total));
      assert.ok(tails.total >= 2, 'the two tails made above');
      assert.equal(await panel.locator('.wb-tails-row').count(), Math.min(6, tails.items.length));
      await panel.getByText('Михаил Волков').waitFor();
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, `wallboard-tails-${width.name}.png`), fullPage: true });
      await panel.screenshot({ path: join(ARTIFACTS, `wallboard-tails-panel-${width.name}.png`) });
      assert.ok((await sidewaysOverflow(page)) <= 1, 'the page scrolls sideways');
      await panel.getByTestId('wallboard-tails-link').click();
      await page.waitForURL(/\/reports\?report=tails/);
      await page.getByTestId('tails-table').or(page.getByText('Хвостов нет')).first().waitFor();
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, `wallboard-tails-${width.name}-failed.png`), fullPage: true });
      throw err;
    } finally {
      await close();
    }
  });

  test(`operator1's own figures on the console (ru, ${width.name} px)`, async () => {
    const today = (await operator('GET', '/kpis/me?window=today')).body;
    const week = (await operator('GET', '/kpis/me?window=week')).body;
    const { page, close } = await newPage(width);
    try {
      await signIn(page, server.baseUrl, '/console', 'operator1');
      const panel = page.getByTestId('my-figures');
      await panel.getByRole('heading', { name: 'Мои показатели' }).waitFor();
      await panel.locator('[data-window="today"][aria-pressed="true"]').waitFor();
      assert.equal((await panel.getByTestId('my-figures-calls').innerText()).replace(/\s/g, ''), String(today.calls));
      assert.equal((await panel.getByTestId('my-figures-contacts').innerText()).replace(/\s/g, ''), String(today.answered));
      await panel.getByRole('button', { name: 'Эта неделя' }).click();
      await panel.locator('div[data-window="week"]').waitFor();
      assert.equal((await panel.getByTestId('my-figures-calls').innerText()).replace(/\s/g, ''), String(week.calls));
      assert.equal((await panel.getByTestId('my-figures-contacts').innerText()).replace(/\s/g, ''), String(week.answered));
      if (week.answered > 0) await panel.getByTestId('my-figures-chart').locator('.recharts-bar-rectangle').first().waitFor();
      assert.equal(week.tails.count, ownTails + 2, 'the two tails made above are hers');
      await panel.getByText(`Хвостов: ${ownTails + 2}`).waitFor();
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, `my-figures-${width.name}.png`), fullPage: true });
      await panel.screenshot({ path: join(ARTIFACTS, `my-figures-panel-${width.name}.png`) });
      assert.ok((await sidewaysOverflow(page)) <= 1, 'the page scrolls sideways');
    } catch (err) {
      await page.screenshot({ path: join(ARTIFACTS, `my-figures-${width.name}-failed.png`), fullPage: true });
      throw err;
    } finally {
      await close();
    }
  });
}

test('an operator is refused the heatmap and cannot ask for a colleague’s figures', async () => {
  assert.equal((await operator('GET', `/reports/heatmap?from=${from}&to=${to}`)).status, 403);
  assert.equal((await operator('GET', '/kpis/me?window=week&operatorId=1')).status, 400);
});
