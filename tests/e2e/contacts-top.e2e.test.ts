/**
 * The Contacts tab asks for its two parts apart: the operators' report (`clients=0`, from the daily rollup)
 * shows its table while the top clients and organizations (GET /api/reports/contacts/top, held back here on
 * purpose) still show their own loading state; then the top lists are the API's. Russian, 1366 and 390 px
 * (screenshots), no sideways scrolling on the phone.
 *
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/contacts-top.e2e.test.ts'
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, sidewaysOverflow, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let demo: DemoServer | undefined;
let browser: Browser | undefined;
let api: Api;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const now = new Date();
const from = dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29));
const to = dayOf(now);

before(async () => {
  demo = await startDemoServer('contacts-top');
  api = (await apiAs(demo.baseUrl, 'manager')).api;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close().catch(() => undefined);
  await demo?.stop();
});

/** Holds GET /api/reports/contacts/top until `release()`; records the contacts requests' addresses. */
async function holdTop(page: Page) {
  const asked: string[] = [];
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  page.on('request', (r) => {
    if (r.url().includes('/api/reports/contacts')) asked.push(r.url());
  });
  await page.route('**/api/reports/contacts/top?**', async (route) => {
    await held;
    await route.continue();
  });
  return { asked, release: () => release() };
}

for (const width of [1366, 390]) {
  test(`the operators' table shows before the top lists, which then match the API (ru, ${width} px)`, async () => {
    assert.ok(browser && demo);
    const top = await api('GET', `/reports/contacts/top?from=${from}&to=${to}`);
    assert.equal(top.status, 200);
    assert.ok(top.body.clients.length > 0, 'the demo floor has clients with contacts');
    const report = await api('GET', `/reports/contacts?from=${from}&to=${to}&clients=0`);
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height: 900 } });
    const page = await context.newPage();
    try {
      const gate = await holdTop(page);
      await signIn(page, demo.baseUrl, `/reports?from=${from}&to=${to}`, 'manager');
      const table = page.getByRole('table', { name: 'Контакты по операторам' });
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), report.body.items.length);
      // The top lists are still being counted: their own hint and spinner, no table yet.
      await page.getByTestId('contacts-top-loading').waitFor();
      assert.equal(await page.getByTestId('contacts-clients').count(), 0);
      await page.screenshot({ path: join(ARTIFACTS, `contacts-top-loading-${width}.png`), fullPage: true });
      const contactsAsk = gate.asked.find((u) => new URL(u).pathname === '/api/reports/contacts');
      assert.ok(contactsAsk && new URL(contactsAsk).searchParams.get('clients') === '0', `the operators' report leaves the top lists out: ${gate.asked.join(', ')}`);
      assert.ok(gate.asked.some((u) => new URL(u).pathname === '/api/reports/contacts/top'), 'the top lists are asked for at once');

      gate.release();
      const clients = page.getByTestId('contacts-clients');
      await clients.waitFor();
      await page.getByTestId('contacts-top-loading').waitFor({ state: 'detached' });
      assert.equal(await clients.locator('tbody tr').count(), top.body.clients.length);
      const first = ((await clients.locator('tbody tr').first().textContent()) ?? '').replace(/[\s\u00a0\u202f]/g, '');
      assert.ok(first.includes(top.body.clients[0].clientName.replace(/\s/g, '')), `${first} vs ${top.body.clients[0].clientName}`);
      if (top.body.organizations.length > 0) await page.getByRole('table', { name: 'Организации с наибольшим числом контактов' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, `contacts-top-${width}.png`), fullPage: true });
      if (width < 500) assert.equal(await sidewaysOverflow(page), 0, 'the page does not scroll sideways on a phone');
    } finally {
      await context.close();
    }
  });
}
