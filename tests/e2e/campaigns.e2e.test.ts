/**
 * Outbound campaigns in a real browser against the real server (demo data, Russian): the demo manager
 * creates a campaign from a tag with calling hours 00:00–24:00 in the "Новый обзвон" dialog and starts it;
 * operator1 opens it from their campaign list, presses "Следующий клиент", sees the client's card and the
 * filled script, records a result and gets the next client at once; the manager's detail shows the
 * progress. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/campaigns.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

before(async () => {
  server = await startDemoServer('campaigns');
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

async function fitsWidth(page: Page) {
  const wide = await sideways(page);
  assert.ok(wide.scrollWidth <= wide.innerWidth, `nothing sticks out at ${wide.innerWidth} px: ${wide.culprits.join(', ')}`);
}

test('a manager creates and starts a campaign from a tag; operator1 works it: Next, the card and script, a result, the next client', async () => {
  assert.ok(browser);
  // A demo tag with a few clients.
  let tag = '';
  let total = 0;
  for (const candidate of ['vip', 'wholesale', 'retail', 'partner', 'newsletter']) {
    const res = await managerApi<{ total: number }>('GET', `/clients?tag=${candidate}&limit=1`);
    if (res.body.total >= 3) {
      tag = candidate;
      total = res.body.total;
      break;
    }
  }
  assert.ok(tag, 'a demo tag with at least three clients');

  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  let campaignId = 0;
  try {
    // Managers run campaigns from a tab of the administration (their menu is full at 1366 px and still fits).
    await signIn(page, baseUrl, '/clients', 'manager');
    assert.equal(await page.locator('#main-nav').getByRole('link', { name: 'Обзвоны' }).count(), 0);
    const nav = await page.locator('#main-nav').evaluate((n) => ({ scroll: n.scrollWidth, client: n.clientWidth }));
    assert.ok(nav.scroll <= nav.client, `the manager's menu fits at 1366 px: ${JSON.stringify(nav)}`);
    await page.getByRole('link', { name: 'Администрирование' }).click();
    await page.getByRole('tab', { name: 'Обзвоны' }).click();
    await page.getByTestId('campaigns-panel').waitFor();
    await page.getByRole('button', { name: 'Новый обзвон' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый обзвон' });
    await dialog.waitFor();
    await dialog.getByLabel('Название *').fill('Обзвон VIP, декабрь');
    await dialog.getByRole('searchbox', { name: 'Метки' }).fill(tag);
    await dialog.getByText(`Клиентов сейчас: ${total}`).waitFor();
    await dialog.getByLabel('Звонить с').selectOption('00:00');
    await dialog.getByLabel('до', { exact: true }).selectOption('24:00');
    await dialog.getByLabel('Скрипт разговора').fill('Добрый день, {{name}}! Звоню по поводу продления договора.');
    await shot(page, 'e2e-campaigns-new-1366');
    await dialog.getByRole('button', { name: 'Создать' }).click();
    await page.getByText(`Обзвон «Обзвон VIP, декабрь» создан: клиентов ${total}.`).waitFor();
    const card = page.locator('li.campaign-card').filter({ hasText: 'Обзвон VIP, декабрь' });
    campaignId = Number(await card.getAttribute('data-campaign-id'));
    assert.ok(campaignId > 0);
    await card.getByText('Черновик').waitFor();
    await card.getByRole('button', { name: 'Запустить' }).click();
    await card.getByText('Идёт').waitFor();
    await card.getByRole('button', { name: 'Пауза' }).waitFor();
    await card.getByText(`Готово 0 из ${total}`).waitFor();
    await fitsWidth(page);
    await shot(page, 'e2e-campaigns-list-1366');
    const saved = await managerApi<{ callingHours: { from: string; to: string }; filter: Record<string, string>; status: string }>('GET', `/campaigns/${campaignId}`);
    assert.deepEqual(saved.body.callingHours, { from: '00:00', to: '24:00' });
    assert.deepEqual(saved.body.filter, { tag });
    assert.equal(saved.body.status, 'running');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await card.waitFor();
    await fitsWidth(page);
    await shot(page, 'e2e-campaigns-list-390');
  } finally {
    await context.close();
  }

  // operator1 works it.
  const opContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const op = await opContext.newPage();
  try {
    await signIn(op, baseUrl, '/campaigns', 'operator1');
    const card = op.locator(`li.campaign-card[data-campaign-id="${campaignId}"]`);
    await card.waitFor();
    assert.equal(await op.getByRole('button', { name: 'Новый обзвон' }).count(), 0, 'operators do not create campaigns');
    assert.equal(await card.getByRole('button', { name: 'Пауза' }).count(), 0, 'nor pause them');
    await card.getByRole('link', { name: 'Работать' }).click();
    await op.getByRole('heading', { name: 'Работа по обзвону: Обзвон VIP, декабрь' }).waitFor();
    await op.getByText('Нажмите «Следующий клиент»').waitFor();
    await op.getByRole('button', { name: 'Следующий клиент' }).click();
    const entry = op.getByTestId('campaign-entry');
    await entry.waitFor();
    const firstId = await entry.getAttribute('data-entry-id');
    const name = await op.locator('#campaign-client-name').innerText();
    assert.ok(name.length > 0);
    assert.equal(await op.getByTestId('campaign-script').innerText(), `Добрый день, ${name}! Звоню по поводу продления договора.`);
    await entry.getByText(tag, { exact: true }).waitFor();
    assert.ok((await entry.getByRole('button', { name: /^Позвонить/ }).count()) > 0, 'a call button for the client’s number');
    await shot(op, 'e2e-campaigns-work-1366');

    // No result picked: the form says so and nothing is sent.
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    await op.getByText('Выберите результат', { exact: true }).waitFor();
    await op.getByLabel('Результат *').selectOption('not_interested');
    await op.getByLabel('Заметка').fill('Не актуально до весны');
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    // The next client comes by itself.
    await eventually(async () => {
      const id = await op.getByTestId('campaign-entry').getAttribute('data-entry-id', { timeout: 1000 });
      assert.ok(id && id !== firstId, 'another client');
    });
    await op.getByText(`Готово 1 из ${total}`).waitFor();
    const progress = await managerApi<{ progress: { done: number; reached: number; inProgress: number } }>('GET', `/campaigns/${campaignId}`);
    assert.equal(progress.body.progress.done, 1, 'not interested ends the client’s part');
    assert.equal(progress.body.progress.reached, 1);
    assert.equal(progress.body.progress.inProgress, 1, 'the next one is held for operator1');

    // "Call me back": the time is asked for, then the callback is promised and the next client comes.
    const secondId = await op.getByTestId('campaign-entry').getAttribute('data-entry-id');
    await op.getByLabel('Результат *').selectOption('callback_promised');
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    await op.getByText('Укажите время перезвона (в будущем)').waitFor();
    await op.getByLabel('Перезвонить в *').fill(`${new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10)}T12:00`);
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    await eventually(async () => {
      const id = await op.getByTestId('campaign-entry').getAttribute('data-entry-id', { timeout: 1000 });
      assert.ok(id && id !== secondId && id !== firstId, 'a third client');
    });
    await op.getByText(`Готово 2 из ${total}`).waitFor();

    // Skipping asks for a reason.
    await op.getByRole('button', { name: 'Пропустить' }).click();
    await op.getByRole('button', { name: 'Пропустить' }).click();
    await op.getByText('Нужна причина').waitFor();

    await op.setViewportSize({ width: 390, height: 844 });
    await fitsWidth(op);
    await shot(op, 'e2e-campaigns-work-390');
  } finally {
    await opContext.close();
  }

  // A supervisor finds the campaign in the menu and watches it (no buttons to run it).
  const supContext = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const sup = await supContext.newPage();
  try {
    await signIn(sup, baseUrl, '/wallboard', 'supervisor');
    await sup.locator('#main-nav').getByRole('link', { name: 'Обзвоны' }).click();
    const card = sup.locator(`li.campaign-card[data-campaign-id="${campaignId}"]`);
    await card.getByText(`Готово 2 из ${total}`).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Пауза' }).count(), 0);
    assert.equal(await sup.getByRole('button', { name: 'Новый обзвон' }).count(), 0);
    await card.getByRole('link', { name: 'Ход обзвона' }).click();
    await sup.getByRole('heading', { name: 'Обзвон VIP, декабрь', level: 1 }).waitFor();
  } finally {
    await supContext.close();
  }

  // The manager's detail: the progress, read again every few seconds.
  const detail = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  const page2 = await detail.newPage();
  try {
    await signIn(page2, baseUrl, `/campaigns/${campaignId}`, 'manager');
    await page2.getByRole('heading', { name: 'Обзвон VIP, декабрь', level: 1 }).waitFor();
    await page2.getByText(`Готово 2 из ${total}`).waitFor();
    await page2.getByText('00:00–24:00 по времени клиента').waitFor();
    await fitsWidth(page2);
    await shot(page2, 'e2e-campaigns-detail-1366');
    await page2.getByRole('button', { name: 'Пауза' }).click();
    await page2.getByText('На паузе').first().waitFor();
    await page2.setViewportSize({ width: 390, height: 844 });
    await fitsWidth(page2);
    await shot(page2, 'e2e-campaigns-detail-390');
  } finally {
    await detail.close();
  }

  // operator1 again: the paused campaign says so; a campaign with nobody to call now says that.
  const moscowDay = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Moscow', weekday: 'short' }).format(new Date())) + 1;
  assert.ok(moscowDay > 0);
  // Three days from today (Moscow): no client's local date is that day now, in any zone.
  const farDay = ((moscowDay + 2) % 7) + 1;
  const idle = await managerApi<{ id: number }>('POST', '/campaigns', { name: 'Не сегодня', filter: { tag }, callingHours: { from: '00:00', to: '24:00' }, days: [farDay] });
  assert.equal(idle.status, 201, JSON.stringify(idle.body));
  assert.equal((await managerApi('POST', `/campaigns/${idle.body.id}/start`)).status, 200);
  const again = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 390, height: 844 } });
  const op2 = await again.newPage();
  try {
    await signIn(op2, baseUrl, `/campaigns/${campaignId}/work`, 'operator1');
    await op2.getByText('Обзвон на паузе. Подождите, пока менеджер его продолжит.').waitFor();
    assert.equal(await op2.getByRole('button', { name: 'Следующий клиент' }).isDisabled(), true);
    await shot(op2, 'e2e-campaigns-paused-390');
    await op2.goto(`${baseUrl}/campaigns/${idle.body.id}/work`);
    await op2.getByRole('button', { name: 'Следующий клиент' }).click();
    await op2.getByText('Сейчас некому звонить: вне часов звонков или список закончился.').waitFor();
    await fitsWidth(op2);
    await shot(op2, 'e2e-campaigns-nobody-390');
  } finally {
    await again.close();
  }
});
