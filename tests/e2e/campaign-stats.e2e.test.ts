/**
 * A campaign's settings, live figures and calls in a real browser against the real server (demo data,
 * Russian). With the demo PBX: the manager switches a campaign to progressive dialling and changes the
 * wait after "busy" in the Settings dialog; operator1 works one client (the countdown cancelled if it
 * came, "Call" through the campaign, a sale); the supervisor sees operator1's row and the results chart;
 * the manager's "CSV" link gives the results file; saving the settings of a campaign stopped meanwhile
 * says so. Without a PBX: the progressive countdown appears, "Don't dial" stops it, and the automatic
 * call that does go says plainly that the PBX is unavailable.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/campaign-stats.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. Screenshots go to $SHOTS_DIR (default tests/artifacts/). The
 * limits below only stop a hung run; nothing here measures time.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

const SHOTS = process.env.SHOTS_DIR ?? ARTIFACTS;
const WIDE = { width: 1366, height: 800 };
const PHONE = { width: 390, height: 844 };

let browser: Browser | undefined;
const servers: DemoServer[] = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  for (const s of servers) await s.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Nothing sticks out sideways (once the charts have followed a change of the window's size). */
async function fitsWidth(page: Page) {
  await eventually(async () => {
    const wide = await sideways(page);
    assert.ok(wide.scrollWidth <= wide.innerWidth, `nothing sticks out at ${wide.innerWidth} px: ${wide.culprits.join(', ')}`);
  }, 5_000);
}

function context(): Promise<BrowserContext> {
  assert.ok(browser);
  return browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: WIDE, acceptDownloads: true });
}

/** A demo tag with at least three clients. */
async function demoTag(api: Api): Promise<string> {
  for (const candidate of ['vip', 'wholesale', 'retail', 'partner', 'newsletter']) {
    const res = await api<{ total: number }>('GET', `/clients?tag=${candidate}&limit=1`);
    if (res.body.total >= 3) return candidate;
  }
  assert.fail('a demo tag with at least three clients');
}

/** A running campaign over the tag's clients, callable at any hour, worked by operator1 (user 4 in the demo) alone. */
async function runningCampaign(api: Api, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const me = await apiAs(baseOf(api), 'operator1');
  const op = await me.api<{ user: { id: number } }>('GET', '/auth/me');
  const created = await api<{ id: number }>('POST', '/campaigns', { name, filter: { tag: await demoTag(api) }, callingHours: { from: '00:00', to: '24:00' }, operatorIds: [op.body.user.id], ...extra });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await api('POST', `/campaigns/${created.body.id}/start`)).status, 200);
  return created.body.id;
}
const bases = new WeakMap<Api, string>();
const baseOf = (api: Api) => bases.get(api)!;

/** On the console: operator1 becomes Available (its own button), so a progressive campaign may dial by itself. */
async function becomeAvailable(page: Page) {
  const state = page.getByTestId('agent-state');
  await state.waitFor();
  if ((await state.getAttribute('data-state')) !== 'available') await page.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Доступен' }).click();
  await page.locator('[data-testid="agent-state"][data-state="available"]').waitFor();
}

