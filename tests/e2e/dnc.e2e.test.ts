/**
 * The do-not-call list in a real browser against the real server (demo data, Russian): a supervisor adds
 * a demo client's number on the "Не звонить" page, the client's card shows the "Не звонить" badge, and an
 * operator's click-to-call on that card is refused with the reason. An operator ticks "do not call" in a
 * call's wrap-up (a simulated Asterisk plays the call) and the caller's number is on the list. A manager, on the administration's tab,
 * imports a file with a bad row and removes a number.
 * Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/dnc.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { apiAs, ARTIFACTS, eventually, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type Client = { id: number; name: string; phones: { e164: string | null; raw: string }[] };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;
let sim: AmiServer | undefined;
const STEP_LIMIT_MS = 20_000;

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

before(async () => {
  // A simulated Asterisk: an operator's call ends in the wrap-up, where the number is put on the list.
  sim = new AmiServer({ username: 'crm', secret: 'e2e', speed: 1 });
  const amiPort = await sim.listen(0);
  server = await startDemoServer('dnc', { AMI_URL: `ami://crm:e2e@127.0.0.1:${amiPort}` }, { pbxConnected: true });
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
  await sim?.close().catch(() => undefined);
});

/** A demo client with a parsed number that is not on the list yet (the demo lists a few). */
async function demoClient(offset: number): Promise<Client & { e164: string }> {
  const page = await managerApi<{ items: Client[] }>('GET', `/clients?limit=50&offset=${offset}`);
  assert.equal(page.status, 200);
  for (const client of page.body.items) {
    const e164 = client.phones[0]?.e164;
    if (!e164) continue;
    const listed = await managerApi<{ blocked: boolean }>('GET', `/dnc/check?phone=${encodeURIComponent(e164)}`);
    if (!listed.body.blocked) return { ...client, e164 };
  }
  throw new Error('no demo client with a number off the list');
}

