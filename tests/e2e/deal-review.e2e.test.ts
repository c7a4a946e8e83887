/**
 * Deal review in a real browser against the real server: an operator's deal past DEAL_REVIEW_THRESHOLD
 * is saved as pending (marked on the card, out of the total and of the client's revenue); a supervisor
 * confirms it from the card and it counts.
 *
 * Run (the SPA build is shared: take the lock):
 *   flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/deal-review.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium; screenshots go to tests/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, launchChromium, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

/** The named admin's password, and the one the test's own users get. */
const PASSWORD = 'violet-harbor-quantum-71';

let server: DemoServer;
let browser: Browser | undefined;
let api: Api;

/** Opens the client's card (the sign-in form first, which then leads there) and its Deals tab. */
async function openDeals(page: Page, clientId: number, login: string) {
  await signIn(page, server.baseUrl, `/clients/${clientId}`, login, PASSWORD);
  try {
    await page.getByRole('tab', { name: 'Сделки' }).click({ timeout: 15_000 });
  } catch (err) {
    await page.screenshot({ path: join(ARTIFACTS, 'deal-review-failed.png'), fullPage: true });
    throw err;
  }
}

before(async () => {
  // A real install (a named admin, no demo), so the only people and clients are the test's own.
  server = await startDemoServer('deals', { DEMO_DATA: '0', ADMIN_LOGIN: 'e2e.admin', ADMIN_PASSWORD: PASSWORD, DEAL_REVIEW_THRESHOLD: '100000' });
  ({ api } = await apiAs(server.baseUrl, 'e2e.admin', PASSWORD));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test("an operator's large deal waits on the card until a supervisor confirms it there", async () => {
  assert.ok(browser);
  for (const [login, role] of [['e2e.operator', 'operator'], ['e2e.supervisor', 'supervisor']] as const) {
    const created = await api('POST', '/users', { login, password: PASSWORD, name: role === 'operator' ? 'Ольга Операторова' : 'Сергей Супервизоров', role });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  const client = await api('POST', '/clients', { name: 'ООО «Крупный заказ»', kind: 'organization' });
  assert.equal(client.status, 201);
  const clientId = client.body.id as number;

  // The operator records a deal past the threshold.
  const opContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 900 } });
  const op = await opContext.newPage();
  await openDeals(op, clientId, 'e2e.operator');
  const form = op.getByRole('form', { name: 'Добавить сделку' });
  await form.getByLabel('Название').fill('Годовой контракт');
  await form.getByLabel('Сумма').fill('150000');
  await form.getByRole('button', { name: 'Добавить сделку' }).click();
  await op.getByText('Сделка сохранена. Она войдёт в выручку клиента, когда её подтвердит супервизор.').waitFor();
  const opTable = op.getByRole('table', { name: 'Сделки' });
  await opTable.getByText('Ждёт подтверждения').waitFor();
  assert.equal(await opTable.getByRole('button', { name: /Подтвердить/ }).count(), 0, 'an operator has no Confirm button');
  assert.doesNotMatch((await opTable.locator('tfoot').innerText()).replace(/\s/g, ''), /150000/, 'the pending deal is not in the total');
  await op.screenshot({ path: join(ARTIFACTS, 'deal-review-operator.png'), fullPage: true });
  assert.equal((await api('GET', `/clients/${clientId}`)).body.revenue, 0);
  await opContext.close();

  // The supervisor confirms it from the card.
  const supContext = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 900 } });
  const sup = await supContext.newPage();
  await openDeals(sup, clientId, 'e2e.supervisor');
  const supTable = sup.getByRole('table', { name: 'Сделки' });
  await supTable.getByRole('button', { name: 'Подтвердить сделку «Годовой контракт»' }).click();
  await supTable.getByText('Ждёт подтверждения').waitFor({ state: 'detached' });
  await sup.waitForFunction(() => /150[\s\u00a0\u202f]?000/.test(document.querySelector('table[aria-label="Сделки"] tfoot')?.textContent ?? ''));
  await sup.screenshot({ path: join(ARTIFACTS, 'deal-review-supervisor.png'), fullPage: true });
  assert.equal((await api('GET', `/clients/${clientId}`)).body.revenue, 150_000);
  await supContext.close();
});