test('with the demo PBX: progressive settings, an operator works a client, the live table and chart, the results file, a stopped campaign refuses changes', async () => {
  const server = await startDemoServer('campaign-stats', { DEMO_PBX: '1' });
  servers.push(server);
  const { baseUrl } = server;
  const { api: managerApi } = await apiAs(baseUrl, 'manager');
  bases.set(managerApi, baseUrl);
  const id = await runningCampaign(managerApi, 'Продление: автонабор');

  // The manager's Settings: progressive, 30 minutes after "busy".
  const ctx = await context();
  const page = await ctx.newPage();
  try {
    await signIn(page, baseUrl, `/campaigns/${id}`, 'manager');
    await page.getByRole('heading', { name: 'Продление: автонабор', level: 1 }).waitFor();
    assert.equal(await page.getByTestId('campaign-mode').innerText(), 'Предпросмотр');
    await page.getByRole('button', { name: 'Настройки' }).click();
    const dialog = page.getByRole('dialog', { name: 'Настройки обзвона' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /Автонабор/ }).check();
    const busy = dialog.locator('[data-code="busy"] input');
    assert.equal(await busy.inputValue(), '15', 'the server’s default wait after busy');
    await busy.fill('30');
    await shot(page, 'campaign-settings-1366');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => assert.equal(await page.getByTestId('campaign-mode').innerText(), 'Автонабор'));
    const saved = await managerApi<{ mode: string; retry: Record<string, number> }>('GET', `/campaigns/${id}`);
    assert.equal(saved.body.mode, 'progressive');
    assert.equal(saved.body.retry.busy, 30);
    assert.equal(saved.body.retry.no_answer, 120, 'the other waits stay');
  } finally {
    await ctx.close();
  }

  // operator1 works one client: the countdown (when they are free for it) is cancelled, then Call by hand, then a sale.
  const opCtx = await context();
  const op = await opCtx.newPage();
  let clientName = '';
  try {
    await signIn(op, baseUrl, `/campaigns/${id}/work`, 'operator1');
    await op.getByRole('button', { name: 'Следующий клиент' }).click();
    const entry = op.getByTestId('campaign-entry');
    await entry.waitFor();
    clientName = await op.locator('#campaign-client-name').innerText();
    // The demo's calls keep operator1 busy at times: the screen either counts down or says why it waits.
    const countdown = op.getByTestId('campaign-countdown');
    const hold = op.getByTestId('campaign-auto-hold');
    await countdown.or(hold).first().waitFor();
    if (await countdown.isVisible()) await op.getByRole('button', { name: 'Не звонить' }).click();
    await countdown.waitFor({ state: 'detached' });
    await entry.getByRole('button', { name: 'Позвонить' }).click();
    await entry.getByTestId('campaign-call-status').waitFor();
    assert.equal(await entry.getByTestId('campaign-call-error').count(), 0);
    await op.getByLabel('Результат *').selectOption('sale');
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    await eventually(async () => assert.notEqual(await op.locator('#campaign-client-name').innerText({ timeout: 1000 }), clientName));
  } finally {
    await opCtx.close();
  }

  // The supervisor: operator1's row and the results chart, read again by themselves.
  const supCtx = await context();
  const sup = await supCtx.newPage();
  try {
    await signIn(sup, baseUrl, `/campaigns/${id}`, 'supervisor');
    const row = sup.getByTestId('campaign-operators').locator('tbody tr').filter({ hasText: 'Михаил Волков' });
    await row.waitFor();
    const cells = await row.locator('td.num').allInnerTexts();
    assert.deepEqual(cells.slice(0, 5), ['1', '1', '1', '1', '1'], 'attempts, reached, effective, sales, done');
    const chart = sup.getByTestId('campaign-results-chart');
    await chart.waitFor();
    assert.match((await chart.getAttribute('aria-label')) ?? '', /Продажа: 1/);
    await chart.getByText('Продажа').first().waitFor();
    assert.equal(await sup.getByTestId('campaign-export-csv').count(), 0, 'the file is the managers’');
    assert.equal(await sup.getByRole('button', { name: 'Настройки' }).count(), 0);
  } finally {
    await supCtx.close();
  }

  // The manager: the same figures, and the CSV link gives the results file (fetched with the page's session).
  const mCtx = await context();
  const m = await mCtx.newPage();
  try {
    await signIn(m, baseUrl, `/campaigns/${id}`, 'manager');
    await m.getByTestId('campaign-operators').getByText('Михаил Волков').waitFor();
    await m.getByTestId('campaign-results-chart').waitFor();
    await eventually(async () => assert.equal(await m.getByTestId('campaign-sales').innerText(), '1'));
    await fitsWidth(m);
    await shot(m, 'campaign-detail-1366');
    const href = await m.getByTestId('campaign-export-csv').getAttribute('href');
    assert.ok(href);
    const file = await m.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type') ?? '', text: await r.text() };
    }, href);
    assert.equal(file.status, 200);
    assert.match(file.type, /text\/csv/);
    assert.match(file.text, /client_id/);
    assert.ok(file.text.includes(clientName), 'the worked client is in the file');
    assert.match(file.text, /sale/);
    const download = m.waitForEvent('download');
    await m.getByTestId('campaign-export-csv').click();
    assert.equal((await download).suggestedFilename(), `campaign-${id}-results.csv`);
    await m.setViewportSize(PHONE);
    await fitsWidth(m);
    await shot(m, 'campaign-detail-390');
    await m.getByRole('button', { name: 'Настройки' }).click();
    await m.getByRole('dialog', { name: 'Настройки обзвона' }).waitFor();
    await fitsWidth(m);
    await shot(m, 'campaign-settings-390');

    // Stopped while the dialog is open: saving says so (409), nothing else.
    const other = await runningCampaign(managerApi, 'Остановят на ходу');
    await m.setViewportSize(WIDE);
    await m.goto(`${baseUrl}/campaigns/${other}`);
    await m.getByRole('button', { name: 'Настройки' }).click();
    const dialog = m.getByRole('dialog', { name: 'Настройки обзвона' });
    await dialog.getByLabel('Название *').fill('Новое имя');
    assert.equal((await managerApi('POST', `/campaigns/${other}/stop`)).status, 200);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.getByText('Обзвон остановлен: его настройки больше нельзя менять.').waitFor();
  } finally {
    await mCtx.close();
  }
});