test('a supervisor adds a client’s number on the page; the card shows the badge; click-to-call is refused with the reason', async () => {
  assert.ok(browser);
  const client = await demoClient(0);
  const local = `8 ${client.e164.slice(2, 5)} ${client.e164.slice(5, 8)}-${client.e164.slice(8, 10)}-${client.e164.slice(10)}`;
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/wallboard', 'supervisor');
    await page.getByRole('link', { name: 'Не звонить' }).click();
    await page.getByRole('heading', { name: 'Не звонить', level: 1 }).waitFor();
    // The demo lists a few numbers already.
    await page.locator('tr[data-dnc-phone]').first().waitFor();
    // Supervisors add and read; removing, import and export are the managers'.
    assert.equal(await page.getByRole('button', { name: 'Загрузить файл' }).count(), 0);

    await page.getByLabel('Номер *').fill(local);
    await page.getByLabel('Причина').fill('Просил больше не звонить');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    const row = page.locator(`tr[data-dnc-phone="${client.e164}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Просил больше не звонить/);
    assert.match(text, /вручную/);
    assert.match(text, /Виктор Зайцев/);
    await page.getByText(/добавлен в список/).waitFor();

    // The same number again, written another way: "already on the list", still one row.
    await page.getByLabel('Номер *').fill(client.e164);
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText(/уже был в списке/).waitFor();
    assert.equal(await page.locator(`tr[data-dnc-phone="${client.e164}"]`).count(), 1);
    assert.equal((await sideways(page)).scrollWidth <= 1366, true);
    await shot(page, 'e2e-dnc-1366');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await row.waitFor();
    const wide = await sideways(page);
    assert.ok(wide.scrollWidth <= wide.innerWidth, `nothing sticks out at 390 px: ${wide.culprits.join(', ')}`);
    await shot(page, 'e2e-dnc-390');

    // Search by digits finds it; by something else, nothing.
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole('searchbox', { name: 'Поиск по номеру или причине' }).fill(client.e164.slice(-6));
    await row.waitFor();
    await page.getByRole('searchbox', { name: 'Поиск по номеру или причине' }).fill('нет такой причины');
    await page.getByText('Ничего не найдено').waitFor();

    // The client's card: the badge, with the reason in its title.
    await page.goto(`${baseUrl}/clients/${client.id}`);
    const badge = page.getByTestId('dnc-badge');
    await badge.waitFor();
    assert.equal(await badge.innerText(), '⊘ Не звонить');
    assert.equal(await badge.locator('.badge').getAttribute('title'), 'В списке «Не звонить»: Просил больше не звонить');
    await shot(page, 'e2e-dnc-card-1366');
  } finally {
    await context.close();
  }

  // An operator (extension 101 on the demo floor) presses "Call" on the card: refused, with the reason.
  const opContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 390, height: 844 } });
  const opPage = await opContext.newPage();
  try {
    await signIn(opPage, baseUrl, `/clients/${client.id}`, 'operator1');
    await opPage.getByTestId('dnc-badge').waitFor();
    await opPage.getByRole('button', { name: new RegExp(`^Позвонить`) }).first().click();
    const refusal = opPage.getByRole('alert').filter({ hasText: 'Номер в списке «Не звонить»: Просил больше не звонить' });
    await refusal.waitFor();
    await shot(opPage, 'e2e-dnc-refused-390');
  } finally {
    await opContext.close();
  }
});

test('a manager imports a file with a bad row, sees the report, and removes a number', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    // Managers find the list as a tab of the administration (their menu has no room for one more item).
    await signIn(page, baseUrl, '/admin', 'manager');
    await page.getByRole('tab', { name: 'Не звонить' }).click();
    await page.getByTestId('dnc-panel').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Не звонить' }).count(), 0);
    await page.getByRole('link', { name: 'Выгрузить CSV' }).waitFor();
    await page.getByTestId('dnc-import-file').setInputFiles({ name: 'dnc.csv', mimeType: 'text/csv', buffer: Buffer.from('Телефон;Причина\n+7 916 000-11-22;жалоба\nне номер;\n', 'utf8') });
    await page.getByText('Строк прочитано: 2. Добавлено: 1, уже в списке: 0, отклонено: 1.').waitFor();
    assert.match(await page.getByTestId('dnc-import-errors').innerText(), /Строка 3: не номер — не номер телефона/);
    const row = page.locator('tr[data-dnc-phone="+79160001122"]');
    await row.waitFor();
    await shot(page, 'e2e-dnc-import-1366');

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /^Удалить/ }).click();
    await page.getByText(/удалён из списка/).waitFor();
    await eventually(async () => assert.equal(await row.count(), 0));
    const check = await managerApi<{ blocked: boolean }>('GET', `/dnc/check?phone=${encodeURIComponent('+79160001122')}`);
    assert.equal(check.body.blocked, false);
  } finally {
    await context.close();
  }
});

test('an operator ticks "do not call" in a call\'s wrap-up: the caller\'s number goes on the list with the reason and the client', async () => {
  assert.ok(browser && sim);
  const client = await demoClient(100);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/console', 'operator4');
    await page.locator('[data-testid="connection-status"][data-status="live"]').waitFor({ timeout: STEP_LIMIT_MS });
    const state = page.getByTestId('agent-state');
    await state.waitFor();
    if ((await state.getAttribute('data-state')) !== 'available') await page.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Доступен' }).click();
    await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor({ timeout: STEP_LIMIT_MS });

    await sim.play(inboundCall(sim.pbx, { caller: { number: client.e164, name: '' }, attempts: [{ ext: '104', ringMs: 1_000, answered: true }], talkMs: 2_000 }, sim.clock.now()));
    const wrapUp = page.getByTestId('wrap-up');
    await wrapUp.waitFor({ timeout: STEP_LIMIT_MS });
    await page.getByTestId('pop-client-name').getByText(client.name).waitFor();
    await wrapUp.getByLabel('Результат').selectOption({ label: 'Не заинтересован' });
    await wrapUp.getByLabel('Больше не звонить на этот номер').check();
    await wrapUp.getByLabel('Причина').fill('Попросил удалить номер');
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-dnc-wrap-up-1366.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await wrapUp.getByLabel('Больше не звонить на этот номер').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'e2e-dnc-wrap-up-390.png'), fullPage: true });
    await wrapUp.getByRole('button', { name: 'Сохранить итог' }).click();
    await page.getByText('Итог звонка сохранён.').waitFor({ timeout: STEP_LIMIT_MS });

    const list = await managerApi<{ items: { phone: string; reason: string; source: string; clientId: number | null }[] }>('GET', `/dnc?q=${encodeURIComponent(client.e164.slice(1))}`);
    assert.deepEqual(list.body.items.map((e) => [e.phone, e.reason, e.source, e.clientId]), [[client.e164, 'Попросил удалить номер', 'wrap_up', client.id]]);
    // The pop shows the badge now that the number is on the list (the card reads the list again).
    await page.goto(`${baseUrl}/clients/${client.id}`);
    await page.getByTestId('dnc-badge').waitFor();
  } finally {
    await context.close();
  }
});
