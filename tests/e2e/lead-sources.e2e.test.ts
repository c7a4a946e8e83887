/**
 * Website lead sources in a real browser against the real server (demo data, Russian): a manager creates a
 * source on the admin page, copies its snippet, and the snippet pasted into a website (served here by the
 * browser's request interception as http://shop.example.test) sends a lead that becomes a client with the
 * source's name and comes back to the page with a 303. Screenshots at 1366 and 390 px go to tests/artifacts/.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/lead-sources.e2e.test.ts'
 * Needs Chromium at /usr/bin/chromium. The limits below only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs, ARTIFACTS, eventually, launchChromium, sideways, signIn, startDemoServer, type Api, type DemoServer } from '../helpers/e2e';

type LeadSource = { id: number; name: string; token: string; endpoint: string; snippet: string; callbackMinutes: number; origins: string[] };

let server: DemoServer;
let baseUrl = '';
let browser: Browser | undefined;
let managerApi: Api;

const SITE = 'http://shop.example.test';
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

before(async () => {
  server = await startDemoServer('leads');
  baseUrl = server.baseUrl;
  ({ api: managerApi } = await apiAs(baseUrl, 'manager'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

test('a manager creates a lead source, copies its snippet, and the snippet on a website sends a lead', async () => {
  assert.ok(browser);
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1366, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  try {
    await signIn(page, baseUrl, '/admin?tab=leads', 'manager');
    await page.getByRole('tab', { name: 'Источники заявок' }).waitFor();
    await page.getByText('Источников пока нет').waitFor();

    await page.getByRole('button', { name: '+ Новый источник' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Название').fill('Сайт: лендинг');
    await form.getByLabel('Перезвонить в течение, минут').fill('10');
    await form.getByLabel('Сайты, которым разрешено отправлять из браузера (CORS)').fill(SITE);
    await shot(page, 'e2e-lead-sources-form-1366');
    await form.getByRole('button', { name: 'Создать' }).click();

    // The new source's snippet opens at once; "copy" puts exactly the server's snippet on the clipboard.
    const dialog = page.getByRole('dialog', { name: 'Код формы для «Сайт: лендинг»' });
    await dialog.waitFor();
    const [source] = (await managerApi<{ items: LeadSource[] }>('GET', '/lead-sources')).body.items.filter((s) => s.name === 'Сайт: лендинг');
    assert.ok(source);
    assert.equal(source.callbackMinutes, 10);
    assert.deepEqual(source.origins, [SITE]);
    assert.equal(await dialog.getByTestId('lead-endpoint').innerText(), `${baseUrl}/api/leads/${source.token}`);
    await dialog.getByRole('button', { name: 'Скопировать код' }).click();
    await dialog.getByRole('button', { name: '✓ Скопировано' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, source.snippet);
    await shot(page, 'e2e-lead-sources-snippet-1366');
    await dialog.getByRole('button', { name: 'Готово' }).click();
    const row = page.locator('tr[data-lead-source="Сайт: лендинг"]');
    await row.waitFor();
    assert.match(await row.innerText(), /10 мин/);
    assert.match(await row.innerText(), /shop\.example\.test/);
    await shot(page, 'e2e-lead-sources-1366');

    // The copied snippet on the website: a visitor from an ad fills it in and is sent back to the page.
    const site = await context.newPage();
    await site.route(`${SITE}/**`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: route.request().url().includes('/landing') ? `<!doctype html><meta charset="utf-8"><h1>Лендинг</h1>${copied}` : '<!doctype html><meta charset="utf-8"><p>Спасибо</p>' }),
    );
    await site.goto(`${SITE}/landing?utm_source=yandex&utm_campaign=spring`);
    await site.locator('input[name="name"]').fill('Посетитель сайта');
    await site.locator('input[name="phone"]').fill('8 (916) 700-11-22');
    await site.locator('textarea[name="comment"]').fill('Хочу консультацию');
    await Promise.all([site.waitForURL(`${SITE}/landing?utm_source=yandex&utm_campaign=spring`, { waitUntil: 'load' }), site.locator('button[type="submit"]').click()]);
    const clients = await eventually(async () => {
      const res = await managerApi<{ items: { id: number; name: string; source: string }[] }>('GET', `/clients?phone=${encodeURIComponent('+79167001122')}`);
      assert.equal(res.body.items.length, 1);
      return res.body.items;
    });
    assert.equal(clients[0]!.name, 'Посетитель сайта');
    assert.equal(clients[0]!.source, 'Сайт: лендинг');
    const callbacks = (await managerApi<{ items: { dueAt: string; assigneeId: number | null }[] }>('GET', `/callbacks?clientId=${clients[0]!.id}`)).body.items;
    assert.equal(callbacks.length, 1);
    await site.close();

    // The list counts the lead; on a phone nothing scrolls sideways.
    await page.reload();
    await eventually(async () => assert.match(await row.innerText(), /\b1\b/));
    await page.setViewportSize({ width: 390, height: 844 });
    await row.waitFor();
    const fit = await sideways(page);
    assert.equal(fit.scrollWidth - fit.innerWidth, 0, `scrolls sideways: ${fit.culprits.join(', ')}`);
    await shot(page, 'e2e-lead-sources-390');
    await row.getByRole('button', { name: 'Код формы: Сайт: лендинг' }).click();
    await page.getByRole('dialog').waitFor();
    assert.equal((await sideways(page)).scrollWidth - (await sideways(page)).innerWidth, 0);
    await shot(page, 'e2e-lead-sources-snippet-390');
    await page.getByRole('dialog').getByRole('button', { name: 'Готово' }).click();
    await row.getByRole('button', { name: 'Изменить: Сайт: лендинг' }).click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'e2e-lead-sources-form-390');
  } finally {
    await context.close();
  }
});