test('without a PBX: the progressive countdown appears, "Don\'t dial" stops it, an automatic call says the PBX is unavailable', async () => {
  const server = await startDemoServer('campaign-countdown');
  servers.push(server);
  const { baseUrl } = server;
  const { api: managerApi } = await apiAs(baseUrl, 'manager');
  bases.set(managerApi, baseUrl);
  const id = await runningCampaign(managerApi, 'Автонабор без АТС', { mode: 'progressive' });

  const ctx = await context();
  const op = await ctx.newPage();
  try {
    await signIn(op, baseUrl, '/console', 'operator1');
    await becomeAvailable(op);
    await op.goto(`${baseUrl}/campaigns/${id}/work`);
    await op.getByText('Автонабор', { exact: true }).waitFor();
    await op.getByRole('button', { name: 'Следующий клиент' }).click();
    const countdown = op.getByTestId('campaign-countdown');
    await countdown.waitFor();
    assert.match(await countdown.innerText(), /Звоним через \d с…/);
    await shot(op, 'campaign-work-progressive-1366');
    await op.getByRole('button', { name: 'Не звонить' }).click();
    await countdown.waitFor({ state: 'detached' });
    await op.getByText('Автонабор для этого клиента отменён').waitFor();
    assert.equal(await op.getByTestId('campaign-call-error').count(), 0, 'nothing was dialled');

    // The next client: this time the countdown runs out and the call goes, to no PBX.
    await op.getByLabel('Результат *').selectOption('no_answer');
    await op.getByRole('button', { name: 'Сохранить и дальше' }).click();
    await countdown.waitFor();
    await op.setViewportSize(PHONE);
    await fitsWidth(op);
    await shot(op, 'campaign-work-progressive-390');
    const error = op.getByTestId('campaign-call-error');
    await error.waitFor({ timeout: 15_000 });
    assert.equal(await error.getAttribute('data-code'), 'pbx_unavailable');
    assert.match(await error.innerText(), /АТС сейчас недоступна/);
    await fitsWidth(op);
    await shot(op, 'campaign-work-pbx-down-390');

    // On a break the screen does not dial by itself and says why.
    await op.setViewportSize(WIDE);
    await op.goto(`${baseUrl}/console`);
    await op.getByRole('group', { name: 'Сменить статус' }).getByRole('button', { name: 'Перерыв' }).click();
    await op.locator('[data-testid="agent-state"][data-state="break"]').waitFor();
    // Within the app, not a reload: /auth/me may still read the state saved a moment before the break.
    await op.locator('#main-nav').getByRole('link', { name: 'Обзвоны' }).click();
    await op.locator(`li.campaign-card[data-campaign-id="${id}"]`).getByRole('link', { name: 'Работать' }).click();
    await op.getByRole('button', { name: 'Следующий клиент' }).click();
    const hold = op.getByTestId('campaign-auto-hold');
    await hold.waitFor().catch(async (err: unknown) => {
      await shot(op, 'debug-break');
      throw err;
    });
    assert.equal(await hold.getAttribute('data-hold'), 'break');
    assert.equal(await op.getByTestId('campaign-countdown').count(), 0);
    await shot(op, 'campaign-work-break-1366');
  } finally {
    await ctx.close();
  }
});
